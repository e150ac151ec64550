/**
 * The practice port: what spaced review (复习) and 精准普法 picking need from storage (review queues, answers by
 * law, rounds, `复习` sittings). test/contract/practice-store-contract.ts runs against every store.
 *
 * Two writes reach it through the daily quiz's own events, so they are atomic with them: an answer record
 * carrying `review` (the question's new schedule) and a quiz carrying `round` (the person's no-repeat round).
 */
import type { LawCount, ReviewAnswer, ReviewCard, ReviewSession } from '../model.js';
import type { QuizDay } from '../quiz-day.js';

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
