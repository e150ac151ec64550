/**
 * The records of the annual exam (年度学法考试): the exam itself (data an admin writes in a JSON file), each
 * person's attempts with the paper they saw, and the answers they saved. Plain data; the ExamStore port
 * (exam-store.ts) persists them.
 */
import type { QuestionType, Track } from '../bank/question-schema.js';

/** Points (or counts) per question type. */
export type PerType = Readonly<Record<QuestionType, number>>;

/** A time window, as ISO instants; `to` is exclusive. */
export interface ExamWindow {
  readonly from: string;
  readonly to: string;
}

/** A 补考 window for those who failed or missed the exam. */
export interface RetakeWindow extends ExamWindow {
  /** Attempts each eligible person has in this window. */
  readonly attempts: number;
  readonly addedAt: string;
}

/**
 * Part of the exam's reserved question pool: `take` questions of `type` (of `law`, for a per-law quota;
 * else of the laws without a quota for that type) are drawn for each paper from `ids`.
 */
export interface PoolBucket {
  readonly type: QuestionType;
  readonly law?: string;
  readonly take: number;
  readonly ids: readonly string[];
}

/** A fixed list of questions (everyone gets them, options shuffled), or papers drawn from a reserved pool (卷卷不同). */
export type PaperSpec =
  | { readonly kind: 'fixed'; readonly questionIds: readonly string[] }
  | { readonly kind: 'drawn'; readonly buckets: readonly PoolBucket[] };

/** When the answer key and explanations are shown: right after a person submits, or only once the exam is over. */
export type ExplanationPolicy = 'after-submit' | 'after-close';

export interface Exam {
  /** `exam-1`, `exam-2`…: what every `exam` command takes. */
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** The main window (a person's deadline never passes its end). */
  readonly window: ExamWindow;
  readonly durationMinutes: number;
  /** Points needed to pass. */
  readonly passMark: number;
  /** Attempts each person has in the main window; the best one counts. */
  readonly attempts: number;
  /** Department ids (each with its sub-departments) and tracks; empty = everyone. Both given: people matching both. */
  readonly audience: { readonly departmentIds: readonly string[]; readonly tracks: readonly Track[] };
  readonly paper: PaperSpec;
  readonly points: PerType;
  readonly questionCount: number;
  readonly totalPoints: number;
  /** Share of a 多选 question's points for a correct subset with no wrong option; 0 = all-or-nothing. */
  readonly partialCredit: number;
  readonly explanations: ExplanationPolicy;
  /** Shuffle question order within each type per person (options are always shuffled). */
  readonly shuffle: boolean;
  /** Seeds every paper and option order (and certificate codes); never shown to takers. */
  readonly seed: string;
  readonly retakes: readonly RetakeWindow[];
  /** Set by `exam close`: every window ends here. */
  readonly closedAt?: string;
  /** The issuing unit printed on certificates (default: the top of the person's department tree). */
  readonly issuer?: string;
}

/** One question of a paper as the person saw it, with the key and points it was graded by. */
export interface PaperItem {
  readonly questionId: string;
  readonly type: QuestionType;
  /** `order[i]` is the bank option index shown as letter i (empty for 判断). */
  readonly order: readonly number[];
  readonly points: number;
  /** The answer key in the bank's letters ('B', 'ABD', '对') when the paper was drawn. */
  readonly key: string;
}

export type AttemptStatus = 'active' | 'submitted' | 'timed-out';

/** An admin's annulment of an attempt (audited): it no longer counts; `refund` gives the attempt back. */
export interface AttemptVoid {
  readonly reason: string;
  readonly by: string;
  readonly at: string;
  readonly refund: boolean;
}

export interface Attempt {
  /** `<examId>#<n>#<personId>`. */
  readonly id: string;
  readonly examId: string;
  readonly personId: string;
  /** 1-based count of the person's attempts at this exam. */
  readonly n: number;
  /** 0 = the main window, k = the k-th 补考 window. */
  readonly window: number;
  readonly startedAt: string;
  /** min(start + duration, the window's end) as of the start; `exam close` can only bring it forward. */
  readonly deadline: string;
  readonly via: 'web' | 'chat';
  /** The person's department when they started. */
  readonly departmentId?: string;
  readonly paper: readonly PaperItem[];
  /** Saved answers by paper position, in the bank's letters; null = unanswered. */
  readonly answers: readonly (string | null)[];
  readonly status: AttemptStatus;
  readonly finishedAt?: string;
  readonly score?: number;
  readonly passed?: boolean;
  /** Points earned per question. */
  readonly itemPoints?: readonly number[];
  readonly void?: AttemptVoid;
}

/** The grade an attempt is finished with. */
export interface AttemptResult {
  readonly status: 'submitted' | 'timed-out';
  readonly at: string;
  readonly score: number;
  readonly passed: boolean;
  readonly itemPoints: readonly number[];
}

export function attemptId(examId: string, n: number, personId: string): string {
  return `${examId}#${n}#${personId}`;
}

/** Finished and not voided: counts for the person's result. */
export function counts(a: Attempt): boolean {
  return a.status !== 'active' && a.void === undefined;
}
