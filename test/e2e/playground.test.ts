import { mkdtempSync, mkdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import { isAppError } from '../../src/core/errors.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { ROOT, makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';

type Reply = { replies: Array<{ text: string }> };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function post(url: string, body: unknown, raw = false): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/playground/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function say(url: string, userId: string, text: string): Promise<string[]> {
  const r = await post(url, { userId, text });
  expect(r.status).toBe(200);
  return (r.json as Reply).replies.map((x) => x.text);
}

describe('playground end to end', () => {
  test('a whole daily quiz over the JSON API', async () => {
    const { deps } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    const first = await say(srv.url, 'zhangsan', '答题');
    expect(first[0]).toContain('今日答题共 5 题');
    expect(first[1]).toMatch(/【今日答题 1\/5】(单选题|多选题|判断题)/);
    for (let i = 0; i < 5; i++) {
      const replies = await say(srv.url, 'zhangsan', await currentAnswer(deps, 'zhangsan', i !== 2));
      expect(replies[0]).toMatch(i !== 2 ? /^✅ 回答正确/ : /^❌ 回答错误。正确答案：/);
      expect(replies[0]).toMatch(/依据：《.+》第.+条/);
      if (i < 4) expect(replies[1]).toContain(`【今日答题 ${i + 2}/5】`);
      else expect(replies[1]).toMatch(/今日答题完成[\s\S]*答对 4\/5 题[\s\S]*连续学习：1 天[\s\S]*部门排名：法制科 第 1 名/);
    }
    // answering again after the quiz is done changes nothing
    const again = await say(srv.url, 'zhangsan', 'A');
    expect(again[0]).toContain('再次作答不计分');
    const stats = await deps.store.dayStats('zhangsan', deps.quiz.today());
    expect(stats).toMatchObject({ answered: 5, correct: 4, completed: true });
    expect((await say(srv.url, 'zhangsan', '错题'))[0]).toContain('解析：');
    expect((await say(srv.url, 'zhangsan', '我的'))[0]).toContain('今日：已完成');
    expect((await say(srv.url, 'zhangsan', '排行榜'))[0]).toMatch(/1\. 法制科 {2}参学率 50\.0%（已学 1\/应学 2 人次）/);
  });

  test('neighbours get different questions or option orders', async () => {
    const { deps } = await makeTestDeps();
    const a = await deps.quiz.start((await deps.store.getPerson('zhangsan'))!);
    const b = await deps.quiz.start((await deps.store.getPerson('zhaoliu'))!);
    expect(a[1]).not.toEqual(b[1]);
  });

  test('commands are forgiving and unknown text gets a hint, never silence', async () => {
    const { deps } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    expect((await say(srv.url, 'zhangsan', '  帮助 '))[0]).toContain('使用帮助');
    expect((await say(srv.url, 'zhangsan', '今天天气不错'))[0]).toContain('发送“帮助”');
    expect((await say(srv.url, 'zhangsan', 'B'))[0]).toContain('还没有开始答题');
    await say(srv.url, 'zhangsan', '开始答题');
    expect((await say(srv.url, 'zhangsan', '不知道'))[0]).toContain('当前题目');
  });

  test('unknown users bind a department from the ones that exist', async () => {
    const { deps } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    expect((await say(srv.url, 'newbie', '答题'))[0]).toMatch(/请先绑定所在部门[\s\S]*法制科/);
    expect((await say(srv.url, 'newbie', '绑定 不存在科'))[0]).toContain('没有找到部门');
    expect((await say(srv.url, 'newbie', '绑定 执法大队'))[0]).toContain('已绑定部门：执法大队');
    expect((await say(srv.url, 'newbie', '答题'))[1]).toContain('【今日答题 1/5】');
  });

  test('a member asking for 未学名单 is told it is for leaders; a leader sees who has not studied', async () => {
    const { deps } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    expect((await say(srv.url, 'zhangsan', '未学名单'))[0]).toContain('仅供部门领导和管理员查看');
    const leader = (await say(srv.url, 'likz', '未学名单'))[0]!;
    expect(leader).toContain('张三');
    expect(leader).not.toContain('李四'); // other department: outside the 法制科 leader's scope
  });

  test('bad input gets a clear 4xx and changes nothing', async () => {
    const { deps, store } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    const before = (await store.listPeople()).length;
    const malformed = await post(srv.url, '{"userId": "x", ', true);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('input.invalid');
    const missing = await post(srv.url, { text: '答题' });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain('userId');
    const big = await post(srv.url, { userId: 'zhangsan', text: '法'.repeat(10 * 1024) });
    expect(big.status).toBe(413);
    expect((await store.listPeople()).length).toBe(before);
    expect(await store.getQuiz('zhangsan', deps.quiz.today())).toBeUndefined();
    const wrongMethod = await fetch(`${srv.url}/playground/messages`);
    expect(wrongMethod.status).toBe(405);
  });

  test('a person who comes back mid-quiz continues, across a server restart on the lowdb store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-e2e-'));
    const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    let store = await open();
    let { deps } = await makeTestDeps({ store });
    let srv = await startServer(deps);
    await say(srv.url, 'lisi', '答题');
    await say(srv.url, 'lisi', await currentAnswer(deps, 'lisi'));
    await say(srv.url, 'lisi', await currentAnswer(deps, 'lisi'));
    const quizBefore = await store.getQuiz('lisi', deps.quiz.today());
    await srv.close();
    await deps.dispatcher.drain();
    await store.close();

    store = await open();
    ({ deps } = await makeTestDeps({ store }));
    srv = await startServer(deps);
    closers.push(async () => {
      await srv.close();
      await store.close();
    });
    expect(await store.getQuiz('lisi', deps.quiz.today())).toEqual(quizBefore);
    const resumed = await say(srv.url, 'lisi', '答题');
    expect(resumed[0]).toContain('已答 2/5 题');
    expect(resumed[1]).toContain('【今日答题 3/5】');
    for (let i = 0; i < 3; i++) await say(srv.url, 'lisi', await currentAnswer(deps, 'lisi'));
    expect(await store.dayStats('lisi', deps.quiz.today())).toMatchObject({ answered: 5, correct: 5, completed: true });
  });

  test('a bank with errors is refused at start-up, naming file, id and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pufa-bank-'));
    mkdirSync(join(dir, 'q'));
    cpSync(join(ROOT, 'questions', 'renmin-tiaojie-fa.json'), join(dir, 'q', 'good.json'));
    writeFileSync(
      join(dir, 'q', 'bad.json'),
      JSON.stringify({
        bank: 'builtin',
        questions: [
          {
            id: 'bad-1',
            type: 'single',
            stem: '一个没有答案的题目',
            options: ['甲', '乙'],
            answer: 'E',
            explanation: '解析解析',
            basis: { law: '行政处罚法', articles: ['第三十六条'], version: '2021-01-22' },
            tracks: ['全员'],
            topic: 't',
            difficulty: 1,
          },
          {
            id: 'bad-2',
            type: 'judge',
            stem: '引用了不存在的条文',
            answer: '对',
            explanation: '解析解析',
            basis: { law: '行政处罚法', articles: ['第九百条'], version: '2021-01-22' },
            tracks: ['全员'],
            topic: 't',
            difficulty: 1,
          },
        ],
      }),
    );
    const err = await makeTestDeps({ env: { QUESTIONS_DIR: join(dir, 'q') } }).catch((e) => e);
    expect(isAppError(err, 'bank.invalid')).toBe(true);
    expect(err.message).toContain('bad.json · bad-1 · answer');
    expect(err.message).toContain('bad.json · bad-2 · basis.articles');
  });
});

describe('group chats', () => {
  test('the quiz and personal data stay in the 1:1 chat; the department board works in groups', async () => {
    const { deps, store } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    const group = async (userId: string, text: string) => ((await post(srv.url, { userId, text, group: true })).json as Reply).replies.map((r) => r.text);
    expect((await group('zhangsan', '答题'))[0]).toContain('请私聊机器人');
    expect(await store.getQuiz('zhangsan', deps.quiz.today())).toBeUndefined();
    expect((await group('zhangsan', '我的'))[0]).toContain('私聊');
    expect((await group('likz', '未学名单'))[0]).toContain('私聊');
    const board = (await group('zhangsan', '排行榜'))[0]!;
    expect(board).toContain('部门参学排行榜');
    expect(board).toContain('个人排名请私聊');
    expect(board).not.toContain('您在');
  });
});

describe('a question withdrawn mid-day', () => {
  test('is skipped instead of blocking the person’s quiz', async () => {
    const { deps } = await makeTestDeps();
    const person = (await deps.store.getPerson('zhangsan'))!;
    await deps.quiz.start(person);
    const quiz = (await deps.store.getQuiz('zhangsan', deps.quiz.today()))!;
    const withdrawn = quiz.items[1]!.questionId;
    const { createQuestionBank } = await import('../../src/quiz/question-bank.js');
    deps.bank.replace(createQuestionBank(deps.bank.all().filter((q) => q.id !== withdrawn)));
    const replies = await deps.quiz.answer(person, await currentAnswer(deps, 'zhangsan'));
    const texts = replies.kind === 'graded' ? replies.replies.map((r) => ('text' in r ? r.text : '')) : [];
    expect(texts[1]).toBe('第 2 题已被管理员下线，已跳过。');
    expect(texts[2]).toContain('【今日答题 3/5】');
  });
});
