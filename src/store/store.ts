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

/** A message in the durable inbox: accepted, not finished. */
export interface InboxEntry {
  readonly message: InboundMessage;
  /** pending: to be handled (also after a restart); parked: failed twice, waits for an operator. */
  readonly state: 'pending' | 'parked';
  /** Handling attempts started so far (a crash or hang mid-way counts). */
  readonly attempts: number;
  readonly receivedAt: Date;
  /** Why it was parked. */
  readonly error?: string;
  readonly parkedAt?: Date;
}

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
  /** Marks a claimed message handled (a parked one too: that is how an operator drops it). The claim stays. */
  finishMessage(channel: ChannelId, messageId: string): Promise<void>;
  /** Messages claimed with their payload, not finished and not parked (recovery after a crash). */
  pendingMessages(): Promise<readonly InboundMessage[]>;
  /** Every message claimed with its payload and not finished, pending and parked, oldest first. */
  inbox(): Promise<readonly InboxEntry[]>;
  /**
   * Durably records that a handling attempt of a claimed message starts, before the handler runs, so a
   * crash or hang mid-way still counts; returns the attempt's number (1, 2, …), or 0 for a message that is
   * not in the inbox.
   */
  beginAttempt(channel: ChannelId, messageId: string): Promise<number>;
  /** Parks a message (dead letter): kept with the error, never retried automatically. */
  parkMessage(channel: ChannelId, messageId: string, error: string, at: Date): Promise<void>;
  /** Puts a parked message back to pending with no attempts (an operator's retry). */
  unparkMessage(channel: ChannelId, messageId: string): Promise<void>;
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
