/**
 * The review queue as the quiz reads it: which cards are due on a day, and what the person is told. Pure.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { DueReview } from './pick.js';
import type { ReviewCard } from './practice-store.js';
import { isDue } from './review-schedule.js';

/** Cards due on `day`, most overdue first (ties by question id, for a stable order). */
export function dueReviews(cards: ReadonlyMap<string, ReviewCard>, day: QuizDay): DueReview[] {
  const out: DueReview[] = [];
  for (const [questionId, card] of cards) {
    if (isDue(card, day)) out.push({ questionId, dueDay: card.dueDay, ...(card.lastOrder ? { lastOrder: card.lastOrder } : {}) });
  }
  return out.sort((a, b) => (a.dueDay < b.dueDay ? -1 : a.dueDay > b.dueDay ? 1 : a.questionId < b.questionId ? -1 : 1));
}

/** The line after a graded answer that touched the queue: when the question comes back. */
export function reviewNote(card: ReviewCard, correct: boolean): string {
  return correct ? `📅 已掌握一步，下次复习：${card.dueDay}` : `📌 已加入复习计划，${card.dueDay} 再练这道题（发送“复习”可随时复习到期的题）`;
}

/** A person's queue as `我的` shows it: questions still servable, and how many are due today. */
export interface QueueSummary {
  readonly queued: number;
  readonly dueToday: number;
  /** Earliest due day among those not yet due (undefined when none). */
  readonly nextDue?: QuizDay;
}

/** Counts only questions still in `pool`: a question withdrawn from the bank drops out of the queue. */
export function queueSummary(cards: ReadonlyMap<string, ReviewCard>, pool: readonly LoadedQuestion[], day: QuizDay): QueueSummary {
  const ids = new Set(pool.map((q) => q.id));
  let queued = 0;
  let dueToday = 0;
  let nextDue: QuizDay | undefined;
  for (const [id, card] of cards) {
    if (!ids.has(id)) continue;
    queued++;
    if (isDue(card, day)) dueToday++;
    else if (!nextDue || card.dueDay < nextDue) nextDue = card.dueDay;
  }
  return { queued, dueToday, ...(nextDue ? { nextDue } : {}) };
}
