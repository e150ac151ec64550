/**
 * 错题 (issue 11.12): the option order comes with the answer; answers recorded before it was kept fall back to
 * the day's stored quiz, then to re-deriving the deterministic shuffle. The order survives a restart.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { displayedChoice, wrongBookText } from '../../../src/quiz/format.js';
import { optionOrder } from '../../../src/quiz/pick.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { makeTestDeps } from '../../helpers/test-deps.js';
import { currentAnswer } from '../../helpers/quiz-answers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('wrong book', () => {
  test('an answer recorded without its order (older data, quiz detail pruned) re-derives the shuffle the person saw', async () => {
    const { deps, store } = await makeTestDeps();
    const person = (await store.getPerson('zhangsan'))!;
    const q = deps.bank.eligible('全员').find((x) => x.type === 'single' && x.options!.length >= 4)!;
    const day = '2026-10-12' as QuizDay;
    const order = optionOrder(person.id, day, q);
    expect(order).not.toEqual([...order].sort()); // the shuffle moved something for this (person, day, question)
    // a wrong option whose shown letter differs from its bank letter
    const wrongBank = ['A', 'B', 'C', 'D'].find((l) => l !== q.answer && displayedChoice(q, order, l) !== l)!;
    expect(wrongBank).toBeDefined();
    await store.recordAnswer({
      personId: person.id,
      day,
      index: 0,
      questionId: q.id,
      chosen: wrongBank,
      correct: false,
      points: 0,
      answeredAt: `${day}T02:00:00.000Z`,
      elapsedMs: 1000,
    });

    const [item] = await deps.quiz.wrongBook(person, 5);
    expect(item!.order).toEqual(order);
    const text = wrongBookText([item!]);
    expect(text).toContain(`您的答案：${displayedChoice(q, order, wrongBank)}`);
    expect(text).not.toContain(`您的答案：${wrongBank}\n`); // the bank letter differs from what was shown
  });

  test('the order kept with the answer survives a restart of the lowdb store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-wrong-'));
    let store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    let { deps } = await makeTestDeps({ store });
    const person = (await store.getPerson('lisi'))!;
    await deps.quiz.start(person);
    for (let i = 0; i < 5; i++) await deps.quiz.answer(person, await currentAnswer(deps, 'lisi', false));
    const before = await deps.quiz.wrongBook(person, 5);
    const quiz = (await store.getQuiz('lisi', deps.quiz.today()))!;
    expect(before.map((b) => b.order)).toEqual([...quiz.items].reverse().map((it) => it.order));
    await store.close();

    store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    closers.push(() => store.close());
    ({ deps } = await makeTestDeps({ store, demo: false }));
    expect((await store.wrongAnswers('lisi', 5)).map((w) => w.order)).toEqual(before.map((b) => b.order));
  });
});
