/**
 * The page's daily quiz service (quiz/quiz-page.ts) over the memory store: a question withdrawn mid-day is
 * skipped as in chat, a person without a department is asked to bind one first (nothing drawn), an answer to
 * yesterday's question after midnight is refused, a non-study day still counts, a wrong answer carries its
 * review note, and a question never shows its key until it is answered.
 */
import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import type { PageQuiz, PageVerdict } from '../../../src/quiz/page-view.js';
import { createQuestionBank } from '../../../src/quiz/question-bank.js';
import { answerAt } from '../../helpers/quiz-answers.js';
import { makeTestDeps } from '../../helpers/test-deps.js';

function quizOf(r: unknown): PageQuiz {
  expect(r).not.toMatchObject({ kind: 'refused' });
  return r as PageQuiz;
}
function answered(r: unknown): { outcome: string; verdict: PageVerdict; quiz: PageQuiz } {
  expect(r).toMatchObject({ kind: 'answered' });
  return r as { outcome: string; verdict: PageVerdict; quiz: PageQuiz };
}

describe('the daily quiz in the page (service)', () => {
  test('a question withdrawn mid-day is skipped (no points), and the day completes', async () => {
    const { deps } = await makeTestDeps();
    const zs = (await deps.store.getPerson('zhangsan'))!;
    const day = deps.quiz.today();
    quizOf(await deps.quizPage.today(zs));
    const quiz = (await deps.store.getQuiz('zhangsan', day))!;
    const withdrawn = quiz.items[1]!.questionId;
    const a0 = await answerAt(deps, 'zhangsan', 0);
    deps.bank.replace(createQuestionBank(deps.bank.all().filter((q) => q.id !== withdrawn)));
    const first = answered(await deps.quizPage.answer(zs, { day, index: 0, answer: a0 }));
    expect(first.quiz.current?.index).toBe(2);
    expect(first.quiz.verdicts[1]).toMatchObject({ index: 1, skipped: true, points: 0, stem: null, basis: null });
    let last = first;
    for (let i = 2; i < 5; i++) last = answered(await deps.quizPage.answer(zs, { day, index: i, answer: await answerAt(deps, 'zhangsan', i) }));
    expect(last.quiz).toMatchObject({ done: true, answered: 5 });
    expect(last.quiz.summary).toMatchObject({ correct: 4, total: 5 });
    // posting to the skipped question returns its skip
    expect(answered(await deps.quizPage.answer(zs, { day, index: 1, answer: 'A' }))).toMatchObject({ outcome: 'already-answered', verdict: { skipped: true } });
  });

  test('someone without a department is asked to bind one; nothing is drawn', async () => {
    const { deps, store } = await makeTestDeps();
    const p = (await store.getPerson('zhangsan'))!;
    const { departmentId: _d, ...unbound } = p;
    await store.savePeople([unbound]);
    expect(await deps.quizPage.today(unbound)).toMatchObject({ kind: 'refused', code: 'no-department' });
    expect(await store.getQuiz('zhangsan', deps.quiz.today())).toBeUndefined();
  });

  test('after midnight an answer to yesterday’s question is refused; today’s quiz is new', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T15:59:00Z' }); // 23:59 in Shanghai
    const zs = (await deps.store.getPerson('zhangsan'))!;
    const yesterday = quizOf(await deps.quizPage.today(zs)).day;
    const a0 = await answerAt(deps, 'zhangsan', 0);
    clock.advance(120_000);
    expect(await deps.quizPage.answer(zs, { day: yesterday, index: 0, answer: a0 })).toMatchObject({ kind: 'refused', code: 'day-over' });
    expect(await deps.store.answersOf('zhangsan', yesterday)).toEqual([]);
    expect(quizOf(await deps.quizPage.today(zs))).toMatchObject({ day: '2026-11-25', answered: 0 });
  });

  test('a non-study day says so and still counts; a wrong answer carries its review note; no key before the answer', async () => {
    const { deps } = await makeTestDeps({ calendar: { isStudyDay: (d: QuizDay) => d !== '2026-11-24' } });
    const zs = (await deps.store.getPerson('zhangsan'))!;
    const day = deps.quiz.today();
    const q = quizOf(await deps.quizPage.today(zs));
    expect(q).toMatchObject({ studyDay: false, answered: 0 });
    const item = (await deps.store.getQuiz('zhangsan', day))!.items[0]!;
    const question = deps.bank.get(item.questionId)!;
    expect(JSON.stringify(q)).not.toContain(question.explanation);
    const right = await answerAt(deps, 'zhangsan', 0);
    const wrong = question.type === 'judge' ? (right === '对' ? '错' : '对') : right === 'A' ? 'B' : 'A';
    const r = answered(await deps.quizPage.answer(zs, { day, index: 0, answer: wrong }));
    expect(r.verdict).toMatchObject({ correct: false, chosen: wrong, correctAnswer: right, explanation: question.explanation });
    expect(r.verdict.reviewNote).toMatch(/^📌 已加入复习计划/);
    expect((await deps.store.dayStats('zhangsan', day)).answered).toBe(1);
  });
});
