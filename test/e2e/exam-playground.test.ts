/**
 * The annual exam end to end over the playground server: the exam made by `exam create`, taken through the JSON
 * API the web page will use (the playground says who is asking in X-Playground-User), three people take it (one
 * passes, one fails, one times out), one never starts; the xlsx report's figures are checked against figures
 * this test works out itself; a 补考 lets the failed one pass; certificates; a restart mid-attempt on a real
 * LowdbStore loses no saved answer; and a short exam taken in the playground chat.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryLogger } from '../../src/core/log.js';
import type { Deps } from '../../src/deps.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { activeAttempt, answerFor, createExam, examFile, pufa } from '../helpers/exam.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-12-01T02:00:00Z'; // 10:00 in Beijing
const MIN = 60_000;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** 法制科 张三, 执法大队 李四 and 王五, 公共法律服务科 陈七 (李科长 is 领导干部: not in the tracks). */
const AUDIENCE = { departments: ['法制科', '执法大队', '公共法律服务科'], tracks: ['全员', '执法人员'] };
const FILE = examFile({
  from: '2026-12-01 09:00',
  to: '2026-12-05 18:00',
  passMark: 15,
  attempts: 1,
  audience: AUDIENCE,
  paper: { counts: { single: 10, multi: 5, judge: 5 }, points: { single: 1, multi: 2, judge: 1 } },
});

function api(url: string) {
  return async (user: string | undefined, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(user ? { 'x-playground-user': user } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', json: text.startsWith('{') ? JSON.parse(text) : undefined, text };
  };
}

/** Takes the exam over the API: question i answered right when `right(i)`, left open when `answer(i)` is false. */
async function take(deps: Deps, call: ReturnType<typeof api>, user: string, examId: string, right: (i: number) => boolean, answer = (_i: number) => true) {
  const start = await call(user, 'POST', `/api/exam/exams/${examId}/start`);
  expect(start.status).toBe(201);
  const a = await activeAttempt(deps, examId, user);
  let points = 0;
  for (let i = 0; i < a.paper.length; i++) {
    if (!answer(i)) continue;
    const r = await call(user, 'PUT', `/api/exam/exams/${examId}/answers/${i}`, { attempt: a.n, answer: answerFor(a, i, right(i)) });
    expect(r.status).toBe(200);
    if (right(i)) points += start.json.questions[i].points; // the points the page showed for that question
  }
  return { attempt: a.n, points, questions: start.json.questions.length as number };
}

interface SummaryRow {
  label: string;
  expected: number;
  took: number;
  passed: number;
  scores: number[];
}

/** The 汇总 rows this test expects, worked out from who it made answer what. */
function expectedRow(label: string, people: Array<{ score?: number; pass: number }>): SummaryRow {
  const took = people.filter((p) => p.score !== undefined);
  return { label, expected: people.length, took: took.length, passed: took.filter((p) => p.score! >= p.pass).length, scores: took.map((p) => p.score!) };
}

async function readSheet(file: string, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  ws.eachRow((row, n) => {
    if (n > 3) rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('the annual exam over the playground and its API', () => {
  test('three take it (pass, fail, time-out), one never starts; the report is exact; a 补考 lets the failed one pass', async () => {
    const { deps, clock } = await makeTestDeps({ now: NOW });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const call = api(srv.url);
    const id = await createExam(deps, FILE);
    expect(id).toBe('exam-1');

    // who may see and take it
    expect((await call(undefined, 'GET', '/api/exam/exams')).status).toBe(401);
    expect((await call('likz', 'GET', '/api/exam/exams')).json).toEqual({ exams: [] });
    expect((await call('likz', 'POST', `/api/exam/exams/${id}/start`)).json.error.code).toBe('exam.not_in_audience');
    const listed = (await call('zhangsan', 'GET', '/api/exam/exams')).json.exams;
    expect(listed).toMatchObject([{ id, status: 'open', canStart: true, questionCount: 20, totalPoints: 25, passMark: 15, chat: true, attemptsLeft: 1 }]);
    expect((await call('zhangsan', 'GET', '/api/exam/me')).json).toEqual({ id: 'zhangsan', name: '张三', department: '县司法局/法制科' });

    // 张三 passes with every answer right
    const zs = await take(deps, call, 'zhangsan', id, () => true);
    const zsResult = await call('zhangsan', 'POST', `/api/exam/exams/${id}/submit`, { attempt: zs.attempt });
    expect(zsResult.status).toBe(200);
    expect(zsResult.json).toMatchObject({ unansweredAtSubmit: 0, passed: true, best: { score: 25, passed: true, status: 'submitted' }, attemptsLeft: 0 });
    expect(zsResult.json.review.items).toHaveLength(20);
    expect(zs.points).toBe(25);
    // submitting again returns the same result
    expect((await call('zhangsan', 'POST', `/api/exam/exams/${id}/submit`, { attempt: zs.attempt })).json).toMatchObject({
      alreadyFinished: true,
      best: { score: 25 },
    });

    // 李四 fails: the first 5 right, the rest wrong, two left open
    const ls = await take(
      deps,
      call,
      'lisi',
      id,
      (i) => i < 5,
      (i) => i < 18,
    );
    const lsResult = await call('lisi', 'POST', `/api/exam/exams/${id}/submit`, { attempt: ls.attempt });
    expect(lsResult.json).toMatchObject({ unansweredAtSubmit: 2, passed: false, best: { score: ls.points, answered: 18 } });

    // 王五 answers 3 and runs out of time: graded with what was saved
    clock.advance(10 * MIN);
    const ww = await take(
      deps,
      call,
      'wangwu',
      id,
      () => true,
      (i) => i < 3,
    );
    clock.advance(30 * MIN);
    const late = await call('wangwu', 'PUT', `/api/exam/exams/${id}/answers/3`, { attempt: ww.attempt, answer: 'A' });
    expect([late.status, late.json.error.code]).toEqual([409, 'exam.attempt_over']);
    expect((await call('wangwu', 'GET', `/api/exam/exams/${id}/result`)).json).toMatchObject({
      best: { status: 'timed-out', score: ww.points, timeUsedSeconds: 1800 },
    });

    // 陈七 never starts. The report, against the figures worked out here:
    const people = {
      zhangsan: { score: zs.points, pass: 15 },
      lisi: { score: ls.points, pass: 15 },
      wangwu: { score: ww.points, pass: 15 },
      chenqi: { pass: 15 },
    };
    const expected = [
      expectedRow('合计', Object.values(people)),
      expectedRow('县司法局', Object.values(people)),
      expectedRow('县司法局/法制科', [people.zhangsan]),
      expectedRow('县司法局/执法大队', [people.lisi, people.wangwu]),
      expectedRow('县司法局/公共法律服务科', [people.chenqi]),
    ];
    const asSheet = (r: SummaryRow) => [
      r.label,
      r.expected,
      r.took,
      r.took / r.expected,
      r.passed,
      r.passed / r.expected,
      r.took ? r.scores.reduce((s, x) => s + x, 0) / r.took : '—',
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'pufa-exam-report-')), 'exam.xlsx');
    const report = await pufa(deps, ['exam', 'report', id, '--format', 'xlsx', '--out', file]);
    expect(report.out[0]).toBe(`已写入 ${file}：应考 4 人，参考 3 人（75.0%），通过 1 人（25.0%）`);
    expect(await readSheet(file, '汇总')).toEqual(expected.map(asSheet));
    const detail = await readSheet(file, '明细');
    expect(ls.points).toBeGreaterThan(ww.points); // 明细 lists a department's people by score
    expect(detail.map((r) => [r[0], r[1], r[2], r[3], r[5]])).toEqual([
      ['张三', '县司法局/法制科', zs.points, '通过', 1],
      ['李四', '县司法局/执法大队', ls.points, '未通过', 1],
      ['王五', '县司法局/执法大队', ww.points, '未通过', 1],
      ['陈七', '县司法局/公共法律服务科', '—', '未参考', 0],
    ]);
    expect(detail.find((r) => r[0] === '王五')?.[4]).toBe('30分00秒');
    expect(detail.find((r) => r[0] === '王五')?.[6]).toBe('到时自动交卷');
    expect((await readSheet(file, '未参考名单')).map((r) => r[0])).toEqual(['陈七']);

    // the 补考: for those who failed or missed
    clock.set('2026-12-06T01:00:00Z');
    expect((await pufa(deps, ['exam', 'retake', id, '--from', '2026-12-08 09:00', '--to', '2026-12-09 18:00'])).out[0]).toContain(
      '已添加《2026年度学法考试》第 1 次补考',
    );
    clock.set('2026-12-08T02:00:00Z');
    expect((await call('zhangsan', 'POST', `/api/exam/exams/${id}/start`)).json.error.code).toBe('exam.passed');
    const again = await take(deps, call, 'lisi', id, () => true);
    expect((await call('lisi', 'POST', `/api/exam/exams/${id}/submit`, { attempt: again.attempt })).json).toMatchObject({
      passed: true,
      best: { attempt: 2, window: 1, score: 25 },
    });
    await pufa(deps, ['exam', 'report', id, '--format', 'xlsx', '--out', file]);
    expect((await readSheet(file, '汇总'))[0]!.slice(0, 6)).toEqual(['合计', 4, 3, 0.75, 2, 0.5]);
    expect((await readSheet(file, '明细')).find((r) => r[0] === '李四')?.slice(2, 7)).toEqual([25, '通过', '0分00秒', 2, '补考通过']);

    // certificates: the passing people's, printable and verifiable; none for the others
    const cert = await call('lisi', 'GET', `/api/exam/exams/${id}/certificate`);
    expect([cert.status, cert.type]).toEqual([200, 'text/html; charset=utf-8']);
    expect(cert.text).toMatch(/合格证书[\s\S]*李四[\s\S]*2026年度学法考试[\s\S]*成绩<b>25<\/b>分/);
    const code = /验证码）：([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(cert.text)![1]!;
    expect((await call(undefined, 'GET', `/exam/certificates/${code.toLowerCase()}`)).text).toContain('证书有效');
    expect((await call(undefined, 'GET', `/api/exam/certificates/${code}`)).json).toMatchObject({ valid: true, certificate: { name: '李四', score: 25 } });
    expect((await call(undefined, 'GET', '/exam/certificates/ABCDE-12345')).status).toBe(404);
    expect((await call('wangwu', 'GET', `/api/exam/exams/${id}/certificate`)).json.error.code).toBe('exam.no_certificate');
    expect((await pufa(deps, ['exam', 'verify', id])).code).toBe(0);
  });

  test('bad requests get a clear 4xx and change nothing', async () => {
    const { deps } = await makeTestDeps({ now: NOW });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const call = api(srv.url);
    const id = await createExam(deps, FILE);
    expect((await call('zhangsan', 'POST', '/api/exam/exams/exam-9/start')).json.error.code).toBe('exam.not_found');
    expect((await call('zhangsan', 'GET', `/api/exam/exams/${id}/paper`)).json.error.code).toBe('exam.no_active_attempt');
    expect((await call('stranger', 'GET', '/api/exam/exams')).status).toBe(401);
    await call('zhangsan', 'POST', `/api/exam/exams/${id}/start`);
    const before = await activeAttempt(deps, id, 'zhangsan');
    const bad = [
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/0`, '{"attempt": 1, '),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/0`, { attempt: 1 }),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/0`, { attempt: 1, answer: 'A', extra: 1 }),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/-1`, { attempt: 1, answer: 'A' }),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/20`, { attempt: 1, answer: 'A' }),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/0`, { attempt: 1, answer: '不知道' }),
      await call('zhangsan', 'PUT', `/api/exam/exams/${id}/answers/0`, { attempt: 1, answer: 'A'.repeat(5000) }),
    ];
    expect(bad.map((r) => [r.status, r.json?.error.code])).toEqual([
      [400, 'input.invalid'],
      [400, 'input.invalid'],
      [400, 'input.invalid'],
      [400, 'input.invalid'],
      [400, 'exam.bad_index'],
      [400, 'exam.bad_answer'],
      [413, 'input.too_large'],
    ]);
    expect(await activeAttempt(deps, id, 'zhangsan')).toEqual(before);
    expect((await call('zhangsan', 'GET', '/healthz')).status).toBe(200);
  });

  test('a restart during an attempt (a real LowdbStore reopened) loses no saved answer', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-exam-restart-'));
    const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    let store = await open();
    let t = await makeTestDeps({ store, now: NOW });
    let srv = await startServer(t.deps);
    let call = api(srv.url);
    const id = await createExam(t.deps, FILE);
    const first = await take(
      t.deps,
      call,
      'zhangsan',
      id,
      (i) => i % 2 === 0,
      (i) => i < 8,
    );
    const before = await activeAttempt(t.deps, id, 'zhangsan');
    await srv.close();
    await store.close();

    store = await open();
    t = await makeTestDeps({ store, now: '2026-12-01T02:05:00Z' });
    srv = await startServer(t.deps);
    closers.push(async () => {
      await srv.close();
      await store.close();
    });
    call = api(srv.url);
    const paper = await call('zhangsan', 'GET', `/api/exam/exams/${id}/paper`);
    expect(paper.json).toMatchObject({ attempt: 1, answered: 8, unanswered: 12, remainingSeconds: 25 * 60 });
    expect(await activeAttempt(t.deps, id, 'zhangsan')).toEqual(before);
    const resumed = await call('zhangsan', 'POST', `/api/exam/exams/${id}/start`);
    expect([resumed.status, resumed.json.resumed]).toEqual([200, true]);
    const result = await call('zhangsan', 'POST', `/api/exam/exams/${id}/submit`, { attempt: 1 });
    expect(result.json.best.score).toBe(first.points);
  });

  test('a short exam in the playground chat: 考试, answers, 第N题, 交卷 asks to confirm, the result with explanations', async () => {
    const { deps } = await makeTestDeps({ now: NOW });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const id = await createExam(deps, examFile({ passMark: 6, paper: { counts: { single: 4, judge: 4 }, points: { single: 1, judge: 1 } } }));
    const say = async (text: string) => {
      const res = await fetch(`${srv.url}/playground/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'zhangsan', text }),
      });
      return ((await res.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text);
    };
    const intro = await say('考试');
    expect(intro[0]).toContain('共 8 题，满分 8 分，6 分及格；限时 30 分钟');
    expect(intro[1]).toMatch(/^【考试 1\/8 · 单选题（1分）】/);
    const a = await activeAttempt(deps, id, 'zhangsan');
    // while the exam runs, 答题 waits and typed answers go to the exam
    expect((await say('答题'))[0]).toContain('您正在考试中');
    for (let i = 0; i < 7; i++) {
      const r = await say(answerFor(a, i, i !== 1));
      expect(r[0]).toBe(`已记录第 ${i + 1} 题：${answerFor(a, i, i !== 1)}（已答 ${i + 1}/8）`);
      expect(r.join('\n')).not.toMatch(/回答正确|回答错误|正确答案|解析/);
    }
    expect((await say('第2题'))[0]).toMatch(/^【考试 2\/8[\s\S]*已作答：/);
    expect((await say(answerFor(a, 1, true)))[0]).toContain('已记录第 2 题');
    expect((await say('交卷'))[0]).toBe('还有 1 题未作答：第 8 题。确认交卷请发送“确认交卷”；发送“第N题”继续作答。');
    const done = await say('确认交卷');
    expect(done[0]).toMatch(/【交卷成功】《2026年度学法考试》\n得分：7 分（满分 8 分，6 分及格）✅ 通过/);
    expect(done[1]).toMatch(/【错题解析】共 1 题[\s\S]*8\. 【判断题】[\s\S]*您的答案：未作答；正确答案：[对错][\s\S]*依据：《/);
    expect((await say('考试成绩'))[0]).toContain('得分：7 分');
    expect((await say('证书'))[0]).toMatch(
      /合格证书（7 分，2026年12月1日）\n验证码：[0-9A-Z-]{11}\n打印：http:\/\/localhost:\d+\/exam\/certificates\/.+\/print/,
    );
    // the daily quiz is back
    expect((await say('答题'))[0]).toContain('今日答题共 5 题');
  });

  test('in a group chat the exam points to the 1:1 chat; someone who has left gets the one refusal and nothing starts; no 考试提醒 without an exam', async () => {
    const { deps, store } = await makeTestDeps({ now: NOW });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const say = async (userId: string, text: string, group = false) => {
      const res = await fetch(`${srv.url}/playground/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, text, group }),
      });
      return ((await res.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text);
    };
    // before any exam: 考试提醒 says there is none (the job is not due), and nothing is planned
    expect((await say('admin', '考试提醒'))[0]).toBe('目前没有进行中的考试，不发送考试提醒。');
    expect(await store.outboxRecords(`exam-remind:${deps.stats.today()}`)).toEqual([]);
    const id = await createExam(deps, examFile({ paper: { counts: { judge: 5 }, points: { judge: 1 } }, passMark: 3 }));
    expect((await say('zhangsan', '考试', true))[0]).toContain('请私聊机器人');
    const lisi = (await store.getPerson('lisi'))!;
    await store.savePeople([{ ...lisi, active: false, leftOn: '2026-11-30' as never }]);
    expect((await say('lisi', '考试'))[0]).toContain('已不在普法学习名单中');
    expect(await deps.exam.store.examAttempts(id)).toEqual([]);
  });
});
