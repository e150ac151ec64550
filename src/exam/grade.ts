/**
 * Grading an exam paper, with the rules of the daily quiz: an answer in the bank's letters (or 对/错) against
 * the key recorded on the paper; 多选 all-or-nothing unless the exam gives partial credit (a correct subset with
 * no wrong option earns that share of the points). Pure: any score can be re-derived from the paper and the
 * saved answers (`rederive`).
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { type ParsedAnswer, parseAnswer } from '../quiz/answer-parse.js';
import { grade } from '../quiz/grade.js';
import type { Attempt, AttemptResult, Exam, PaperItem } from './exam-model.js';

/** Points rounded to hundredths (partial credit can make halves; sums must not drift). */
const round = (x: number) => Math.round(x * 100) / 100;

export function scoreItem(item: PaperItem, chosen: string | null, partialCredit: number): number {
  if (!chosen) return 0;
  if (chosen === item.key) return item.points;
  if (item.type === 'multiple' && partialCredit > 0 && [...chosen].every((l) => item.key.includes(l))) return round(item.points * partialCredit);
  return 0;
}

export function gradePaper(
  paper: readonly PaperItem[],
  answers: readonly (string | null)[],
  exam: Pick<Exam, 'partialCredit' | 'passMark'>,
): { score: number; passed: boolean; itemPoints: number[] } {
  const itemPoints = paper.map((item, i) => scoreItem(item, answers[i] ?? null, exam.partialCredit));
  const score = round(itemPoints.reduce((s, p) => s + p, 0));
  return { score, passed: score >= exam.passMark, itemPoints };
}

export function resultOf(a: Attempt, exam: Exam, status: AttemptResult['status'], at: string): AttemptResult {
  return { status, at, ...gradePaper(a.paper, a.answers, exam) };
}

/** A recorded score that differs from the one re-derived from the paper and the saved answers. */
export interface Mismatch {
  readonly attemptId: string;
  readonly recorded: number;
  readonly derived: number;
}

/** Re-derives every finished attempt's score and pass from what was recorded; lists any difference. */
export function rederive(exam: Exam, attempts: readonly Attempt[]): { checked: number; mismatches: Mismatch[] } {
  let checked = 0;
  const mismatches: Mismatch[] = [];
  for (const a of attempts) {
    if (a.status === 'active') continue;
    checked++;
    const g = gradePaper(a.paper, a.answers, exam);
    if (g.score !== a.score || g.passed !== a.passed) mismatches.push({ attemptId: a.id, recorded: a.score ?? Number.NaN, derived: g.score });
  }
  return { checked, mismatches };
}

/**
 * What a person typed or tapped (their own letters, or 对/错) for the question at a paper position, in the
 * bank's letters; parsed and mapped as in the daily quiz. Undefined when it is not an answer to this question
 * (a 单选 answered with two letters is not; a 多选 answered with one letter is, and is graded as usual).
 */
export function toChosen(q: LoadedQuestion, item: PaperItem, text: string): string | undefined {
  const parsed: ParsedAnswer | undefined = parseAnswer(text, q.type, q.options?.length ?? 2);
  if (!parsed) return undefined;
  if (q.type === 'single' && parsed.kind === 'letters' && parsed.letters.length !== 1) return undefined;
  return grade(q, item.order, parsed).chosen;
}
