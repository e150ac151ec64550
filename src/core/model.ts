/**
 * The records pufa-bot keeps: plain data, the vocabulary of the store ports (core/ports/) and of every feature.
 * Nothing here knows how or where they are stored.
 */
import type { ChannelId, Destination, OutboundMessage } from './message.js';
import type { QuizDay } from './quiz-day.js';

/** The study tracks: everyone, leaders, law-enforcement officers (a question and a person each have one or more / one). */
export const TRACKS = ['全员', '领导干部', '执法人员'] as const;
export type Track = (typeof TRACKS)[number];

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
  /**
   * Platform departments this one stands for, as `<channel>:<id>` ('wecom:5', 'dingtalk:12'). The first key
   * of a channel is the department's own (its name and parent follow it); later ones were merged into it.
   */
  readonly links?: readonly string[];
  /** Set by the roster or an admin: the platform's name and parent no longer overwrite them. */
  readonly pinned?: boolean;
  /** Demo data (seeded for the playground, or seed-demo): never counted once real people exist. */
  readonly demo?: true;
}

/**
 * Where people go when nobody can tell their department (no contact API, and no departments to choose
 * from): an admin assigns them later. Shown to admins in reports, left off public boards.
 */
export const UNASSIGNED_DEPARTMENT: Department = { id: 'unassigned', name: '未分组' };

export type Role = 'member' | 'leader' | 'admin';

/** Fields of a person the roster or an admin has set: a contact sync leaves them alone (the roster wins). */
export type PinnedField = 'name' | 'department' | 'roles' | 'title' | 'active';

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
  /** Earlier terms of a person who left and was listed again: their study then still counts (core/membership.ts). */
  readonly earlierTerms?: ReadonlyArray<{ readonly joinedOn: QuizDay; readonly leftOn: QuizDay }>;
  /** 职务 (roster column, or the platform's position/title). */
  readonly title?: string;
  /** Departments the person heads (platform leader flags, or the roster's 职务); a leader sees their subtrees. */
  readonly leaderOf?: readonly string[];
  /** 工号 and mobile: identities are matched by them when a platform or the roster gives them. */
  readonly employeeNo?: string;
  readonly mobile?: string;
  /** Fields the roster or an admin set, which a contact sync does not overwrite. */
  readonly pinned?: readonly PinnedField[];
  /**
   * A demo person (seeded, seed-demo, or created by the playground): acts only among demo people and is never
   * counted once real people exist (directory/demo-data.ts).
   */
  readonly demo?: true;
}

/** One question of a person's daily quiz; `order[i]` is the bank option index shown as letter i. */
export interface QuizItem {
  readonly questionId: string;
  readonly order: readonly number[];
  /** A due review (复习题) from the person's queue, not a new question. */
  readonly review?: true;
}

export interface DailyQuiz {
  readonly personId: string;
  readonly day: QuizDay;
  readonly items: readonly QuizItem[];
  readonly servedAt: string;
  /** First day of the no-repeat round the quiz was drawn in (the practice state keeps the latest per person). */
  readonly round?: QuizDay;
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
  /** The option order the person saw (`QuizItem.order`), so a review shows the question as it was shown. */
  readonly order?: readonly number[];
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
  /** The question's review schedule after this answer (a wrong answer enters the queue; a queued one moves on). */
  readonly review?: ReviewCard;
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
  /** The option order the person saw (absent for answers recorded before it was kept). */
  readonly order?: readonly number[];
}

/** 精准普法: answers and correct answers of one (department, law, article) over some months. */
export interface TallyEntry {
  readonly departmentId: string;
  readonly law: string;
  readonly article: string;
  readonly answered: number;
  readonly correct: number;
}

/**
 * One question in a person's review queue: the FSRS memory state (ts-fsrs `Card`, short-term steps off, so
 * every interval is whole days) and when it is due. Written by the quiz, never computed by the store.
 */
export interface ReviewCard {
  /** Due instant (ISO) as FSRS computed it, and its study day in the bot's time zone (what "due today" compares). */
  readonly due: string;
  readonly dueDay: QuizDay;
  readonly stability: number;
  readonly difficulty: number;
  readonly scheduledDays: number;
  readonly reps: number;
  readonly lapses: number;
  /** ts-fsrs State: 0 New, 1 Learning, 2 Review, 3 Relearning. */
  readonly state: number;
  /** When it was last graded (ISO). */
  readonly lastReview: string;
  /** The option order shown that time, so the next review can show a different one. */
  readonly lastOrder?: readonly number[];
}

/** A person's daily-quiz answers and correct answers on one law (all time): the basis of leaning and `我的`. */
export interface LawCount {
  readonly answered: number;
  readonly correct: number;
}

/** A `复习` sitting outside the daily quiz: the due reviews taken now, answered in order. */
export interface ReviewSession {
  readonly personId: string;
  /** Unique per person: `<day>.<n>`; card taps name it. */
  readonly id: string;
  readonly day: QuizDay;
  readonly items: readonly QuizItem[];
  readonly startedAt: string;
  /** Questions answered so far (the current one is `items[answered]`), and how many of them right. */
  readonly answered: number;
  readonly correct: number;
  /** False once finished or left (`答题` switches to the daily quiz). */
  readonly open: boolean;
  /** The chat message that gave the latest answer: the same message handled again (crash recovery) grades nothing. */
  readonly lastMessageId?: string;
}

/** A graded `复习` answer: advances the session and replaces the question's schedule in one event. */
export interface ReviewAnswer {
  readonly personId: string;
  readonly sessionId: string;
  readonly index: number;
  readonly questionId: string;
  /** In the bank's own letters, as in AnswerRecord. */
  readonly chosen: string;
  readonly correct: boolean;
  readonly answeredAt: string;
  /** The question's new schedule; absent when the question was withdrawn and skipped (nothing graded). */
  readonly card?: ReviewCard;
  /** The chat message answered (kept on the sitting as `lastMessageId`). */
  readonly messageId?: string;
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
 * (one API call's worth), or to a group. It stays pending until the platform accepted it, or until its
 * deadline (the end of its study day), when it is given up; a re-run of the job sends a given-up item again.
 */
export interface OutboxItem {
  readonly id: string;
  readonly channel: ChannelId;
  readonly to:
    | { readonly kind: 'users'; readonly userIds: readonly string[] }
    | { readonly kind: 'group'; readonly id: string }
    /** A reply to one message, to its reply destination (delivery/replies.ts); expiresAt as ISO-8601. */
    | { readonly kind: 'reply'; readonly destination: Omit<Destination, 'expiresAt'> & { readonly expiresAt?: string } };
  readonly message: OutboundMessage;
  /** Why it was sent: `<job>:<day>` for a scheduled job (summaries are per reason), or `topic:<id>`. */
  readonly reason: string;
  readonly createdAt: string;
  readonly attempts?: number;
  /** Not tried again before this time (backoff after a failed attempt); absent = due now. */
  readonly nextAt?: string;
  /** Retried until this time (the end of its study day in the bot's time zone), then given up. */
  readonly deadline?: string;
  /** The last failure, for the operator (`npm run pufa -- outbox`). */
  readonly lastError?: string;
}

/** How an attempt ended: delivered (to all but `invalid` and `retry`), or given up (`failed`). */
export interface OutboxResult {
  readonly id: string;
  readonly sentAt: string;
  /** Recipients the platform rejected (not members, outside the app's visibility): final, not retried. */
  readonly invalid?: readonly string[];
  /**
   * Recipients the platform did not take this time (throttled): moved, in the same durable step, to a
   * follow-up item `<id>:r<attempt>` that is due at `retryAt`.
   */
  readonly retry?: readonly string[];
  readonly retryAt?: string;
  /** Set when the item was given up (its deadline passed); it stays listed and a re-run sends it again. */
  readonly failed?: string;
}

/** Where one outbox item stands. */
export type OutboxState = 'pending' | 'delivered' | 'failed';

/** What the outbox knows about one item of the recent days, for summaries and the operator's listing. */
export interface OutboxRecord {
  readonly id: string;
  readonly reason: string;
  /** Absent only for items settled before per-recipient accounting existed. */
  readonly channel?: ChannelId;
  readonly to?: OutboxItem['to'];
  readonly state: OutboxState;
  readonly attempts: number;
  /** pending: when it is tried next (absent = now); delivered or failed: when it was settled. */
  readonly at?: string;
  readonly deadline?: string;
  /** delivered: recipients the platform rejected. */
  readonly invalid?: readonly string[];
  /** delivered: recipients moved to a follow-up item (counted there). */
  readonly moved?: readonly string[];
  /** pending: the last failure; failed: why it was given up. */
  readonly error?: string;
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
  /** Recalled in the console within 10 minutes of its 发布: no longer shown by 学习 or 周一夜学. */
  readonly recalledAt?: string;
  /** Published or planned by a demo admin: reaches demo people only. */
  readonly demo?: true;
}
