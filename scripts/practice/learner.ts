/**
 * The simulated learners of scripts/simulate-practice.ts: given error rates by law, and a simple memory model
 * that is deliberately not FSRS's own (so FSRS is not graded against the curve it assumes).
 *
 * - Error rates: person p has a base rate b ∈ [0.10, 0.30]; each law's rate is b × [0.7, 1.3]; four laws
 *   (drawn per person) are weak, at [0.45, 0.70]. All from a fixed hash, so every arm meets the same people.
 * - Memory: before a question is first answered the person gets it right with probability 1 − e (e: the law's
 *   rate). Every graded answer shows the right answer and its explanation, which leaves a trace of stability S
 *   (days); t days later it is recalled with R = exp(−t / S), and P(right) = 1 − e · (1 − R).
 * - Learning: a wrong answer sets S = 2 days (or halves it, not below 2); a right answer with a trace grows it,
 *   more when recall was harder (the spacing effect): S ← S · (1 + 2 · (1 − R)) + 1; a right answer with no
 *   trace sets S = 5.
 * - Outcomes are drawn with a hash of (person, question, day), the same draw in every arm.
 */
import type { QuizDay } from '../../src/core/quiz-day.js';
import { dayNumber } from '../../src/core/quiz-day.js';
import { seedOf } from '../../src/quiz/seeded-random.js';

const unit = (...parts: string[]) => seedOf(...parts) / 4294967296;

interface Trace {
  s: number;
  last: number;
}

export class Learner {
  readonly weak: ReadonlySet<string>;
  private readonly rate = new Map<string, number>();
  private readonly traces = new Map<string, Trace>();
  /** Questions answered wrong at least once in the period, with the day first missed. */
  readonly missed = new Map<string, QuizDay>();

  constructor(
    readonly id: string,
    laws: readonly string[],
  ) {
    const base = 0.1 + 0.2 * unit('base', id);
    const weak = [...laws].sort((a, b) => unit('weak', id, a) - unit('weak', id, b)).slice(0, 4);
    this.weak = new Set(weak);
    for (const law of laws) {
      this.rate.set(law, this.weak.has(law) ? 0.45 + 0.25 * unit('weak-rate', id, law) : base * (0.7 + 0.6 * unit('rate', id, law)));
    }
  }

  /** Probability of a right answer to `questionId` (of `law`) on `day`. */
  pRight(questionId: string, law: string, day: QuizDay): number {
    const e = this.rate.get(law) ?? 0.2;
    const t = this.traces.get(questionId);
    if (!t) return 1 - e;
    const r = Math.exp(-(dayNumber(day) - t.last) / t.s);
    return 1 - e * (1 - r);
  }

  /** Draws the answer (the same draw for the same person, question and day in every arm) and learns from it. */
  answer(questionId: string, law: string, day: QuizDay): boolean {
    const right = unit('answer', this.id, questionId, day) < this.pRight(questionId, law, day);
    const t = this.traces.get(questionId);
    const now = dayNumber(day);
    if (!right) {
      if (!this.missed.has(questionId)) this.missed.set(questionId, day);
      this.traces.set(questionId, { s: t ? Math.max(2, t.s / 2) : 2, last: now });
    } else if (t) {
      const r = Math.exp(-(now - t.last) / t.s);
      this.traces.set(questionId, { s: t.s * (1 + 2 * (1 - r)) + 1, last: now });
    } else {
      this.traces.set(questionId, { s: 5, last: now });
    }
    return right;
  }
}
