/**
 * The in-memory state of the study history: an event-applying state machine shared by both stores.
 *
 * Everything here costs O(1) per event whatever the length of the history:
 * - day stats are packed into one Int32 per (day, person) in a typed array per day;
 * - "last seen" is a Uint16 day number per (person, question) in a typed array per person;
 * - full quizzes and answers are kept only for recent days (older ones live in the journal).
 * The lowdb store appends each event to a journal before applying it and snapshots this state.
 */
import { type QuizDay, addDays, dayFromNumber, dayNumber } from '../core/quiz-day.js';
import type { AnswerRecord, DailyQuiz, DayStats, JobRun, OutboxItem, OutboxRecord, OutboxResult, WrongAnswer } from './model.js';
import { type InboxEvent, type InboxRecord, type InboxSnapshot, InboxState, isInboxEvent } from './inbox-state.js';
import { LawTally, type TallyEntry } from './law-tally.js';
import { EMPTY_DAY } from './model.js';
import { type ExamEvent, type ExamSnapshot, ExamState, isExamEvent } from './exam-state.js';

export type HistoryEvent =
  | { readonly t: 'quiz'; readonly quiz: DailyQuiz }
  | { readonly t: 'answer'; readonly a: AnswerRecord }
  | { readonly t: 'done'; readonly p: string; readonly d: QuizDay; readonly bonus: number }
  | InboxEvent
  | { readonly t: 'job'; readonly run: JobRun }
  | { readonly t: 'out'; readonly item: OutboxItem }
  | { readonly t: 'sent'; readonly r: OutboxResult }
  | { readonly t: 'retry'; readonly id: string; readonly next?: string; readonly err?: string }
  | { readonly t: 'revive'; readonly ids: readonly string[] }
  | ExamEvent;

/** An outbox item the outbox has finished with; a given-up one keeps the whole item so a re-run can send it. */
export interface SettledOutbox {
  readonly record: OutboxRecord;
  readonly item?: OutboxItem;
}

/** Days of full quiz/answer detail and message claims kept in memory. */
const RECENT_DAYS = 3;
const WRONG_KEPT = 50;

// Packed day stats: answered 4 bits | correct 4 bits | answerPoints 8 bits | bonus 4 bits | completed 1 bit
export function packDay(s: DayStats): number {
  return (
    Math.min(s.answered, 15) |
    (Math.min(s.correct, 15) << 4) |
    (Math.min(s.answerPoints, 255) << 8) |
    (Math.min(s.bonus, 15) << 16) |
    ((s.completed ? 1 : 0) << 20)
  );
}
/** Unpacked values are immutable and few distinct ones occur, so they are shared (reports read millions). */
const unpacked = new Map<number, DayStats>();
export function unpackDay(v: number): DayStats {
  if (v === 0) return EMPTY_DAY;
  let s = unpacked.get(v);
  if (!s) {
    s = Object.freeze({ answered: v & 15, correct: (v >> 4) & 15, answerPoints: (v >> 8) & 255, bonus: (v >> 16) & 15, completed: ((v >> 20) & 1) === 1 });
    if (unpacked.size < 100_000) unpacked.set(v, s);
  }
  return s;
}

export interface HistorySnapshot extends InboxSnapshot {
  readonly people: readonly string[];
  readonly questions: readonly string[];
  readonly days: Readonly<Record<string, string>>;
  readonly seen: readonly string[];
  readonly wrong: Readonly<Record<string, readonly WrongAnswer[]>>;
  readonly quizzes: readonly DailyQuiz[];
  readonly answers: readonly AnswerRecord[];
  readonly jobRuns?: readonly JobRun[];
  readonly outbox?: readonly OutboxItem[];
  /** Settled ids (written before per-recipient accounting; read for compatibility). */
  readonly settled?: Readonly<Record<string, string>>;
  readonly outboxSettled?: readonly SettledOutbox[];
  readonly laws?: ReturnType<LawTally['snapshot']>;
  readonly exams?: ExamSnapshot;
}

export class HistoryState {
  private readonly personIndex = new Map<string, number>();
  private readonly people: string[] = [];
  private readonly questionIndex = new Map<string, number>();
  private readonly questions: string[] = [];
  private readonly days = new Map<QuizDay, Int32Array>();
  private seen: Uint16Array[] = [];
  private readonly wrong = new Map<string, WrongAnswer[]>();
  private readonly quizzes = new Map<string, DailyQuiz>();
  private readonly answers = new Map<string, AnswerRecord[]>();
  private readonly jobRuns = new Map<string, JobRun>();
  private readonly outbox = new Map<string, OutboxItem>();
  private readonly settled = new Map<string, SettledOutbox>();
  /** Message claims and the durable inbox (pending and parked messages). */
  private inbox = new InboxState();
  private laws = new LawTally();
  private latestDay = 0;
  /** Exams, attempts and saved answers (never pruned: reports and re-derivation need them all). */
  exams = new ExamState();

  apply(e: HistoryEvent): void {
    if (isInboxEvent(e)) {
      this.inbox.apply(e);
      return;
    }
    if (isExamEvent(e)) {
      this.exams.apply(e);
      return;
    }
    switch (e.t) {
      case 'quiz': {
        const key = `${e.quiz.personId}|${e.quiz.day}`;
        if (this.quizzes.has(key)) return;
        this.quizzes.set(key, e.quiz);
        this.touchDay(e.quiz.day);
        const p = this.person(e.quiz.personId);
        const n = dayNumber(e.quiz.day) + 1;
        for (const item of e.quiz.items) {
          const q = this.question(item.questionId);
          const row = this.seenRow(p, q);
          row[q] = n;
        }
        return;
      }
      case 'answer': {
        const key = `${e.a.personId}|${e.a.day}`;
        const list = this.answers.get(key) ?? [];
        if (list.some((x) => x.index === e.a.index)) return;
        list.push(e.a);
        this.answers.set(key, list);
        const s = this.stats(e.a.personId, e.a.day);
        this.setStats(e.a.personId, e.a.day, {
          ...s,
          answered: s.answered + 1,
          correct: s.correct + (e.a.correct ? 1 : 0),
          answerPoints: s.answerPoints + e.a.points,
        });
        this.laws.add(e.a);
        if (!e.a.correct) {
          const w = this.wrong.get(e.a.personId) ?? [];
          w.unshift({ questionId: e.a.questionId, chosen: e.a.chosen, day: e.a.day, ...(e.a.order ? { order: e.a.order } : {}) });
          if (w.length > WRONG_KEPT) w.length = WRONG_KEPT;
          this.wrong.set(e.a.personId, w);
        }
        return;
      }
      case 'done': {
        const s = this.stats(e.p, e.d);
        if (!s.completed) this.setStats(e.p, e.d, { ...s, completed: true, bonus: e.bonus });
        return;
      }
      case 'job':
        this.jobRuns.set(`${e.run.job}|${e.run.day}`, e.run);
        this.touchDay(e.run.day);
        return;
      case 'out':
        if (!this.outbox.has(e.item.id) && !this.settled.has(e.item.id)) this.outbox.set(e.item.id, e.item);
        return;
      case 'sent':
        this.settle(e.r);
        return;
      case 'retry': {
        const item = this.outbox.get(e.id);
        if (item) this.outbox.set(e.id, { ...item, attempts: (item.attempts ?? 0) + 1, nextAt: e.next ?? item.nextAt, lastError: e.err ?? item.lastError });
        return;
      }
      case 'revive':
        for (const id of e.ids) {
          const s = this.settled.get(id);
          if (s?.record.state !== 'failed' || !s.item) continue;
          this.settled.delete(id);
          this.outbox.set(id, { ...s.item, attempts: 0, nextAt: undefined, lastError: s.record.error });
        }
        return;
    }
  }

  jobRun(job: string, day: QuizDay): JobRun | undefined {
    return this.jobRuns.get(`${job}|${day}`);
  }

  /** Unsent items in the order they were written. */
  pendingOutbox(): OutboxItem[] {
    return [...this.outbox.values()];
  }

  isKnownOutboxItem(id: string): boolean {
    return this.outbox.has(id) || this.settled.has(id);
  }

  /** Pending and settled items of the recent days (of one reason, when given), pending first. */
  outboxRecords(reason?: string): OutboxRecord[] {
    const out: OutboxRecord[] = [];
    for (const i of this.outbox.values()) {
      if (reason !== undefined && i.reason !== reason) continue;
      out.push({
        id: i.id,
        reason: i.reason,
        channel: i.channel,
        to: i.to,
        state: 'pending',
        attempts: i.attempts ?? 0,
        at: i.nextAt,
        deadline: i.deadline,
        error: i.lastError,
      });
    }
    for (const s of this.settled.values()) if (reason === undefined || s.record.reason === reason) out.push(s.record);
    return out;
  }

  /** Settles a pending item: delivered (moving throttled recipients to a follow-up item) or given up. */
  private settle(r: OutboxResult): void {
    const item = this.outbox.get(r.id);
    this.outbox.delete(r.id);
    const base = {
      id: r.id,
      reason: item?.reason ?? '',
      channel: item?.channel,
      to: item?.to,
      attempts: item?.attempts ?? 0,
      at: r.sentAt,
      deadline: item?.deadline,
    };
    if (r.failed !== undefined) {
      this.settled.set(r.id, { record: { ...base, state: 'failed', error: r.failed }, item });
      return;
    }
    const moved = item && r.retry?.length ? r.retry : undefined;
    this.settled.set(r.id, { record: { ...base, state: 'delivered', invalid: r.invalid?.length ? r.invalid : undefined, moved } });
    if (item && moved) {
      const attempts = (item.attempts ?? 0) + 1;
      const id = `${item.id.replace(/:r\d+$/, '')}:r${attempts}`;
      if (!this.isKnownOutboxItem(id))
        this.outbox.set(id, { ...item, id, to: { kind: 'users', userIds: moved }, attempts, nextAt: r.retryAt, lastError: 'throttled by the platform' });
    }
  }

  hasClaim(key: string): boolean {
    return this.inbox.hasClaim(key);
  }

  /** A claimed message not yet finished (pending or parked). */
  inboxRecord(key: string): InboxRecord | undefined {
    return this.inbox.record(key);
  }

  /** Open messages (pending and parked), in the order they were claimed. */
  inboxRecords(): InboxRecord[] {
    return this.inbox.records();
  }

  quiz(personId: string, day: QuizDay): DailyQuiz | undefined {
    return this.quizzes.get(`${personId}|${day}`);
  }

  answersOf(personId: string, day: QuizDay): readonly AnswerRecord[] {
    return this.answers.get(`${personId}|${day}`) ?? [];
  }

  stats(personId: string, day: QuizDay): DayStats {
    const i = this.personIndex.get(personId);
    const table = this.days.get(day);
    return i === undefined || !table || i >= table.length ? EMPTY_DAY : unpackDay(table[i]!);
  }

  /** Per-person stats of one day (people with no activity are absent). */
  dayTable(day: QuizDay): ReadonlyMap<string, DayStats> {
    const out = new Map<string, DayStats>();
    const table = this.days.get(day);
    if (table) for (let i = 0; i < table.length; i++) if (table[i] !== 0) out.set(this.people[i]!, unpackDay(table[i]!));
    return out;
  }

  /** Positional reads of many days (reports): see DayTables in stats/leaderboard.ts. A view, not a copy. */
  dayMatrix(days: readonly QuizDay[]): { slotOf(personId: string): number; get(dayIndex: number, slot: number): DayStats | undefined } {
    const columns = days.map((d) => this.days.get(d));
    return {
      slotOf: (id) => this.personIndex.get(id) ?? -1,
      get: (di, slot) => {
        const column = columns[di];
        const v = slot >= 0 && column && slot < column.length ? column[slot]! : 0;
        return v === 0 ? undefined : unpackDay(v);
      },
    };
  }

  /** 精准普法: answers and correct answers by department, law and article over whole months. */
  lawTally(months: readonly string[]): TallyEntry[] {
    return this.laws.entries(months);
  }

  lastSeen(personId: string): Map<string, QuizDay> {
    const out = new Map<string, QuizDay>();
    const i = this.personIndex.get(personId);
    const row = i === undefined ? undefined : this.seen[i];
    if (!row) return out;
    for (let q = 0; q < row.length; q++) if (row[q]! > 0) out.set(this.questions[q]!, dayFromNumber(row[q]! - 1));
    return out;
  }

  wrongAnswers(personId: string, limit: number): readonly WrongAnswer[] {
    return (this.wrong.get(personId) ?? []).slice(0, limit);
  }

  /** Drops detail older than the recent window (bounded memory); aggregates stay. */
  prune(): void {
    const cutoff = dayFromNumber(this.latestDay - RECENT_DAYS);
    for (const [key, quiz] of this.quizzes) if (quiz.day < cutoff) this.quizzes.delete(key);
    for (const [key, list] of this.answers) if (list[0] && list[0].day < cutoff) this.answers.delete(key);
    const claimCutoff = `${addDays(cutoff, 0)}T00:00:00.000Z`;
    this.inbox.prune(claimCutoff);
    for (const [key, run] of this.jobRuns) if (run.day < cutoff) this.jobRuns.delete(key);
    for (const [id, s] of this.settled) if ((s.record.at ?? '') < claimCutoff) this.settled.delete(id);
  }

  snapshot(): HistorySnapshot {
    this.prune();
    const days: Record<string, string> = {};
    for (const [day, table] of this.days) days[day] = Buffer.from(table.buffer, table.byteOffset, table.byteLength).toString('base64');
    return {
      people: [...this.people],
      questions: [...this.questions],
      days,
      seen: Array.from(this.seen, (row) => (row ? Buffer.from(row.buffer, row.byteOffset, row.byteLength).toString('base64') : '')),
      wrong: Object.fromEntries(this.wrong),
      quizzes: [...this.quizzes.values()],
      answers: [...this.answers.values()].flat(),
      jobRuns: [...this.jobRuns.values()],
      outbox: [...this.outbox.values()],
      outboxSettled: [...this.settled.values()],
      ...this.inbox.snapshot(),
      laws: this.laws.snapshot(),
      exams: this.exams.snapshot(),
    };
  }

  static restore(s: HistorySnapshot): HistoryState {
    const h = new HistoryState();
    for (const p of s.people) h.person(p);
    for (const q of s.questions) h.question(q);
    for (const [day, b64] of Object.entries(s.days)) {
      const buf = Buffer.from(b64, 'base64');
      h.days.set(day as QuizDay, new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
      h.latestDay = Math.max(h.latestDay, dayNumber(day as QuizDay));
    }
    h.seen = s.seen.map((b64) => {
      const buf = Buffer.from(b64 ?? '', 'base64');
      return new Uint16Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    });
    for (const [p, list] of Object.entries(s.wrong)) h.wrong.set(p, [...list]);
    for (const q of s.quizzes) h.quizzes.set(`${q.personId}|${q.day}`, q);
    for (const a of s.answers) {
      const key = `${a.personId}|${a.day}`;
      h.answers.set(key, [...(h.answers.get(key) ?? []), a]);
    }
    h.inbox = InboxState.restore(s);
    for (const run of s.jobRuns ?? []) h.jobRuns.set(`${run.job}|${run.day}`, run);
    for (const item of s.outbox ?? []) h.outbox.set(item.id, item);
    for (const [id, at] of Object.entries(s.settled ?? {})) h.settled.set(id, { record: { id, reason: '', state: 'delivered', attempts: 0, at } });
    for (const x of s.outboxSettled ?? []) h.settled.set(x.record.id, x);
    h.laws = LawTally.restore(s.laws);
    h.exams = ExamState.restore(s.exams);
    return h;
  }

  private person(id: string): number {
    let i = this.personIndex.get(id);
    if (i === undefined) {
      i = this.people.length;
      this.people.push(id);
      this.personIndex.set(id, i);
    }
    return i;
  }

  private question(id: string): number {
    let i = this.questionIndex.get(id);
    if (i === undefined) {
      i = this.questions.length;
      this.questions.push(id);
      this.questionIndex.set(id, i);
    }
    return i;
  }

  private seenRow(p: number, q: number): Uint16Array {
    let row = this.seen[p];
    if (!row || row.length <= q) {
      const grown = new Uint16Array(Math.max(64, (q + 1) * 2));
      if (row) grown.set(row);
      row = grown;
      this.seen[p] = row;
    }
    return row;
  }

  /** Tracks the newest day seen; when a new day begins, detail older than the recent window is dropped. */
  private touchDay(day: QuizDay): void {
    const n = dayNumber(day);
    if (n <= this.latestDay) return;
    this.latestDay = n;
    this.prune();
  }

  private setStats(personId: string, day: QuizDay, s: DayStats): void {
    const i = this.person(personId);
    let table = this.days.get(day);
    if (!table || table.length <= i) {
      const grown = new Int32Array(Math.max(16, this.people.length * 2, i + 1));
      if (table) grown.set(table);
      table = grown;
      this.days.set(day, table);
    }
    table[i] = packDay(s);
    this.touchDay(day);
  }
}
