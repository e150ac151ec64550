/**
 * The README's points rules, end to end on the playground: a day's answer points are capped at 10
 * (POINTS_DAILY_CAP default); the streak bonus comes on top. 15 questions a day (the most QUIZ_SIZE allows) make the cap bite.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';

const TOKEN = 'test-admin-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('the daily points cap', () => {
  test('15 right answers a day score 10, three days in a row score 10, 10 and 10 + 1 streak bonus; reports agree', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z', env: { QUIZ_SIZE: '15', ADMIN_TOKEN: TOKEN } });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const say = async (text: string): Promise<string[]> => {
      const r = await fetch(`${srv.url}/playground/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'zhangsan', text }),
      });
      return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text);
    };
    for (const [day, expected] of [
      ['2026-11-24', 10],
      ['2026-11-25', 10],
      ['2026-11-26', 11],
    ] as const) {
      clock.set(`${day}T02:00:00Z`);
      expect((await say('答题'))[0]).toContain('今日答题共 15 题');
      let last: string[] = [];
      for (let i = 0; i < 15; i++) last = await say(await currentAnswer(deps, 'zhangsan'));
      // Ground truth from the README table: single 1, multiple 2, judge 1, 较难 +1; well over the cap.
      const raw = (await deps.store.getQuiz('zhangsan', day as QuizDay))!.items
        .map((it) => deps.bank.get(it.questionId)!)
        .reduce((sum, q) => sum + (q.type === 'multiple' ? 2 : 1) + (q.difficulty === 3 ? 1 : 0), 0);
      expect(raw).toBeGreaterThan(10);
      expect(last.at(-1)).toContain(`今日成绩：答对 15/15 题，积分 +${expected}`);
    }
    const res = await fetch(`${srv.url}/api/reports/people?from=2026-11-24&to=2026-11-26`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const zhangsan = ((await res.json()) as { people: Array<{ id: string; points: number; answered: number }> }).people.find((p) => p.id === 'zhangsan');
    expect(zhangsan).toMatchObject({ points: 31, answered: 45 });
    expect((await say('我的'))[0]).toMatch(/本月：学习 3\/\d+ 天，积分 31，/);
  });
});
