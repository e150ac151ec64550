/**
 * The dashboard's API and the report API with a session (issue 16): scoped on the server (a leader of one
 * department gets 403 for another's people), CSRF on POSTs, the one-click reminder through the outbox (once per
 * person and day), the scoped Excel export, periods with the chat's rules, and figures that agree with 排行榜.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { type CookieJar, cookieJar, signInByLink, startWebServer } from '../helpers/web.js';

const TOKEN = 'test-admin-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const s = await startWebServer({ env: { ADMIN_TOKEN: TOKEN } });
  closers.push(s.close);
  const say = async (userId: string, text: string) => {
    await fetch(`${s.url}/playground/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
  };
  const quiz = async (userId: string, wrong = 0) => {
    await say(userId, '答题');
    for (let i = 0; i < 5; i++) await say(userId, await currentAnswer(s.deps, userId, i >= wrong));
  };
  const as = async (personId: string) => {
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, personId);
    const get = (path: string) => jar.fetch(`${s.url}${path}`);
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      jar.fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { jar, csrf, get, post };
  };
  return { ...s, say, quiz, as };
}

const json = async (r: Response) => {
  expect(r.status, await r.clone().text()).toBe(200);
  return r.json();
};

describe('scope', () => {
  test('a leader sees their department and below; another department or its people get 403', async () => {
    const s = await setup();
    const li = await s.as('likz'); // leader of 法制科
    const overview = await json(await li.get('/api/dash/overview?period=本月'));
    expect(overview.department).toEqual({ id: 'fzk', name: '法制科' });
    expect(overview.heatmap.rows.map((r: { name: string }) => r.name)).toEqual(['法制科（本级）']);
    expect((await li.get('/api/dash/overview?department=zfdd')).status).toBe(403);
    expect((await li.get('/api/dash/people?department=zfdd')).status).toBe(403);
    expect((await li.get('/api/dash/people/lisi')).status).toBe(403);
    expect((await li.get('/api/dash/unstudied?department=zfdd')).status).toBe(403);
    expect((await li.get('/api/dash/laws?department=zfdd')).status).toBe(403);
    expect((await li.get('/api/dash/export.xlsx?department=zfdd')).status).toBe(403);
    const people = await json(await li.get('/api/dash/people?period=本月'));
    expect(people.people.map((p: { id: string }) => p.id).sort()).toEqual(['likz', 'zhangsan']);
    expect((await json(await li.get('/api/dash/people/zhangsan'))).person.name).toBe('张三');
  });

  test('the head of the bureau sees every division; a member sees only their own history', async () => {
    const s = await setup();
    const wang = await s.as('wangjz');
    const overview = await json(await wang.get('/api/dash/overview'));
    expect(overview.department.id).toBe('sfj');
    expect(overview.board.map((r: { name: string }) => r.name).sort()).toEqual(['公共法律服务科', '办公室', '执法大队', '法制科'].sort());
    const zhang = await s.as('zhangsan');
    expect((await zhang.get('/api/dash/overview')).status).toBe(403);
    expect((await zhang.get('/api/dash/unstudied')).status).toBe(403);
    expect((await json(await zhang.get('/api/dash/people/zhangsan'))).person.id).toBe('zhangsan');
    expect((await zhang.get('/api/dash/people/lisi')).status).toBe(403);
    expect((await json(await zhang.get('/api/me'))).home).toBe('/dash/people/zhangsan');
  });

  test('without a session every data endpoint answers 401', async () => {
    const s = await setup();
    for (const path of [
      '/api/dash/overview',
      '/api/dash/people',
      '/api/dash/people/zhangsan',
      '/api/dash/unstudied',
      '/api/dash/laws',
      '/api/dash/export.xlsx',
    ]) {
      expect((await fetch(`${s.url}${path}`)).status, path).toBe(401);
    }
    expect((await fetch(`${s.url}/api/dash/remind`, { method: 'POST' })).status).toBe(401);
  });

  test('the report API takes a session scoped to its role, and the bearer token as before', async () => {
    const s = await setup();
    const li = await s.as('likz');
    const deps = await json(await li.get('/api/reports/departments'));
    expect(deps.departments.map((d: { id: string }) => d.id)).toEqual(['fzk']);
    expect((await li.get('/api/reports/people?department=zfdd')).status).toBe(403);
    const people = await json(await li.get('/api/reports/people'));
    expect(people.people.map((p: { id: string }) => p.id).sort()).toEqual(['likz', 'zhangsan']);
    const zhang = await s.as('zhangsan');
    expect((await zhang.get('/api/reports/departments')).status).toBe(403);
    const all = await json(await fetch(`${s.url}/api/reports/departments`, { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(all.departments.length).toBe(5);
    expect((await fetch(`${s.url}/api/reports/departments`, { headers: { authorization: 'Bearer wrong-token-0000000000' } })).status).toBe(401);
  });

  test("a leader's Excel export holds their people only", async () => {
    const s = await setup();
    const li = await s.as('likz');
    const res = await li.get('/api/dash/export.xlsx?period=本月');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const names: string[] = [];
    wb.getWorksheet('明细')!.eachRow((row, n) => {
      if (n > 3) names.push(String(row.getCell(1).value));
    });
    expect(names.sort()).toEqual(['张三', '李科长'].sort());
  });
});

describe('CSRF and the reminder', () => {
  test('a POST without the session token, or from another origin, is refused and sends nothing', async () => {
    const s = await setup();
    const li = await s.as('likz');
    expect((await li.post('/api/dash/remind', { personIds: ['zhangsan'] }, {})).status).toBe(403);
    expect((await li.post('/api/dash/remind', { personIds: ['zhangsan'] }, { 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await li.post('/api/dash/remind', { personIds: ['zhangsan'] }, { 'x-csrf-token': li.csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect(await s.store.outboxRecords('remind:2026-11-24')).toHaveLength(0);
  });

  test('one click reminds the unstudied through the outbox, once per person and day; outside the scope is 403', async () => {
    const s = await setup();
    const li = await s.as('likz');
    const list = await json(await li.get('/api/dash/unstudied'));
    expect(list.people.map((p: { id: string }) => p.id).sort()).toEqual(['likz', 'zhangsan']);
    expect((await li.post('/api/dash/remind', { personIds: ['zhangsan', 'lisi'] })).status).toBe(403);
    expect(await s.store.outboxRecords('remind:2026-11-24')).toHaveLength(0);
    const first = await json(await li.post('/api/dash/remind', { personIds: ['zhangsan'] }));
    expect(first).toMatchObject({ status: 'ran', sent: 1, delivery: { delivered: 1 } });
    expect(s.deps.playgroundInbox!.take('zhangsan').some((m) => m.includes('答题'))).toBe(true);
    const again = await json(await li.post('/api/dash/remind', { personIds: ['zhangsan'] }));
    expect(again).toMatchObject({ status: 'ran', sent: 0, skipped: { alreadySent: 1 } });
    expect(s.deps.playgroundInbox!.take('zhangsan')).toHaveLength(0);
    const after = await json(await li.get('/api/dash/unstudied'));
    expect(after.people.find((p: { id: string }) => p.id === 'zhangsan').reminded).toBe('delivered');
  });

  test('bad input gets a 400 with the reason and changes nothing', async () => {
    const s = await setup();
    const li: { post: (p: string, b: unknown) => Promise<Response>; get: (p: string) => Promise<Response>; jar: CookieJar } = await s.as('likz');
    expect((await li.post('/api/dash/remind', { personIds: [] })).status).toBe(400);
    expect((await li.post('/api/dash/remind', { personIds: ['nobody'] })).status).toBe(400);
    expect((await li.get('/api/dash/overview?period=明年')).status).toBe(400);
    expect((await li.get('/api/dash/overview?from=2026-11-20&to=2026-11-01')).status).toBe(400);
    expect((await li.get('/api/dash/overview?from=2024-01-01&to=2026-11-01')).status).toBe(400);
    expect((await li.get('/api/dash/overview?period=2026-02-30~2026-03-01')).status).toBe(400);
    expect((await li.get('/api/dash/overview?by=year')).status).toBe(400);
    expect((await li.get('/api/dash/overview?unknown=1')).status).toBe(400);
    expect(await s.store.outboxRecords()).toHaveLength(0);
  });
});

describe('figures', () => {
  test('the overview agrees with 排行榜: KPIs, the trend, the board and the heat map', async () => {
    const s = await setup();
    await s.quiz('zhangsan');
    await s.quiz('lisi', 1);
    await s.quiz('chenqi', 2);
    const wang = await s.as('wangjz');
    const o = await json(await wang.get('/api/dash/overview?period=今日'));
    const board = await s.deps.stats.departmentBoard({ label: '今日', from: '2026-11-24' as never, to: '2026-11-24' as never });
    for (const row of board) {
      const mine = o.board.find((r: { id: string }) => r.id === row.department.id);
      expect(mine.rate).toBeCloseTo(row.rate);
      expect(mine.accuracy).toBeCloseTo(row.accuracy);
      expect(mine.pointsPerPerson).toBeCloseTo(row.pointsPerPerson);
      expect([mine.studied, mine.expected, mine.expectedPeople, mine.studiedPeople, mine.members, mine.rank]).toEqual([
        row.studied,
        row.expected,
        row.expectedPeople,
        row.studiedPeople,
        row.members,
        row.rank,
      ]);
    }
    // 8 people; 3 completed today; 15 answers, 12 correct.
    expect(o.kpi).toMatchObject({ people: 8, expected: 8, completed: 3, answered: 15, unstudiedToday: 5 });
    expect(o.kpi.rate).toBeCloseTo(3 / 8);
    expect(o.kpi.accuracy).toBeCloseTo(12 / 15);
    expect(o.trend).toEqual([{ bucket: '2026-11-24', rate: 3 / 8, accuracy: 12 / 15, expected: 8, completed: 3, answered: 15, inProgress: true }]); // the test's today: still in progress
    const rowIndex = o.heatmap.rows.findIndex((r: { name: string }) => r.name === '法制科');
    expect(o.heatmap.cells.find((c: number[]) => c[1] === rowIndex)[2]).toBeCloseTo(1 / 2);
    const person = await json(await wang.get('/api/dash/people/lisi?period=今日'));
    expect(person.days).toEqual([{ day: '2026-11-24', studyDay: true, answered: 5, correct: 4, completed: true, points: expect.any(Number) }]);
    expect(person.wrong).toHaveLength(1);
    expect(person.wrong[0].basis).toMatch(/^《.+》第/);
  });
});
