/**
 * The Store port: a small async interface the quiz, stats and jobs use. Implementations: memory-store.ts
 * (tests) and lowdb-store.ts (the embedded default). A PostgreSQL store would implement the same port;
 * test/contract/store-contract.ts runs against every implementation.
 */
import type { ChannelId, InboundMessage } from '../core/message.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { TallyEntry } from './law-tally.js';
import type {
  AnswerRecord,
  DailyQuiz,
  DayStats,
  Department,
  JobRun,
  OutboxItem,
  OutboxRecord,
  OutboxResult,
  Person,
  StudyTopic,
  WrongAnswer,
} from './model.js';

export interface Store {
  // Directory
  listDepartments(): Promise<readonly Department[]>;
  saveDepartments(departments: readonly Department[]): Promise<void>;
  /** Deletes departments by id (merged away, or removed on the platform); people are not touched. */
  removeDepartments(ids: readonly string[]): Promise<void>;
  listPeople(): Promise<readonly Person[]>;
  getPerson(id: string): Promise<Person | undefined>;
  findPersonByIdentity(channel: ChannelId, userId: string): Promise<Person | undefined>;
  /** Upserts by id in one write. */
  savePeople(people: readonly Person[]): Promise<void>;
  /**
   * Removes people, departments and study topics by id in one write (`demo clear`). History stays in the
   * journal; reports never show it, as they list people from the directory.
   */
  removeFromDirectory(ids: {
    readonly people?: readonly string[];
    readonly departments?: readonly string[];
    readonly topics?: readonly string[];
  }): Promise<void>;

  // The daily quiz
  getQuiz(personId: string, day: QuizDay): Promise<DailyQuiz | undefined>;
  /** Stores the quiz unless one exists for (person, day); returns the one that is kept. */
  saveQuiz(quiz: DailyQuiz): Promise<DailyQuiz>;
  answersOf(personId: string, day: QuizDay): Promise<readonly AnswerRecord[]>;
  /** Idempotent on (person, day, index): a second answer to the same question changes nothing. */
  recordAnswer(answer: AnswerRecord): Promise<'recorded' | 'already-answered'>;
  /** Marks the day complete with its streak bonus; idempotent. */
  completeDay(personId: string, day: QuizDay, bonus: number): Promise<void>;

  // Running aggregates (cost independent of history length)
  dayStats(personId: string, day: QuizDay): Promise<DayStats>;
  /** Per-person stats of one day; people with no activity are absent. */
  dayTable(day: QuizDay): Promise<ReadonlyMap<string, DayStats>>;
  /**
   * Positional reads of many days at once, for reports: `slotOf(personId)` once, then `get(dayIndex, slot)`.
   * A view of the current state, to be used at once (not kept).
   */
  dayMatrix(days: readonly QuizDay[]): Promise<{ slotOf(personId: string): number; get(dayIndex: number, slot: number): DayStats | undefined }>;
  /** 精准普法: answers and correct answers by (department, law, article) over whole months ('YYYY-MM'). */
  lawTally(months: readonly string[]): Promise<readonly TallyEntry[]>;
  /** Day each question was last served to the person. */
  lastSeen(personId: string): Promise<ReadonlyMap<string, QuizDay>>;
  /** Most recent wrong answers first. */
  wrongAnswers(personId: string, limit: number): Promise<readonly WrongAnswer[]>;

  // Delivery bookkeeping
  /**
   * True the first time a (channel, messageId) is seen; false for a platform retry. Survives restarts.
   * With `message`, the message itself is kept (the durable inbox) until finishMessage, so one accepted
   * but not handled before a crash is handled after the restart.
   */
  claimMessage(channel: ChannelId, messageId: string, at: Date, message?: InboundMessage): Promise<boolean>;
  /** Marks a claimed message handled. */
  finishMessage(channel: ChannelId, messageId: string): Promise<void>;
  /** Messages claimed with their payload and not yet finished (recovery after a crash). */
  pendingMessages(): Promise<readonly InboundMessage[]>;
  /** Forgets a claim so a redelivery is processed (used when handling failed). */
  releaseMessage(channel: ChannelId, messageId: string): Promise<void>;

  // Scheduled jobs and the durable outbox
  getJobRun(job: string, day: QuizDay): Promise<JobRun | undefined>;
  saveJobRun(run: JobRun): Promise<void>;
  /** Writes deliveries durably before anything is sent; an item id already present is ignored. */
  enqueue(items: readonly OutboxItem[]): Promise<void>;
  /** Items not yet sent, oldest first (a restart resumes from here). */
  pendingOutbox(): Promise<readonly OutboxItem[]>;
  /**
   * Marks an item delivered (recipients the platform rejected in `invalid`; throttled ones in `retry` move
   * to a follow-up item in the same step) or given up (`failed`).
   */
  settleOutbox(result: OutboxResult): Promise<void>;
  /** Counts a failed attempt; `next` says when to try again and why it failed (backoff across restarts). */
  retryOutbox(id: string, next?: { at: string; error: string }): Promise<void>;
  /** Makes given-up items pending again (a re-run of their job); other ids are ignored. */
  reviveOutbox(ids: readonly string[]): Promise<void>;
  /** Pending, delivered and given-up items of the recent days (of one reason, e.g. 'daily-push:2026-11-24'). */
  outboxRecords(reason?: string): Promise<readonly OutboxRecord[]>;

  // Study topics
  listTopics(): Promise<readonly StudyTopic[]>;
  saveTopic(topic: StudyTopic): Promise<void>;

  /** Flushes and releases resources. */
  close(): Promise<void>;
}
