/**
 * A second, independent Store for the contract suites: written from the port contracts in src/core/ports/ with
 * plain maps and arrays, sharing no code with src/store/ (no state classes, no packing, no pruning), and
 * computing every aggregate by scanning what it keeps. The contract suites run against it and against the
 * embedded store, so a logic bug in the embedded store's shared state shows up as a disagreement.
 * Everything it returns is a copy, so later writes never change a result already handed out.
 */
import type { ChannelId, InboundMessage } from '../../src/core/message.js';
import {
  type AnswerRecord,
  type DailyQuiz,
  type DayStats,
  type Department,
  EMPTY_DAY,
  type JobRun,
  type LawCount,
  type OutboxItem,
  type OutboxRecord,
  type OutboxResult,
  type Person,
  type ReviewAnswer,
  type ReviewCard,
  type ReviewSession,
  type StudyTopic,
  type TallyEntry,
  type WrongAnswer,
} from '../../src/core/model.js';
import type { InboxEntry } from '../../src/core/ports/inbox-store.js';
import type { Store } from '../../src/core/ports/store.js';
import type { DayMatrix } from '../../src/core/ports/study-stats.js';
import type { QuizDay } from '../../src/core/quiz-day.js';

const copy = <T>(x: T): T => structuredClone(x);

interface OpenMessage {
  message: InboundMessage;
  attempts: number;
  receivedAt: Date;
  error?: string;
  parkedAt?: Date;
}

export class MapStore implements Store {
  private readonly departments = new Map<string, Department>();
  private readonly people = new Map<string, Person>();
  private readonly topics = new Map<string, StudyTopic>();
  private readonly quizzes: DailyQuiz[] = [];
  private readonly answers: AnswerRecord[] = [];
  private readonly completed = new Map<string, number>();
  private readonly claims = new Set<string>();
  private readonly open = new Map<string, OpenMessage>();
  private readonly jobRuns = new Map<string, JobRun>();
  private readonly pending = new Map<string, OutboxItem>();
  private readonly settled = new Map<string, { record: OutboxRecord; item?: OutboxItem }>();
  private readonly sessions = new Map<string, ReviewSession>();
  private readonly reviewAnswers: ReviewAnswer[] = [];

  // Directory and topics

  async listDepartments(): Promise<readonly Department[]> {
    return copy([...this.departments.values()]);
  }

  async saveDepartments(departments: readonly Department[]): Promise<void> {
    for (const d of departments) this.departments.set(d.id, copy(d));
  }

  async removeDepartments(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.departments.delete(id);
  }

  async listPeople(): Promise<readonly Person[]> {
    return copy([...this.people.values()]);
  }

  async getPerson(id: string): Promise<Person | undefined> {
    return copy(this.people.get(id));
  }

  async findPersonByIdentity(channel: ChannelId, userId: string): Promise<Person | undefined> {
    // People stay in the order they were first saved; the later of two holders of one identity wins.
    let found: Person | undefined;
    for (const p of this.people.values()) if (p.identities[channel] === userId) found = p;
    return copy(found);
  }

  async savePeople(people: readonly Person[]): Promise<void> {
    for (const p of people) this.people.set(p.id, copy(p));
  }

  async removeFromDirectory(ids: { people?: readonly string[]; departments?: readonly string[]; topics?: readonly string[] }): Promise<void> {
    for (const id of ids.people ?? []) this.people.delete(id);
    for (const id of ids.departments ?? []) this.departments.delete(id);
    for (const id of ids.topics ?? []) this.topics.delete(id);
  }

  async listTopics(): Promise<readonly StudyTopic[]> {
    return copy([...this.topics.values()]);
  }

  async saveTopic(topic: StudyTopic): Promise<void> {
    this.topics.delete(topic.id);
    this.topics.set(topic.id, copy(topic));
  }

  // Quiz log

  async getQuiz(personId: string, day: QuizDay): Promise<DailyQuiz | undefined> {
    return copy(this.quizzes.find((q) => q.personId === personId && q.day === day));
  }

  async saveQuiz(quiz: DailyQuiz): Promise<DailyQuiz> {
    const existing = this.quizzes.find((q) => q.personId === quiz.personId && q.day === quiz.day);
    if (existing) return copy(existing);
    this.quizzes.push(copy(quiz));
    return copy(quiz);
  }

  async answersOf(personId: string, day: QuizDay): Promise<readonly AnswerRecord[]> {
    return copy(this.answers.filter((a) => a.personId === personId && a.day === day));
  }

  async recordAnswer(answer: AnswerRecord): Promise<'recorded' | 'already-answered'> {
    if (this.answers.some((a) => a.personId === answer.personId && a.day === answer.day && a.index === answer.index)) return 'already-answered';
    this.answers.push(copy(answer));
    return 'recorded';
  }

  async completeDay(personId: string, day: QuizDay, bonus: number): Promise<void> {
    const k = `${personId}|${day}`;
    if (!this.completed.has(k)) this.completed.set(k, bonus);
  }

  async lastSeen(personId: string): Promise<ReadonlyMap<string, QuizDay>> {
    const out = new Map<string, QuizDay>();
    for (const q of this.quizzes) {
      if (q.personId !== personId) continue;
      for (const item of q.items) {
        const seen = out.get(item.questionId);
        if (!seen || seen < q.day) out.set(item.questionId, q.day);
      }
    }
    return out;
  }

  async wrongAnswers(personId: string, limit: number): Promise<readonly WrongAnswer[]> {
    const wrong = this.answers.filter((a) => a.personId === personId && !a.correct).reverse();
    return wrong.slice(0, limit).map((a) => ({ questionId: a.questionId, chosen: a.chosen, day: a.day, ...(a.order ? { order: [...a.order] } : {}) }));
  }

  // Study statistics, computed by scanning the answers

  async dayStats(personId: string, day: QuizDay): Promise<DayStats> {
    return this.statsOf(personId, day) ?? EMPTY_DAY;
  }

  async dayTable(day: QuizDay): Promise<ReadonlyMap<string, DayStats>> {
    const out = new Map<string, DayStats>();
    const ids = new Set([...this.answers.filter((a) => a.day === day).map((a) => a.personId)]);
    for (const k of this.completed.keys()) if (k.endsWith(`|${day}`)) ids.add(k.slice(0, -day.length - 1));
    for (const id of ids) {
      const s = this.statsOf(id, day);
      if (s) out.set(id, s);
    }
    return out;
  }

  async dayMatrix(days: readonly QuizDay[]): Promise<DayMatrix> {
    const tables = await Promise.all(days.map((d) => this.dayTable(d)));
    const slots = new Map<string, number>();
    const ids: string[] = [];
    for (const t of tables)
      for (const id of t.keys())
        if (!slots.has(id)) {
          slots.set(id, ids.length);
          ids.push(id);
        }
    return {
      slotOf: (id) => slots.get(id) ?? -1,
      get: (di, slot) => (slot < 0 ? undefined : tables[di]?.get(ids[slot]!)),
    };
  }

  async lawTally(months: readonly string[]): Promise<readonly TallyEntry[]> {
    const sums = new Map<string, TallyEntry>();
    for (const a of this.answers) {
      if (!a.law || !a.article || !months.includes(a.day.slice(0, 7))) continue;
      const departmentId = a.departmentId ?? '';
      const k = JSON.stringify([departmentId, a.law, a.article]);
      const s = sums.get(k) ?? { departmentId, law: a.law, article: a.article, answered: 0, correct: 0 };
      sums.set(k, { ...s, answered: s.answered + 1, correct: s.correct + (a.correct ? 1 : 0) });
    }
    return [...sums.values()];
  }

  private statsOf(personId: string, day: QuizDay): DayStats | undefined {
    const mine = this.answers.filter((a) => a.personId === personId && a.day === day);
    const bonus = this.completed.get(`${personId}|${day}`);
    if (mine.length === 0 && bonus === undefined) return undefined;
    return {
      answered: mine.length,
      correct: mine.filter((a) => a.correct).length,
      answerPoints: mine.reduce((sum, a) => sum + a.points, 0),
      bonus: bonus ?? 0,
      completed: bonus !== undefined,
    };
  }

  // Practice: cards are the latest schedule written for (person, question) by an answer or a review

  async reviewCards(personId: string): Promise<ReadonlyMap<string, ReviewCard>> {
    const out = new Map<string, ReviewCard>();
    for (const [questionId, card] of this.cardWrites(personId)) out.set(questionId, card);
    return copy(out);
  }

  async reviewCard(personId: string, questionId: string): Promise<ReviewCard | undefined> {
    return (await this.reviewCards(personId)).get(questionId);
  }

  async lawCounts(personId: string): Promise<ReadonlyMap<string, LawCount>> {
    const out = new Map<string, LawCount>();
    for (const a of this.answers) {
      if (a.personId !== personId || !a.law) continue;
      const c = out.get(a.law) ?? { answered: 0, correct: 0 };
      out.set(a.law, { answered: c.answered + 1, correct: c.correct + (a.correct ? 1 : 0) });
    }
    return out;
  }

  async roundStart(personId: string): Promise<QuizDay | undefined> {
    let round: QuizDay | undefined;
    for (const q of this.quizzes) if (q.personId === personId && q.round && (!round || round < q.round)) round = q.round;
    return round;
  }

  async reviewSession(personId: string): Promise<ReviewSession | undefined> {
    return copy(this.sessions.get(personId));
  }

  async startReviewSession(session: ReviewSession): Promise<void> {
    this.sessions.set(session.personId, copy(session));
  }

  async recordReview(answer: ReviewAnswer): Promise<'recorded' | 'already-answered'> {
    const s = this.sessions.get(answer.personId);
    if (!s?.open || s.id !== answer.sessionId || s.answered !== answer.index) return 'already-answered';
    const answered = s.answered + 1;
    const lastMessageId = answer.messageId ?? s.lastMessageId;
    this.sessions.set(s.personId, {
      ...s,
      answered,
      correct: s.correct + (answer.correct ? 1 : 0),
      open: answered < s.items.length,
      ...(lastMessageId ? { lastMessageId } : {}),
    });
    this.reviewAnswers.push(copy(answer));
    return 'recorded';
  }

  async closeReviewSession(personId: string, sessionId: string): Promise<void> {
    const s = this.sessions.get(personId);
    if (s?.id === sessionId && s.open) this.sessions.set(personId, { ...s, open: false });
  }

  /** Card writes of a person in the order they happened (answers and reviews interleaved by their time). */
  private cardWrites(personId: string): Array<[string, ReviewCard]> {
    const writes: Array<[string, string, ReviewCard, number]> = [];
    this.answers.forEach((a, i) => {
      if (a.personId === personId && a.review) writes.push([a.answeredAt, a.questionId, a.review, i]);
    });
    this.reviewAnswers.forEach((r, i) => {
      if (r.personId === personId && r.card) writes.push([r.answeredAt, r.questionId, r.card, this.answers.length + i]);
    });
    writes.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[3] - y[3]));
    return writes.map(([, q, card]) => [q, card]);
  }

  // Inbox

  async claimMessage(channel: ChannelId, messageId: string, at: Date, message?: InboundMessage): Promise<boolean> {
    const k = `${channel}:${messageId}`;
    if (this.claims.has(k)) return false;
    this.claims.add(k);
    if (message) this.open.set(k, { message: copy(message), attempts: 0, receivedAt: new Date(at) });
    return true;
  }

  async finishMessage(channel: ChannelId, messageId: string): Promise<void> {
    this.open.delete(`${channel}:${messageId}`);
  }

  async pendingMessages(): Promise<readonly InboundMessage[]> {
    return [...this.open.values()].filter((o) => !o.parkedAt).map((o) => copy(o.message));
  }

  async inbox(): Promise<readonly InboxEntry[]> {
    return [...this.open.values()].map((o) => ({
      message: copy(o.message),
      state: o.parkedAt ? 'parked' : 'pending',
      attempts: o.attempts,
      receivedAt: new Date(o.receivedAt),
      ...(o.parkedAt ? { error: o.error, parkedAt: new Date(o.parkedAt) } : {}),
    }));
  }

  async beginAttempt(channel: ChannelId, messageId: string): Promise<number> {
    const o = this.open.get(`${channel}:${messageId}`);
    if (!o) return 0;
    o.attempts += 1;
    return o.attempts;
  }

  async parkMessage(channel: ChannelId, messageId: string, error: string, at: Date): Promise<void> {
    const o = this.open.get(`${channel}:${messageId}`);
    if (!o) return;
    o.error = error;
    o.parkedAt = new Date(at);
  }

  async unparkMessage(channel: ChannelId, messageId: string): Promise<void> {
    const o = this.open.get(`${channel}:${messageId}`);
    if (!o?.parkedAt) return;
    o.attempts = 0;
    o.error = undefined;
    o.parkedAt = undefined;
  }

  async releaseMessage(channel: ChannelId, messageId: string): Promise<void> {
    const k = `${channel}:${messageId}`;
    this.claims.delete(k);
    this.open.delete(k);
  }

  // Jobs

  async getJobRun(job: string, day: QuizDay): Promise<JobRun | undefined> {
    return copy(this.jobRuns.get(`${job}|${day}`));
  }

  async saveJobRun(run: JobRun): Promise<void> {
    this.jobRuns.set(`${run.job}|${run.day}`, copy(run));
  }

  // Outbox

  async enqueue(items: readonly OutboxItem[]): Promise<void> {
    for (const item of items) if (!this.pending.has(item.id) && !this.settled.has(item.id)) this.pending.set(item.id, copy(item));
  }

  async pendingOutbox(): Promise<readonly OutboxItem[]> {
    return copy([...this.pending.values()]);
  }

  async settleOutbox(r: OutboxResult): Promise<void> {
    const item = this.pending.get(r.id);
    this.pending.delete(r.id);
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
    const moved = item && r.retry && r.retry.length > 0 ? [...r.retry] : undefined;
    this.settled.set(r.id, { record: { ...base, state: 'delivered', invalid: r.invalid?.length ? [...r.invalid] : undefined, moved } });
    if (!item || !moved) return;
    const attempts = (item.attempts ?? 0) + 1;
    const root = item.id.replace(/:r\d+$/, '');
    const id = `${root}:r${attempts}`;
    if (this.pending.has(id) || this.settled.has(id)) return;
    this.pending.set(id, { ...item, id, to: { kind: 'users', userIds: moved }, attempts, nextAt: r.retryAt, lastError: 'throttled by the platform' });
  }

  async retryOutbox(id: string, next?: { at: string; error: string }): Promise<void> {
    const item = this.pending.get(id);
    if (!item) return;
    this.pending.set(id, { ...item, attempts: (item.attempts ?? 0) + 1, nextAt: next?.at ?? item.nextAt, lastError: next?.error ?? item.lastError });
  }

  async reviveOutbox(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const s = this.settled.get(id);
      if (s?.record.state !== 'failed' || !s.item) continue;
      this.settled.delete(id);
      this.pending.set(id, { ...s.item, attempts: 0, nextAt: undefined, lastError: s.record.error });
    }
  }

  async outboxRecords(reason?: string): Promise<readonly OutboxRecord[]> {
    const out: OutboxRecord[] = [];
    for (const i of this.pending.values()) {
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
    return copy(out);
  }

  async close(): Promise<void> {}
}
