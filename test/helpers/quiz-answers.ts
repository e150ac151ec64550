/** Test helper: the answer a person must give (as displayed to them) to the current question of today's quiz. */
import type { Deps } from '../../src/deps.js';
import { displayedAnswer } from '../../src/quiz/format.js';

export async function currentAnswer(deps: Deps, personId: string, right = true): Promise<string> {
  const day = deps.quiz.today();
  const quiz = await deps.store.getQuiz(personId, day);
  if (!quiz) throw new Error('no quiz today');
  const index = (await deps.store.answersOf(personId, day)).length;
  const item = quiz.items[index]!;
  const q = deps.bank.get(item.questionId)!;
  const good = displayedAnswer(q, item.order);
  if (right) return good;
  if (q.type === 'judge') return good === '对' ? '错' : '对';
  return good === 'A' ? 'B' : 'A';
}

/** The right answer (as displayed) to question `index` of the person's quiz today, answered or not. */
export async function answerAt(deps: Deps, personId: string, index: number): Promise<string> {
  const quiz = await deps.store.getQuiz(personId, deps.quiz.today());
  if (!quiz) throw new Error('no quiz today');
  const item = quiz.items[index]!;
  return displayedAnswer(deps.bank.get(item.questionId)!, item.order);
}
