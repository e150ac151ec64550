/**
 * The records pufa-bot keeps. Plain data; the Store port (store.ts) persists them.
 */
import type { ChannelId } from '../core/message.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Track } from '../bank/question-schema.js';

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
}

export type Role = 'member' | 'leader' | 'admin';

export interface Person {
  /** Stable id: the roster userid, or `<channel>:<userId>` for people who arrived before a roster. */
  readonly id: string;
  readonly name: string;
  readonly departmentId?: string;
  readonly roles: readonly Role[];
  readonly track: Track;
  /** Platform user ids: a person on both WeCom and DingTalk has both, and studies once. */
  readonly identities: Readonly<Partial<Record<ChannelId, string>>>;
  readonly active: boolean;
  /** First day the person counts as 应学 (expected to study). */
  readonly joinedOn: QuizDay;
  /** Set when deactivated: from this day on they no longer count; history stays. */
  readonly leftOn?: QuizDay;
}

/** One question of a person's daily quiz; `order[i]` is the bank option index shown as letter i. */
export interface QuizItem {
  readonly questionId: string;
  readonly order: readonly number[];
}

export interface DailyQuiz {
  readonly personId: string;
  readonly day: QuizDay;
  readonly items: readonly QuizItem[];
  readonly servedAt: string;
}

export interface AnswerRecord {
  readonly personId: string;
  readonly day: QuizDay;
  /** Position in the day's quiz. */
  readonly index: number;
  readonly questionId: string;
  /** Chosen answer in the bank's own letters ('B', 'ABD', '对'), independent of the shuffled display. */
  readonly chosen: string;
  readonly correct: boolean;
  /** Points earned by this answer before the daily cap. */
  readonly points: number;
  readonly answeredAt: string;
  /** Time from the question being shown to the answer. */
  readonly elapsedMs: number;
  /** The question's legal basis and the person's department when answered (for 精准普法 analysis by law and article). */
  readonly law?: string;
  readonly article?: string;
  readonly departmentId?: string;
  /**
   * The message that gave this answer (`channel:messageId`): a replay of that message (a restart after a
   * crash between the answer and the message's completion) finds it and never grades anything twice.
   */
  readonly messageKey?: string;
  /** When the person sent that message, by the platform's clock (to tell an answer sent before the next question). */
  readonly sentAt?: string;
}

/** A person's study on one day, derived from their answers. */
export interface DayStats {
  readonly answered: number;
  readonly correct: number;
  /** Sum of answer points (before the daily cap). */
  readonly answerPoints: number;
  /** Streak bonus earned by completing the day. */
  readonly bonus: number;
  readonly completed: boolean;
}

export const EMPTY_DAY: DayStats = { answered: 0, correct: 0, answerPoints: 0, bonus: 0, completed: false };

export interface WrongAnswer {
  readonly questionId: string;
  readonly chosen: string;
  readonly day: QuizDay;
}

/** A scheduled job's run on one study day: runs are idempotent per (job, day). */
export interface JobRun {
  readonly job: string;
  readonly day: QuizDay;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** What the run enqueued (recipients), for the operator. */
  readonly recipients?: number;
}

/**
 * One outbound delivery, written durably before it is sent: a message to a list of platform user ids
 * (one API call's worth), or to a group. Marked sent once the platform accepted it.
 */
export interface OutboxItem {
  readonly id: string;
  readonly channel: ChannelId;
  readonly to: { readonly kind: 'users'; readonly userIds: readonly string[] } | { readonly kind: 'group'; readonly id: string };
  readonly message: import('../core/message.js').OutboundMessage;
  /** Why it was sent (job name + day, or topic id). */
  readonly reason: string;
  readonly createdAt: string;
  readonly attempts?: number;
}

export interface OutboxResult {
  readonly id: string;
  readonly sentAt: string;
  readonly invalid?: readonly string[];
  /** Set when the item was given up after too many failures (logged for the operator). */
  readonly failed?: string;
}

/** A study topic an admin published or queued (`发布`, `学习计划`). */
export interface StudyTopic {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  /** Statute citations found in the body, e.g. 《行政处罚法》第三十六条. */
  readonly citations: readonly string[];
  /** Target departments (ids) and tracks; empty = everyone. */
  readonly departmentIds: readonly string[];
  readonly tracks: readonly string[];
  /** Day it is scheduled for (学习计划) or was published. */
  readonly day: QuizDay;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly publishedAt?: string;
}
