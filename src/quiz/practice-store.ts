/**
 * The practice port: what spaced review (复习) and 精准普法 picking need from storage, kept beside its consumer
 * (the quiz) rather than in the big Store interface. StateStore implements it over journaled events, so the
 * schedule survives restarts; test/contract/practice-store-contract.ts runs against every store.
 *
 * Two writes reach it through the daily quiz's own events, so they are atomic with them: an answer record
 * carrying `review` (the question's new schedule) and a quiz carrying `round` (the person's no-repeat round).
 */
import type { QuizDay } from '../core/quiz-day.js';
import type { QuizItem } from '../store/model.js';

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

export interface PracticeStore {
  /** The person's review queue: a card per question they got wrong (and have not had withdrawn). */
  reviewCards(personId: string): Promise<ReadonlyMap<string, ReviewCard>>;
  /** One card (what grading an answer needs: no read of the whole queue). */
  reviewCard(personId: string, questionId: string): Promise<ReviewCard | undefined>;
  /** The person's daily-quiz answers by law (law short title → counts). */
  lawCounts(personId: string): Promise<ReadonlyMap<string, LawCount>>;
  /** First day of the person's current no-repeat round (undefined: the first round, nothing restarted yet). */
  roundStart(personId: string): Promise<QuizDay | undefined>;
  /** The person's latest `复习` sitting (open or not). */
  reviewSession(personId: string): Promise<ReviewSession | undefined>;
  /** Starts a sitting (replacing the latest one). */
  startReviewSession(session: ReviewSession): Promise<void>;
  /**
   * Idempotent on (person, session, index): only the current question of the person's open sitting is
   * graded; anything else (a second answer, a sitting left or replaced) is 'already-answered' and changes nothing.
   */
  recordReview(answer: ReviewAnswer): Promise<'recorded' | 'already-answered'>;
  /** Leaves a sitting (its unanswered reviews stay due); another id is ignored. */
  closeReviewSession(personId: string, sessionId: string): Promise<void>;
}
