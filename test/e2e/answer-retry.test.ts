/**
 * Answers that cannot be graded as typed are asked again with the reason, and nothing is recorded:
 * several letters to a 单选, a letter the question does not have, a letter or a near word to a 判断.
 * Driven over the playground's JSON API on a quiz whose questions the test chose.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { displayedAnswer } from '../../src/quiz/format.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function say(url: string, userId: string, text: string): Promise<string[]> {
  const res = await fetch(`${url}/playground/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text);
}

describe('answers asked again', () => {
  test('“A、C” to a 单选, “ABCDE” to a 4-option 多选, “A” and “对的” to a 判断: asked again, not graded', async () => {
    const { deps } = await makeTestDeps();
    const pool = deps.bank.eligible('全员');
    const single = pool.find((q) => q.type === 'single' && q.options?.length === 4)!;
    const multiple = pool.find((q) => q.type === 'multiple' && q.options?.length === 4)!;
    const judge = pool.find((q) => q.type === 'judge')!;
    const day = deps.quiz.today();
    const items = [single, multiple, judge].map((q) => ({ questionId: q.id, order: q.options ? q.options.map((_, i) => i) : [0, 1] }));
    await deps.store.saveQuiz({ personId: 'zhangsan', day, items, servedAt: deps.clock.now().toISOString() });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const answered = async () => (await deps.store.answersOf('zhangsan', day)).length;

    expect((await say(srv.url, 'zhangsan', '答题')).join('\n')).toContain('【今日答题 1/3】单选题');
    const twoLetters = await say(srv.url, 'zhangsan', 'A、C');
    expect(twoLetters[0]).toMatch(/^这是单选题，只有一个正确答案，请只回复一个字母（您回复了 A、C）。当前题目：\n【今日答题 1\/3】单选题/);
    expect(await answered()).toBe(0);
    expect((await say(srv.url, 'zhangsan', displayedAnswer(single, items[0]!.order)))[0]).toMatch(/^✅ 回答正确/);

    const tooMany = await say(srv.url, 'zhangsan', 'ABCDE');
    expect(tooMany[0]).toMatch(/^本题只有 A–D 四个选项，没有 E。请重新作答。当前题目：\n【今日答题 2\/3】多选题/);
    expect(await answered()).toBe(1);
    expect((await say(srv.url, 'zhangsan', displayedAnswer(multiple, items[1]!.order)))[0]).toMatch(/^✅ 回答正确/);

    const letter = await say(srv.url, 'zhangsan', 'A');
    expect(letter[0]).toMatch(/^判断题没有 A 选项，请回复“对”或“错”/);
    const near = await say(srv.url, 'zhangsan', '对的');
    expect(near[0]).toMatch(/^判断题请回复“对”或“错”.*“对的”不能作为答案。当前题目/);
    expect(await answered()).toBe(2);
    const word = judge.answer === '对' ? '是' : '否';
    expect((await say(srv.url, 'zhangsan', word))[0]).toMatch(/^✅ 回答正确/);
    expect(await deps.store.dayStats('zhangsan', day)).toMatchObject({ answered: 3, correct: 3, completed: true });
  });
});
