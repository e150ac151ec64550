/**
 * Spaced review with FSRS (ts-fsrs): when a question a person got wrong comes back. Pure: card, grade and the
 * time in; the next card out.
 *
 * The quiz is daily, so FSRS's short-term (minute) learning steps are off and every interval is whole days:
 * a wrong answer is due the next day, then each right answer stretches the gap (1 → 3 → 8 → 22 → 54 … days
 * at 90% requested retention), a wrong one shrinks it again. Right is rated Good, wrong Again (a chat answer
 * says nothing finer). Fuzz is off: the daily cap on reviews already spreads them.
 */
import { type Card, type FSRS, type Grade, Rating, type State, createEmptyCard, fsrs } from 'ts-fsrs';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { ReviewCard } from './practice-store.js';

export interface ReviewScheduler {
  /**
   * The card after an answer at `at`: a wrong answer to a question not yet queued enters the queue; a
   * question already queued moves on whether right or wrong; a right answer to a question not queued
   * returns undefined (nothing to review).
   */
  after(card: ReviewCard | undefined, correct: boolean, at: Date, order?: readonly number[]): ReviewCard | undefined;
}

export interface ReviewSchedulerOptions {
  /** FSRS requested retention (0.7–0.97): higher means shorter gaps and more reviews. */
  readonly retention: number;
  readonly timeZone: string;
}

export function createReviewScheduler(opts: ReviewSchedulerOptions): ReviewScheduler {
  const scheduler: FSRS = fsrs({ request_retention: opts.retention, enable_short_term: false, enable_fuzz: false });
  return {
    after(card, correct, at, order) {
      if (!card && correct) return undefined;
      const grade: Grade = correct ? Rating.Good : Rating.Again;
      const next = scheduler.next(card ? toFsrs(card) : createEmptyCard(at), at, grade).card;
      return fromFsrs(next, opts.timeZone, order);
    },
  };
}

/** Whether a card is due on `day` (by study day in the bot's time zone, not by the hour it was answered). */
export function isDue(card: ReviewCard, day: QuizDay): boolean {
  return card.dueDay <= day;
}

function toFsrs(c: ReviewCard): Card {
  return {
    due: new Date(c.due),
    stability: c.stability,
    difficulty: c.difficulty,
    elapsed_days: 0,
    scheduled_days: c.scheduledDays,
    learning_steps: 0,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state as State,
    last_review: new Date(c.lastReview),
  };
}

function fromFsrs(c: Card, timeZone: string, order: readonly number[] | undefined): ReviewCard {
  return {
    due: c.due.toISOString(),
    dueDay: quizDayOf(c.due, timeZone),
    stability: c.stability,
    difficulty: c.difficulty,
    scheduledDays: c.scheduled_days,
    reps: c.reps,
    lapses: c.lapses,
    state: c.state,
    lastReview: (c.last_review ?? c.due).toISOString(),
    ...(order && order.length > 0 ? { lastOrder: [...order] } : {}),
  };
}
