/**
 * 错题 shows what the person saw (issue 11.12): options are shuffled per person, so the review lists the
 * options in the person's own order and gives their letters, not the bank's. Driven through the playground.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** The option lines ("A. …") of a question as the quiz showed it. */
const optionLines = (text: string) => text.split('\n').filter((l) => /^[A-H]\. /.test(l));

describe('错题 on the playground', () => {
  test('lists each wrong question with the options in the order the person saw and their own letters', async () => {
    const { deps } = await makeTestDeps();
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

    const shown: Array<{ stem: string; options: string[]; sent: string; correct: string }> = [];
    let question = (await say('答题'))[1]!;
    for (let i = 0; i < 5; i++) {
      const sent = await currentAnswer(deps, 'zhangsan', false);
      const correct = await currentAnswer(deps, 'zhangsan', true);
      shown.push({ stem: question.split('\n')[1]!, options: optionLines(question), sent, correct });
      const replies = await say(sent);
      expect(replies[0]).toContain(`❌ 回答错误。正确答案：${correct}`);
      question = replies[1]!;
    }
    // The test only proves something if the shuffle moved at least one option of a choice question.
    const quiz = (await deps.store.getQuiz('zhangsan', deps.quiz.today()))!;
    expect(quiz.items.some((it) => it.order.length > 0 && it.order.some((bank, shownAt) => bank !== shownAt))).toBe(true);

    const book = (await say('错题'))[0]!;
    const entries = book.split(/\n(?=\d+\. )/).slice(1);
    expect(entries).toHaveLength(5);
    for (const s of shown) {
      const entry = entries.find((e) => e.includes(s.stem));
      expect(entry, s.stem).toBeDefined();
      const lines = entry!.split('\n').map((l) => l.trim());
      expect(optionLines(lines.join('\n'))).toEqual(s.options);
      expect(lines).toContain(`您的答案：${s.sent}`);
      expect(lines).toContain(`正确答案：${s.correct}`);
    }
  });
});
