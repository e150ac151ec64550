/**
 * The in-memory state of the study history: one reducer per concern, each applying its own events, composed
 * here (and snapshotted together in one document whose layout older data directories share):
 * - quiz-log-state.ts   quizzes and answers of the recent days, last served days, latest wrong answers;
 * - study-stats-state.ts day stats packed per (day, person), and the 精准普法 tallies;
 * - inbox-state.ts      message claims and the durable inbox;
 * - outbox-state.ts     deliveries and their fate;
 * - job-state.ts        scheduled jobs' runs per day;
 * - exam-state.ts       exams, attempts and saved answers (never pruned).
 *
 * Everything here costs O(1) per event whatever the length of the history; detail older than the recent
 * window is dropped when a new day begins (it lives in the journal). The lowdb store appends each event to a
 * journal before applying it and snapshots this state; the memory store only applies it.
 */
import type { AnswerRecord, DailyQuiz, DayStats, JobRun, OutboxItem, OutboxRecord, TallyEntry, WrongAnswer } from '../core/model.js';
import type { DayMatrix } from '../core/ports/study-stats.js';
import { type QuizDay, dayFromNumber, dayNumber } from '../core/quiz-day.js';
import { type InboxEvent, type InboxRecord, type InboxSnapshot, InboxState, isInboxEvent } from './inbox-state.js';
import { type ExamEvent, type ExamSnapshot, ExamState, isExamEvent } from './exam-state.js';
import { Interner } from './interner.js';
import { type JobEvent, JobState } from './job-state.js';
import { type OutboxEvent, type OutboxSnapshot, OutboxState, isOutboxEvent } from './outbox-state.js';
import { type QuizLogEvent, type QuizLogSnapshot, QuizLogState } from './quiz-log-state.js';
import { type StatsEvent, type StatsSnapshot, StudyStatsState } from './study-stats-state.js';

export { packDay, unpackDay } from './study-stats-state.js';
export type { SettledOutbox } from './outbox-state.js';

export type HistoryEvent = QuizLogEvent | StatsEvent | InboxEvent | JobEvent | OutboxEvent | ExamEvent;

/** Days of full quiz/answer detail and message claims kept in memory. */
const RECENT_DAYS = 3;

export interface HistorySnapshot extends InboxSnapshot, QuizLogSnapshot, StatsSnapshot, OutboxSnapshot {
  readonly people: readonly string[];
  readonly jobRuns?: readonly JobRun[];
  readonly exams?: ExamSnapshot;
}

export class HistoryState {
  /** One numbering of people for the packed arrays of the quiz log and the stats. */
  private readonly people: Interner;
  private readonly log: QuizLogState;
  private readonly statsState: StudyStatsState;
  private inbox = new InboxState();
  private outbox = new OutboxState();
  private jobs = new JobState();
  private latestDay = 0;
  /** Exams, attempts and saved answers (never pruned: reports and re-derivation need them all). */
  exams = new ExamState();

  constructor(parts?: { people: Interner; log: QuizLogState; stats: StudyStatsState }) {
    this.people = parts?.people ?? new Interner();
    this.log = parts?.log ?? new QuizLogState(this.people, new Interner());
    this.statsState = parts?.stats ?? new StudyStatsState(this.people);
  }

  apply(e: HistoryEvent): void {
    if (isInboxEvent(e)) {
      this.inbox.apply(e);
      return;
    }
    if (isOutboxEvent(e)) {
      this.outbox.apply(e);
      return;
    }
    if (isExamEvent(e)) {
      this.exams.apply(e);
      return;
    }
    switch (e.t) {
      case 'quiz':
        if (this.log.apply(e)) this.touchDay(e.quiz.day);
        return;
      case 'answer':
        if (!this.log.apply(e)) return;
        this.statsState.apply(e);
        this.touchDay(e.a.day);
        return;
      case 'done':
        this.statsState.apply(e);
        this.touchDay(e.d);
        return;
      case 'job':
        this.jobs.apply(e);
        this.touchDay(e.run.day);
        return;
    }
  }

  jobRun(job: string, day: QuizDay): JobRun | undefined {
    return this.jobs.get(job, day);
  }

  /** Unsent items in the order they were written. */
  pendingOutbox(): OutboxItem[] {
    return this.outbox.pendingItems();
  }

  isKnownOutboxItem(id: string): boolean {
    return this.outbox.isKnown(id);
  }

  /** Pending and settled items of the recent days (of one reason, when given), pending first. */
  outboxRecords(reason?: string): OutboxRecord[] {
    return this.outbox.records(reason);
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
    return this.log.quiz(personId, day);
  }

  answersOf(personId: string, day: QuizDay): readonly AnswerRecord[] {
    return this.log.answersOf(personId, day);
  }

  stats(personId: string, day: QuizDay): DayStats {
    return this.statsState.stats(personId, day);
  }

  /** Per-person stats of one day (people with no activity are absent). */
  dayTable(day: QuizDay): ReadonlyMap<string, DayStats> {
    return this.statsState.dayTable(day);
  }

  /** Positional reads of many days (reports): see DayTables in stats/leaderboard.ts. A view, not a copy. */
  dayMatrix(days: readonly QuizDay[]): DayMatrix {
    return this.statsState.dayMatrix(days);
  }

  /** 精准普法: answers and correct answers by department, law and article over whole months. */
  lawTally(months: readonly string[]): TallyEntry[] {
    return this.statsState.lawTally(months);
  }

  lastSeen(personId: string): Map<string, QuizDay> {
    return this.log.lastSeen(personId);
  }

  wrongAnswers(personId: string, limit: number): readonly WrongAnswer[] {
    return this.log.wrongAnswers(personId, limit);
  }

  /** Drops detail older than the recent window (bounded memory); aggregates stay. */
  prune(): void {
    const cutoff = dayFromNumber(this.latestDay - RECENT_DAYS);
    const cutoffIso = `${cutoff}T00:00:00.000Z`;
    this.log.prune(cutoff);
    this.inbox.prune(cutoffIso);
    this.jobs.prune(cutoff);
    this.outbox.prune(cutoffIso);
  }

  snapshot(): HistorySnapshot {
    this.prune();
    return {
      people: [...this.people.values],
      ...this.log.snapshot(),
      ...this.statsState.snapshot(),
      jobRuns: this.jobs.snapshot(),
      ...this.outbox.snapshot(),
      ...this.inbox.snapshot(),
      exams: this.exams.snapshot(),
    };
  }

  static restore(s: HistorySnapshot): HistoryState {
    const people = new Interner();
    for (const p of s.people) people.id(p);
    const h = new HistoryState({ people, log: QuizLogState.restore(s, people, new Interner()), stats: StudyStatsState.restore(s, people) });
    for (const day of h.statsState.dayKeys()) h.latestDay = Math.max(h.latestDay, dayNumber(day));
    h.inbox = InboxState.restore(s);
    h.jobs = JobState.restore(s.jobRuns);
    h.outbox = OutboxState.restore(s);
    h.exams = ExamState.restore(s.exams);
    return h;
  }

  /** Tracks the newest day seen; when a new day begins, detail older than the recent window is dropped. */
  private touchDay(day: QuizDay): void {
    const n = dayNumber(day);
    if (n <= this.latestDay) return;
    this.latestDay = n;
    this.prune();
  }
}
