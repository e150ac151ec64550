/**
 * 浙政钉 end to end against the fake gateway (test/fakes/fake-zhengding.ts), which checks every request's
 * signature: the 通讯录 (a 3-level tree of 120 people, an organisation outside the app's scope skipped and
 * reported), the daily push by 工作通知 (all 120 in one call; an action_card opening the quiz page, different
 * each day), a push interrupted mid-way and resumed without doubles (bizMsgId), and 免登 into a web session.
 * The clock is injected and every wait advances it: nothing sleeps.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createZzdParts } from '../../src/channels/zhengding/platform.js';
import { runCommand } from '../../src/cli/run-command.js';
import type { Clock } from '../../src/core/clock.js';
import type { Person } from '../../src/core/model.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { type FakeZhengding, buildZzdTree, goCode, startFakeZhengding } from '../fakes/fake-zhengding.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { cookieJar } from '../helpers/web.js';

const NOW = '2026-11-24T02:00:00Z';
const DAY = '2026-11-24' as QuizDay;
const PUBLIC_URL = 'https://pufa.example.gov.cn';
const NOTICE = '/message/workNotification';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setUp(opts: { store?: ReturnType<typeof createMemoryStore>; publicUrl?: string; robot?: boolean } = {}) {
  const ref: { clock?: Clock & { advance(ms: number): void } } = {};
  const clock: Clock = { now: () => (ref.clock ? ref.clock.now() : new Date(NOW)) };
  const sleep = async (ms: number) => ref.clock!.advance(ms);
  const robot = { token: 'robot-token', secret: 'SECrobotsecret' };
  const fake = await startFakeZhengding({ now: () => clock.now(), ...(opts.robot ? { robot } : {}) });
  closers.push(fake.close);
  const { createMemoryLogger } = await import('../../src/core/log.js');
  const parts = createZzdParts(
    { appKey: fake.appKey, appSecret: fake.appSecret, tenantId: fake.tenantId, apiBase: fake.url, ...(opts.robot ? { webhook: robot } : {}) },
    { clock, logger: createMemoryLogger(), sleep, publicUrl: opts.publicUrl ?? PUBLIC_URL, leaderTitles: /(局长|科长|股长|主任)$/ },
  );
  const t = await makeTestDeps({
    store: opts.store,
    demo: false,
    now: NOW,
    env: { PLAYGROUND: 'false', ...(opts.publicUrl ? {} : { PUBLIC_URL }) },
    sleep,
    senders: new Map([['zhengding', parts.sender]]),
    bulkSenders: new Map([['zhengding', parts.bulkSender]]),
    contacts: new Map([['zhengding', parts.contacts]]),
    webSignIn: { zhengding: parts.webSignIn as { exchange: never } },
  });
  ref.clock = t.clock;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await runCommand(argv, { config: t.deps.config, deps: t.deps, io: { out: (l) => out.push(l) } });
    return { code, out: out.join('\n') };
  };
  return { fake, parts, t, cli, clock: t.clock };
}

const pathOf = (id: string | undefined, all: ReadonlyArray<{ id: string; name: string; parentId?: string }>): string => {
  const d = all.find((x) => x.id === id);
  return d ? (d.parentId ? `${pathOf(d.parentId, all)}/${d.name}` : d.name) : '';
};

/** A tree of 120 (4 科室 × 3 股 × 10) and a 科室 outside the app's scope. */
function orgOf(fake: FakeZhengding) {
  const tree = buildZzdTree(fake, { units: 4, teams: 3, perTeam: 10 });
  const hidden = goCode(999);
  fake.orgs.set(hidden, { code: hidden, name: '保密科', parent: tree.root, heads: [], status: 'A' });
  fake.outOfScope.add(hidden);
  return { ...tree, hidden };
}

describe('浙政钉 通讯录', () => {
  test('sync-contacts: scopesV2 roots, the GO_ tree, 120 people with accountIds, heads from responsibleEmployeeCodes and 职务; 300037 skipped and reported; idempotent', async () => {
    const w = await setUp();
    const { hidden } = orgOf(w.fake);
    const first = await w.cli('sync-contacts');
    expect(first.out).toContain('浙政钉：读取部门 17 个、成员 120 人');
    expect(first.out).toContain('300037');
    expect(first.out).toContain('不在应用的可见范围内');
    expect(first.code).toBe(1); // a partial read is reported as such
    const departments = await w.t.store.listDepartments();
    expect(departments).toHaveLength(17);
    expect(departments.some((d) => d.name === '保密科')).toBe(false);
    const people = (await w.t.store.listPeople()).filter((p) => p.active);
    expect(people).toHaveLength(120);
    const person = async (accountId: number) => (await w.t.store.findPersonByIdentity('zhengding', String(accountId)))!;
    const p13 = await person(100_013); // 第1科室第2股, 3rd person
    expect(pathOf(p13.departmentId, departments)).toBe('某乡镇人民政府/第1科室/第1科室第2股');
    expect(p13).toMatchObject({ name: '干部13', title: '科员', roles: ['member'] });
    const teamHead = await person(100_011); // first of 第1科室第2股: 股长
    expect(teamHead).toMatchObject({ title: '股长', roles: ['leader'], leaderOf: [teamHead.departmentId] });
    const unitHead = await person(100_002); // responsibleEmployeeCodes of 第1科室
    expect(unitHead.roles).toEqual(['leader']);
    expect(unitHead.leaderOf!.map((d) => pathOf(d, departments))).toEqual(['某乡镇人民政府/第1科室']);
    expect(w.fake.refused).toEqual([]);
    expect(w.fake.countCalls('/auth/scopesV2')).toBe(1);
    expect(w.fake.countCalls('/mozi/organization/pageSubOrganizationCodes')).toBe(18); // 17 walked + the hidden one refused
    expect(w.fake.countCalls('/mozi/organization/listOrganizationsByCodes')).toBe(1);
    expect(w.fake.countCalls('/mozi/employee/listEmployeeAccountIds')).toBe(2); // 120 codes in batches of 100
    expect(w.fake.calls.some((c) => c.params.some(([, v]) => v === hidden) && c.path !== '/mozi/organization/pageSubOrganizationCodes')).toBe(false);

    const second = await w.cli('sync-contacts', '--platform', 'zhengding');
    expect(second.out).toContain('没有需要修改的内容');
  });

  test('a request signed with a wrong secret is refused by the gateway (SignatureDoesNotMatch) and reported, nothing changes', async () => {
    const w = await setUp();
    orgOf(w.fake);
    const { createMemoryLogger } = await import('../../src/core/log.js');
    const wrong = createZzdParts(
      { appKey: w.fake.appKey, appSecret: 'not-the-secret', tenantId: w.fake.tenantId, apiBase: w.fake.url },
      { clock: w.clock, logger: createMemoryLogger(), sleep: async () => {} },
    );
    const snapshot = await wrong.contacts.readOrg();
    expect(snapshot.members).toEqual([]);
    expect(snapshot.treeComplete).toBe(false);
    expect(snapshot.failures[0]).toMatchObject({ code: 'OPF-B001-05-16-0009' });
    expect(snapshot.failures[0]!.meaning).toContain('签名不匹配');
    expect(w.fake.refused).toEqual(['/auth/scopesV2: signature']);
  });
});

describe('浙政钉 工作通知', () => {
  test('the daily push reaches all 120 in one call: an action_card opening the quiz page, a new text and bizMsgId each day', async () => {
    const w = await setUp();
    orgOf(w.fake);
    await w.cli('sync-contacts');
    const run = await w.cli('run-job', 'daily-push', '--date', DAY);
    expect(run.code).toBe(0);
    expect(w.fake.countCalls(NOTICE)).toBe(1);
    expect(w.fake.notices).toHaveLength(1);
    const [notice] = w.fake.notices;
    expect(notice!.receivers).toHaveLength(120);
    expect(new Set(notice!.receivers).size).toBe(120);
    const card = notice!.msg as { msgtype: string; action_card: { title: string; markdown: string; single_title: string; single_url: string } };
    expect(card.msgtype).toBe('action_card');
    expect(card.action_card.single_url).toBe(`${PUBLIC_URL}/quiz?day=2026-11-24`);
    expect(card.action_card.single_title).toBe('开始答题');
    expect(card.action_card.markdown).toContain('11月24日');
    expect(card.action_card.markdown).not.toContain('发送“');
    expect(notice!.bizMsgId).toMatch(/^pufa-daily-push-2026-11-24-[0-9a-f]{24}$/);

    // Again the same day: nobody twice (the job runs once per person and day).
    await w.cli('run-job', 'daily-push', '--date', DAY);
    expect(w.fake.notices).toHaveLength(1);

    // The next day: new content and a new bizMsgId, at least 10 minutes later.
    w.clock.advance(24 * 3600_000);
    expect((await w.cli('run-job', 'daily-push', '--date', '2026-11-25')).code).toBe(0);
    expect(w.fake.notices).toHaveLength(2);
    const next = w.fake.notices[1]!;
    expect(next.bizMsgId).not.toBe(notice!.bizMsgId);
    expect(JSON.stringify(next.msg)).not.toBe(JSON.stringify(notice!.msg));
    expect(w.fake.violations).toEqual([]);
    expect(w.fake.refused).toEqual([]);
  });

  test('the weekly leaderboard also goes to the custom group robot (加签), reminders by 工作通知', async () => {
    const w = await setUp({ robot: true });
    orgOf(w.fake);
    await w.cli('sync-contacts');
    expect(w.parts.bulkSender.groups).toEqual(['zhengding-robot']);
    const board = await w.cli('run-job', 'leaderboard', '--date', DAY);
    expect(board.out).toContain('群消息 1 条已发出');
    expect(board.code).toBe(0);
    expect(w.fake.robotPosts).toHaveLength(1);
    expect(JSON.stringify(w.fake.robotPosts[0])).toContain('排行榜');
    const remind = await w.cli('run-job', 'remind', '--date', DAY);
    expect(remind.code).toBe(0);
    const last = w.fake.notices.at(-1)!;
    expect(last.receivers).toHaveLength(120);
    expect(JSON.stringify(last.msg)).toContain('答题提醒');
    expect(w.fake.violations).toEqual([]);
  });

  test('2,100 people: interrupted mid-way (an answer lost, then the gateway down) and resumed: 3 sends, 10 minutes apart, nobody twice', async () => {
    const store = createMemoryStore();
    await store.saveDepartments([{ id: 'zf', name: '乡镇政府' }]);
    const people: Person[] = Array.from({ length: 2100 }, (_, i) => ({
      id: `p${i}`,
      name: `干部${i}`,
      departmentId: 'zf',
      roles: ['member'],
      track: '全员',
      identities: { zhengding: String(200_000 + i) },
      active: true,
      joinedOn: '2026-11-01' as QuizDay,
    }));
    await store.savePeople(people);
    const w = await setUp({ store });
    // Call 1 goes through; call 2 is sent by the platform but its answer is lost; then the gateway is down.
    w.fake.faults.script.push('ok', 'accept-then-502', ...Array<'502'>(20).fill('502'));
    const run = await w.cli('run-job', 'daily-push', '--date', DAY);
    expect(run.code).toBe(1);
    expect(w.fake.notices).toHaveLength(2);
    expect(w.fake.faults.script.length).toBeLessThan(20);
    expect(run.out).toContain('共 2100 人，送达 1000 人');

    // The gateway is back; the server's background retries resume the push.
    w.fake.faults.script.length = 0;
    const retries = w.t.deps.outbox.startRetrying();
    for (let i = 0; i < 6000 && (await w.t.store.pendingOutbox()).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    await retries.stop();
    expect(await w.t.store.pendingOutbox()).toEqual([]);

    const received = w.fake.received();
    expect(received.size).toBe(2100);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect(w.fake.notices).toHaveLength(3);
    expect(w.fake.notices.map((n) => n.receivers.length)).toEqual([1000, 1000, 100]);
    expect(new Set(w.fake.notices.map((n) => n.bizMsgId)).size).toBe(3);
    expect(w.fake.violations).toEqual([]);
    expect(w.fake.refused).toEqual([]);
    const again = await w.cli('run-job', 'daily-push', '--date', DAY);
    expect(again.out).toContain('本次发送 0 人；跳过 2100 人今天已收到');
    expect(w.fake.notices).toHaveLength(3);
  });
});

describe('浙政钉 免登', () => {
  test('getAuthCode → /auth/zhengding → a web session for the person with that accountId; a used or unknown code is refused', async () => {
    const w = await setUp();
    orgOf(w.fake);
    await w.cli('sync-contacts');
    const server = await startServer(w.t.deps);
    closers.push(server.close);
    const origin = PUBLIC_URL;
    const ua = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Mobile/15E148 TaurusApp(com.zjzwfw.zhezhengding/2.1.0) DingTalk/6.0';
    const jar = cookieJar();
    const signedOut = (await (await jar.fetch(`${server.url}/api/me`, { headers: { 'user-agent': ua } })).json()) as {
      client: string;
      signIn: { zhengding: boolean };
    };
    expect(signedOut).toMatchObject({ client: 'zhengding', signIn: { zhengding: true } });

    const code = w.fake.issueCode(100_013);
    const post = (c: string, j = jar) =>
      j.fetch(`${server.url}/auth/zhengding`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, 'user-agent': ua },
        body: JSON.stringify({ code: c, returnTo: '/quiz' }),
      });
    const res = await post(code);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ returnTo: '/quiz' });
    const me = (await (await jar.fetch(`${server.url}/api/me`)).json()) as { signedIn: boolean; person: { name: string; department: string } };
    expect(me).toMatchObject({ signedIn: true, person: { name: '干部13', department: '第1科室第2股' } });
    expect(w.fake.countCalls('/rpc/oauth2/dingtalk_app_user.json')).toBe(1);

    const again = await post(code, cookieJar());
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('auth.bad_code');
    const foreign = await cookieJar().fetch(`${server.url}/auth/zhengding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ code: w.fake.issueCode(100_014) }),
    });
    expect(foreign.status).toBe(403);
    expect(w.fake.refused).toEqual([]);
  });
});
