/**
 * Grading: maps what the person chose on their shuffled display back to the bank's letters and compares.
 * 多选 is all-or-nothing. Pure.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { OPTION_LETTERS } from '../bank/question-schema.js';
import type { ParsedAnswer } from './answer-parse.js';

export interface Grade {
  readonly correct: boolean;
  /** What the person chose, in the bank's letters ('B', 'ABD', '对'). */
  readonly chosen: string;
}

/** Display letters → bank letters through the item's option order. */
export function toBankLetters(displayLetters: string, order: readonly number[]): string {
  return [...displayLetters]
    .map((l) => OPTION_LETTERS[order[l.charCodeAt(0) - 65]!]!)
    .sort()
    .join('');
}

/** Bank letters → the letters the person saw. */
export function toDisplayLetters(bankLetters: string, order: readonly number[]): string {
  return [...bankLetters]
    .map((l) => OPTION_LETTERS[order.indexOf(l.charCodeAt(0) - 65)]!)
    .sort()
    .join('');
}

export function grade(q: LoadedQuestion, order: readonly number[], answer: ParsedAnswer): Grade {
  if (q.type === 'judge') {
    const chosen = answer.kind === 'judge' ? (answer.value ? '对' : '错') : '';
    return { correct: chosen === q.answer, chosen };
  }
  const chosen = answer.kind === 'letters' ? toBankLetters(answer.letters, order) : '';
  return { correct: chosen === q.answer, chosen };
}
