/**
 * Spaced review and 精准普法 end to end on the playground: a wrong answer enters the queue, the next day's quiz
 * opens with it (复习题, a fresh option order, graded as any daily question), `复习` takes due reviews outside the
 * daily quiz (no points), `答题` leaves a sitting, the schedule survives a restart on the lowdb store, withdrawn
 * questions drop out, and `我的` shows the queue and the person's weak laws.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Deps } from '../../src/deps.js';
import { displayedAnswer } from '../../src/quiz/format.js';
import { createQuestionBank } from '../../src/quiz/question-bank.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function serve(deps: Deps) {
  const srv = await startServer(deps);
  closers.push(srv.close);
  return async (text: string, userId = 'zhangsan'): Promise<string[]> => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text);
  };
}

/** The answer (as displayed) to the current question of the person's open 复习 sitting. */
async function reviewAnswer(deps: Deps, personId: string, right = true): Promise<string> {
  const s = (await deps.practice.reviewSession(personId))!;
  const item = s.items[s.answered]!;
  const q = deps.bank.get(item.questionId)!;
  const good = displayedAnswer(q, item.order);
  if (right) return good;
  if (q.type === 'judge') return good === '对' ? '错' : '对';
  return good === 'A' ? 'B' : 'A';
}

/** Day 1: the whole quiz answered wrong; returns the five question ids. */
async function missEverything(deps: Deps, say: (t: string) => Promise<string[]>): Promise<string[]> {
  await say('答题');
  const replies: string[] = [];
  for (let i = 0; i < 5; i++) replies.push(...(await say(await currentAnswer(deps, 'zhangsan', false))));
  expect(replies.filter((r) => r.includes('已加入复习计划'))).toHaveLength(5);
  return (await deps.store.getQuiz('zhangsan', '2026-11-24' as QuizDay))!.items.map((i) => i.questionId);
}

describe('spaced review', () => {
  test('a wrong answer enters the queue; the next quiz opens with two 复习题 in a fresh option order, graded and scored like any question', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    const missed = await missEverything(deps, say);
    const cards = await deps.practice.reviewCards('zhangsan');
    expect([...cards.keys()].sort()).toEqual([...missed].sort());
    expect([...cards.values()].every((c) => c.dueDay === '2026-11-25')).toBe(true);

    clock.set('2026-11-25T02:00:00Z');
    const opening = await say('答题');
    expect(opening[1]).toContain('【今日答题 1/5 · 复习题】');
    const quiz = (await deps.store.getQuiz('zhangsan', '2026-11-25' as QuizDay))!;
    expect(quiz.items.map((i) => i.review ?? false)).toEqual([true, true, false, false, false]);
    for (const item of quiz.items.slice(0, 2)) {
      expect(missed).toContain(item.questionId);
      if (item.order.length > 1) expect(item.order).not.toEqual(cards.get(item.questionId)!.lastOrder);
    }
    expect(quiz.items.slice(2).every((i) => !missed.includes(i.questionId))).toBe(true);
    const graded = await say(await currentAnswer(deps, 'zhangsan'));
    expect(graded[0]).toContain('✅ 回答正确');
    expect(graded[0]).toContain('下次复习');
    const moved = (await deps.practice.reviewCard('zhangsan', quiz.items[0]!.questionId))!;
    expect(moved.dueDay > '2026-11-26').toBe(true);
    expect(moved.reps).toBe(2);
    expect((await deps.store.dayStats('zhangsan', '2026-11-25' as QuizDay)).correct).toBe(1);
  });

  test('复习 takes the due reviews now: graded and explained, schedule moved, no points; then nothing is due', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    await missEverything(deps, say);
    clock.set('2026-11-25T01:00:00Z');
    const start = await say('复习');
    expect(start[0]).toContain('开始复习：5 道到期的错题');
    expect(start[1]).toContain('【复习 1/5 · 复习题】');
    const results: string[] = [];
    for (let i = 0; i < 5; i++) results.push(...(await say(await reviewAnswer(deps, 'zhangsan', i < 3))));
    expect(results.filter((r) => r.includes('解析：'))).toHaveLength(5);
    expect(results.at(-1)).toContain('复习完成：答对 3/5 题（复习不计入今日积分）');
    expect(await deps.store.dayStats('zhangsan', '2026-11-25' as QuizDay)).toMatchObject({ answered: 0, answerPoints: 0, completed: false });
    const cards = [...(await deps.practice.reviewCards('zhangsan')).values()];
    expect(cards.filter((c) => c.dueDay === '2026-11-26')).toHaveLength(2); // the two missed again
    expect(cards.filter((c) => c.dueDay > '2026-11-26')).toHaveLength(3);
    expect((await say('复习'))[0]).toBe('暂无到期的复习题（复习队列共 5 题）。下一次复习：2026-11-26。');
    // the daily quiz drawn afterwards has no review left to mix in
    await say('答题');
    expect((await deps.store.getQuiz('zhangsan', '2026-11-25' as QuizDay))!.items.some((i) => i.review)).toBe(false);
  });

  test('答题 leaves an open sitting (its reviews stay due) and answers go to the daily quiz; 复习 picks up the rest', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    await missEverything(deps, say);
    clock.set('2026-11-25T01:00:00Z');
    await say('复习');
    await say(await reviewAnswer(deps, 'zhangsan'));
    const quiz = await say('答题');
    expect(quiz[0]).toContain('今日答题共 5 题');
    expect((await deps.practice.reviewSession('zhangsan'))?.open).toBe(false);
    await say(await currentAnswer(deps, 'zhangsan'));
    expect(await deps.store.answersOf('zhangsan', '2026-11-25' as QuizDay)).toHaveLength(1);
    // two of the four still due were mixed into the daily quiz; 复习 offers the other two
    const again = await say('复习');
    expect(again[0]).toContain('开始复习：2 道到期的错题');
  });

  test('the same message handled twice (recovered after a crash) is graded once, not again as the next question', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    await missEverything(deps, say);
    clock.set('2026-11-25T01:00:00Z');
    await say('复习');
    const person = (await deps.store.getPerson('zhangsan'))!;
    const text = await reviewAnswer(deps, 'zhangsan');
    const first = await deps.review.answer(person, text, undefined, 'msg-42');
    expect(first.kind === 'graded' && first.replies[0]).toMatchObject({ text: expect.stringContaining('✅ 回答正确') });
    expect(await deps.review.answer(person, text, undefined, 'msg-42')).toEqual({ kind: 'graded', replies: [] });
    expect(await deps.practice.reviewSession('zhangsan')).toMatchObject({ answered: 1, correct: 1 });
  });

  test('the queue and an open sitting survive a restart on the lowdb store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-review-'));
    const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    let store = await open();
    let { deps, clock } = await makeTestDeps({ store, now: '2026-11-24T02:00:00Z' });
    let say = await serve(deps);
    await missEverything(deps, say);
    clock.set('2026-11-25T01:00:00Z');
    await say('复习');
    await say(await reviewAnswer(deps, 'zhangsan', false));
    const before = await deps.practice.reviewCards('zhangsan');
    await deps.dispatcher.drain();
    await store.close();

    store = await open();
    closers.push(() => store.close());
    ({ deps, clock } = await makeTestDeps({ store, demo: false, now: '2026-11-25T01:30:00Z' }));
    say = await serve(deps);
    expect(await deps.practice.reviewCards('zhangsan')).toEqual(before);
    const resumed = await say('复习');
    expect(resumed[0]).toBe('继续复习（已答 1/5 题）。');
    expect(resumed[1]).toContain('【复习 2/5 · 复习题】');
    for (let i = 0; i < 4; i++) await say(await reviewAnswer(deps, 'zhangsan'));
    expect(await deps.practice.reviewSession('zhangsan')).toMatchObject({ answered: 5, correct: 4, open: false });
  });

  test('a question withdrawn from the bank drops out of the queue: not in 复习, not mixed into the quiz, not counted', async () => {
    const { deps, clock } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    const missed = await missEverything(deps, say);
    deps.bank.replace(createQuestionBank(deps.bankReport.questions, { exclude: missed.slice(0, 4) }));
    clock.set('2026-11-25T01:00:00Z');
    expect((await say('我的')).join('\n')).toContain('复习：队列 1 题，今日到期 1 题');
    const start = await say('复习');
    expect(start[0]).toContain('开始复习：1 道到期的错题');
    await say(await reviewAnswer(deps, 'zhangsan'));
    await say('答题');
    const quiz = (await deps.store.getQuiz('zhangsan', '2026-11-25' as QuizDay))!;
    expect(quiz.items.some((i) => missed.slice(0, 4).includes(i.questionId))).toBe(false);
    expect(quiz.items.some((i) => i.review)).toBe(false);
  });
});

describe('我的: weak laws', () => {
  test('lists the person’s laws by accuracy, lowest first, once a law has 5 answers', async () => {
    const { deps } = await makeTestDeps({ now: '2026-11-24T02:00:00Z' });
    const say = await serve(deps);
    const record = async (day: string, index: number, law: string, correct: boolean) =>
      deps.store.recordAnswer({
        personId: 'zhangsan',
        day: day as QuizDay,
        index,
        questionId: `x-${day}-${index}`,
        chosen: 'A',
        correct,
        points: 0,
        answeredAt: `${day}T02:00:00.000Z`,
        elapsedMs: 1,
        law,
        article: '第一条',
      });
    // 行政处罚法 2/6 right, 宪法 4/5, 民法典 1/4 (too few answers to rank)
    const plan: Array<[string, boolean]> = [
      ['行政处罚法', true],
      ['行政处罚法', true],
      ['行政处罚法', false],
      ['行政处罚法', false],
      ['行政处罚法', false],
      ['行政处罚法', false],
      ['宪法', true],
      ['宪法', true],
      ['宪法', true],
      ['宪法', true],
      ['宪法', false],
      ['民法典', true],
      ['民法典', false],
      ['民法典', false],
      ['民法典', false],
    ];
    for (const [i, [law, ok]] of plan.entries()) await record(`2026-11-${String(10 + Math.floor(i / 5)).padStart(2, '0')}`, i % 5, law, ok);
    const text = (await say('我的')).join('\n');
    expect(text).toContain(
      '薄弱法律（正确率从低到高，作答满 5 次的法律）：\n1. 《行政处罚法》 正确率 33.3%（作答 6 次）\n2. 《宪法》 正确率 80.0%（作答 5 次）',
    );
    expect(text).not.toContain('民法典');
    expect(text).toContain('复习：复习队列为空');
  });
});
