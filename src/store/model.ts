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
