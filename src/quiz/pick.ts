/**
 * Draws a person's daily quiz. Pure: same (person, day, history, bank) → same quiz.
 *
 * Questions never seen come first, then the least recently seen, so nothing repeats until the
 * person's eligible pool is used up; ties are broken by a hash of (person, day, question), so
 * neighbours do not share an answer key. Options are shuffled per person and question.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { QuizItem } from '../store/model.js';
import { createRandom, seedOf, shuffled } from './seeded-random.js';

export function pickDailyQuestions(
  personId: string,
  day: QuizDay,
  pool: readonly LoadedQuestion[],
  lastSeen: ReadonlyMap<string, QuizDay>,
  size: number,
): QuizItem[] {
  const ranked = pool
    .map((q) => ({ q, seen: lastSeen.get(q.id) ?? '', tie: seedOf(personId, day, q.id) }))
    .sort((a, b) => (a.seen < b.seen ? -1 : a.seen > b.seen ? 1 : a.tie - b.tie));
  return ranked.slice(0, size).map(({ q }) => ({ questionId: q.id, order: optionOrder(personId, day, q) }));
}

/** Per-person option order; true/false keeps 对 before 错. */
export function optionOrder(personId: string, day: QuizDay, q: LoadedQuestion): number[] {
  const n = q.options?.length ?? 0;
  const identity = Array.from({ length: n }, (_, i) => i);
  return n === 0 ? [] : shuffled(identity, createRandom(seedOf('options', personId, day, q.id)));
}
