import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';

const TOKEN = 'test-admin-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup() {
  const t = await makeTestDeps({ env: { ADMIN_TOKEN: TOKEN } });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const say = async (userId: string, text: string): Promise<string[]> => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text);
  };
  const api = (path: string, token: string | null = TOKEN) => fetch(`${srv.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const quiz = async (userId: string, wrong = 0) => {
    await say(userId, '答题');
    for (let i = 0; i < 5; i++) await say(userId, await currentAnswer(t.deps, userId, i >= wrong));
  };
  return { ...t, srv, say, api, quiz };
}

describe('leaderboards, 未学名单 and the admin API agree', () => {
  test('after several people in different departments study', async () => {
    const { say, api, quiz } = await setup();
    await quiz('zhangsan'); // 法制科 1/2 (likz has not)
    await quiz('lisi', 1); // 执法大队 2/2, one wrong
    await quiz('wangwu');
    await quiz('chenqi', 2); // 公共法律服务科 1/1
    const board = (await say('zhangsan', '排行榜 今日'))[0]!;
    expect(board).toMatch(/1\. 执法大队 {2}参学率 100\.0%（已学 2\/应学 2 人次） {2}正确率 90\.0%/);
    expect(board).toMatch(/2\. 公共法律服务科 {2}参学率 100\.0%（已学 1\/应学 1 人次） {2}正确率 60\.0%/);
    expect(board).toMatch(/3\. 法制科 {2}参学率 50\.0%（已学 1\/应学 2 人次）/);
    expect(board).not.toContain('县司法局'); // the bureau itself is not ranked against its own divisions

    const missing = (await say('admin', '未学名单'))[0]!;
    expect(missing).toContain('共 4 人');
    for (const name of ['王局长', '管理员', '赵六', '李科长']) expect(missing).toContain(name);
    for (const name of ['张三', '李四', '王五', '陈七']) expect(missing).not.toContain(`${name}（`);

    const res = await api('/api/reports/departments?from=2026-11-24&to=2026-11-24');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { departments: Array<{ name: string; studied: number; expected: number; rate: number; accuracy: number }> };
    const byName = Object.fromEntries(json.departments.map((d) => [d.name, d]));
    expect(byName.执法大队).toMatchObject({ studied: 2, expected: 2, rate: 1, accuracy: 0.9 });
    expect(byName.法制科).toMatchObject({ studied: 1, expected: 2, rate: 0.5, accuracy: 1 });
    expect(byName.公共法律服务科).toMatchObject({ studied: 1, expected: 1, rate: 1, accuracy: 0.6 });
    // The root department rolls up its sub-departments: 4 of 8 studied.
    expect(byName.县司法局).toMatchObject({ studied: 4, expected: 8, rate: 0.5 });

    const people = (await (await api(`/api/reports/people?department=${encodeURIComponent('执法大队')}&from=2026-11-24`)).json()) as {
      people: Array<{ name: string; points: number; daysStudied: number; correct: number }>;
    };
    expect(people.people.map((p) => p.name)).toEqual(['王五', '李四']);
    expect(people.people[0]!.daysStudied).toBe(1);
    expect(people.people[1]!.correct).toBe(4);
  });

  test('薄弱法条: leaders see their units’ most-missed articles; members are told it is for leaders; the API agrees', async () => {
    const { say, api, quiz } = await setup();
    await quiz('zhangsan', 5); // 法制科: all five wrong
    await quiz('lisi'); // 执法大队: all right
    expect((await say('zhangsan', '薄弱法条'))[0]).toContain('仅供部门领导和管理员');
    const leader = (await say('likz', '薄弱法条'))[0]!;
    expect(leader).toContain('【薄弱法条 · 本月】（法制科）');
    expect(leader).toContain('答题数量还不够'); // 5 answers spread over articles: none has 5 yet
    const res = (await (await api(`/api/reports/laws?department=${encodeURIComponent('法制科')}&from=2026-11-01`)).json()) as {
      months: string[];
      laws: Array<{ answered: number; correct: number }>;
    };
    expect(res.months).toEqual(['2026-11']);
    expect(res.laws.reduce((n, r) => n + r.answered, 0)).toBe(5);
    expect(res.laws.reduce((n, r) => n + r.correct, 0)).toBe(0);
    const all = (await (await api('/api/reports/laws')).json()) as { laws: Array<{ answered: number; correct: number }> };
    expect(all.laws.reduce((n, r) => n + r.answered, 0)).toBe(10);
    expect(all.laws.reduce((n, r) => n + r.correct, 0)).toBe(5);
  });

  test('the Excel export from the admin API has the 汇总 and 明细 sheets', async () => {
    const { api, quiz } = await setup();
    await quiz('zhangsan');
    const res = await api('/api/reports/export.xlsx?from=2026-11-24&to=2026-11-24');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const detail = wb.getWorksheet('明细')!;
    const rows: unknown[][] = [];
    detail.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows.some((r) => r[0] === '张三' && r[2] === 1)).toBe(true);
  });

  test('401 without the token, 400 with the reason for bad parameters', async () => {
    const { api } = await setup();
    expect((await api('/api/reports/departments', null)).status).toBe(401);
    expect((await api('/api/reports/departments', 'wrong-token-wrong-token')).status).toBe(401);
    const bad = await api('/api/reports/departments?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('from');
    expect((await api('/api/reports/departments?from=2026-11-20&to=2026-11-01')).status).toBe(400);
    expect((await api('/api/reports/departments?limit=5')).status).toBe(400);
    expect((await api('/api/reports/people?department=不存在')).status).toBe(400);
  });

  test('without ADMIN_TOKEN no bearer token is accepted (sessions still are: web-scope.test.ts)', async () => {
    const t = await makeTestDeps();
    const srv = await startServer(t.deps);
    closers.push(srv.close);
    expect((await fetch(`${srv.url}/api/reports/departments`)).status).toBe(401);
    expect((await fetch(`${srv.url}/api/reports/departments`, { headers: { authorization: 'Bearer anything-at-all-0000' } })).status).toBe(401);
  });
});
