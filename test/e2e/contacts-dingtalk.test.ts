/**
 * 通讯录同步 with DingTalk, end to end: a bureau with DingTalk configured (Stream mode) and no roster. The
 * server reads the fake DingTalk contact API (fake-dingtalk.ts over fake-org.ts); 通讯录事件 arrive both as
 * Stream EVENT frames and as encrypted HTTP event posts to /dingtalk/events; the command line runs in-process.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDingtalkEventsReceiver } from '../../src/channels/dingtalk/events-receiver.js';
import { type DingtalkChannel, createDingtalkChannel } from '../../src/channels/dingtalk/index.js';
import { runCommand } from '../../src/cli/run-command.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Department, Person } from '../../src/core/model.js';
import { type FakeDingtalk, startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { buildTree, createFakeOrg } from '../fakes/fake-org.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const TODAY = '2026-11-24' as QuizDay;
const EVENTS = { token: 'eventtoken', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7' };

interface World {
  fake: FakeDingtalk;
  channel: DingtalkChannel;
  t: Awaited<ReturnType<typeof makeTestDeps>>;
  url: string;
  sleeps: number[];
  cli(...argv: string[]): Promise<{ code: number; out: string }>;
  person(userId: string): Promise<Person>;
  path(id: string | undefined): Promise<string>;
  close(): Promise<void>;
}

async function setUp(): Promise<World> {
  const clock = fixedClock(NOW);
  const org = createFakeOrg('县司法局');
  buildTree(org, { bureaus: 4, sections: 5, perSection: 10 });
  const fake = await startFakeDingtalk({ now: () => clock.now(), org });
  const sleeps: number[] = [];
  const channel = createDingtalkChannel(
    { clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, mode: 'stream', apiBase: fake.url, oapiBase: fake.url },
    {
      clock,
      logger: createMemoryLogger(),
      streamTuning: { baseDelayMs: 10, maxDelayMs: 200, watchdogIntervalMs: 1_000 },
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
  const t = await makeTestDeps({
    now: NOW,
    demo: false,
    receivers: [{ path: '/dingtalk/events', receiver: createDingtalkEventsReceiver({ ...EVENTS, ownerKey: fake.clientId }) }],
    senders: new Map([['dingtalk', channel.sender]]),
    contacts: new Map([['dingtalk', channel.contacts]]),
  });
  const server = await startServer(t.deps);
  channel.stream!.start(t.deps.pipeline);
  await fake.waitFor(() => channel.stream!.health().connected, 'stream connection');
  const pathOf = (id: string | undefined, all: readonly Department[]): string => {
    const d = all.find((x) => x.id === id);
    return d ? (d.parentId ? `${pathOf(d.parentId, all)}/${d.name}` : d.name) : '';
  };
  return {
    fake,
    channel,
    t,
    url: server.url,
    sleeps,
    async cli(...argv) {
      const out: string[] = [];
      const code = await runCommand(argv, { config: t.deps.config, deps: t.deps, io: { out: (l) => out.push(l) } });
      return { code, out: out.join('\n') };
    },
    person: async (userId) => (await t.store.findPersonByIdentity('dingtalk', userId))!,
    path: async (id) => pathOf(id, await t.store.listDepartments()),
    async close() {
      await channel.stream!.stop();
      await server.close();
      await fake.close();
    },
  };
}

describe('DingTalk 通讯录同步', () => {
  let w: World;
  beforeEach(async () => {
    w = await setUp();
  });
  afterEach(() => w.close());

  test('sync-contacts walks the tree with listsub and lists members in cursor pages: 3 levels, 200 members, leaders; idempotent', async () => {
    const first = await w.cli('sync-contacts');
    expect(first.code).toBe(0);
    expect(first.out).toContain('钉钉：读取部门 25 个、成员 200 人');
    expect((await w.t.store.listDepartments()).length).toBe(25);
    expect((await w.t.store.listPeople()).filter((p) => p.active)).toHaveLength(200);
    expect(await w.path((await w.person('u00021')).departmentId)).toBe('县司法局/第1分局/第1分局第3科');
    const head = await w.person('u00021');
    expect(head).toMatchObject({ roles: ['leader'], title: '科长', employeeNo: 'E00021', leaderOf: [head.departmentId] });
    expect(w.fake.countCalls('/topapi/v2/department/get')).toBe(1);
    expect(w.fake.countCalls('/topapi/v2/department/listsub')).toBe(25);
    expect(w.fake.countCalls('/topapi/v2/user/list')).toBe(25);
    expect(w.fake.limitHits).toEqual([]);

    const second = await w.cli('sync-contacts', '--platform', 'dingtalk');
    expect(second.out).toContain('没有需要修改的内容');
  });

  test('Stream EVENT frames: a member moved, a department renamed, a member left; acked SUCCESS; a repeated eventId is applied once', async () => {
    await w.cli('sync-contacts');
    const { fake } = w;
    const member = fake.org.members.get('u00005')!;
    member.departments = [9];
    const moved = fake.pushEvent('user_modify_org', { userId: ['u00005'] }, 'ev-move-1');
    fake.pushEvent('user_modify_org', { userId: ['u00005'] }, 'ev-move-1');
    await fake.waitFor(() => fake.pendingCallbacks() === 0 && fake.acks.some((a) => a.messageId === moved), 'event acks');
    await w.t.deps.contacts.drain();
    expect(await w.path((await w.person('u00005')).departmentId)).toBe('县司法局/第2分局/第2分局第1科');
    expect(fake.calls.filter((c) => c.path === '/topapi/v2/user/get' && (c.body as { userid: string }).userid === 'u00005')).toHaveLength(1);
    expect(JSON.parse(fake.acks.find((a) => a.messageId === moved)!.data)).toMatchObject({ status: 'SUCCESS' });

    fake.org.departments.get(3)!.name = '法制科';
    fake.pushEvent('org_dept_modify', { deptId: [3] });
    fake.org.members.get('u00003')!.status = 5;
    fake.pushEvent('user_leave_org', { userId: ['u00003'] });
    await fake.waitFor(() => fake.pendingCallbacks() === 0, 'event acks');
    await w.t.deps.contacts.drain();
    expect((await w.t.store.listDepartments()).find((d) => d.links?.includes('dingtalk:3'))?.name).toBe('法制科');
    expect(await w.person('u00003')).toMatchObject({ active: false, leftOn: TODAY });
    expect(fake.protocolErrors).toEqual([]);
  });

  test('HTTP event subscription: the same three changes through /dingtalk/events; forged events are refused', async () => {
    await w.cli('sync-contacts');
    const { fake } = w;
    const post = (event: Record<string, unknown>, keys = EVENTS) => fake.postEvent(`${w.url}/dingtalk/events`, event, keys);
    fake.org.members.get('u00006')!.departments = [10];
    expect((await post({ EventType: 'user_modify_org', eventId: 'h-1', CorpId: 'dingcorp', userId: ['u00006'] })).status).toBe(200);
    fake.org.departments.get(4)!.name = '执法大队';
    await post({ EventType: 'org_dept_modify', eventId: 'h-2', deptId: [4] });
    fake.org.members.get('u00007')!.status = 5;
    // an older payload spelling (UserId) is read too
    await post({ EventType: 'user_leave_org', eventId: 'h-3', UserId: ['u00007'] });
    await w.t.deps.contacts.drain();
    expect(await w.path((await w.person('u00006')).departmentId)).toBe('县司法局/第2分局/第2分局第2科');
    expect((await w.t.store.listDepartments()).find((d) => d.links?.includes('dingtalk:4'))?.name).toBe('执法大队');
    expect((await w.person('u00007')).active).toBe(false);

    const forged = await post({ EventType: 'user_leave_org', eventId: 'h-4', userId: ['u00008'] }, { ...EVENTS, token: 'not-the-token' });
    expect(forged.status).toBe(401);
    await w.t.deps.contacts.drain();
    expect((await w.person('u00008')).active).toBe(true);
  });

  test('first contact: an unknown member of a known platform department gets a question, no binding step', async () => {
    await w.cli('sync-contacts');
    w.fake.org.addMember({ userid: 'newcomer', name: '新同事', departments: [5] });
    w.fake.pushCallback(w.fake.payload({ userId: 'newcomer', text: '答题' }));
    const first = await w.fake.waitFor(() => w.fake.sent.find((s) => s.to === 'newcomer'), 'reply to newcomer');
    expect(first.text).toContain('今日答题共 5 题');
    expect(w.fake.sent.filter((s) => s.to === 'newcomer').some((s) => s.text.includes('绑定'))).toBe(false);
    expect(await w.path((await w.person('newcomer')).departmentId)).toBe('县司法局/第1分局/第1分局第3科');
  });

  test('throttling (90018) is waited out and retried; the sync completes', async () => {
    w.fake.failNext('/topapi/v2/department/listsub', { errcode: 90018, errmsg: '当前企业调用该接口的每秒调用次数超过限制' });
    const r = await w.cli('sync-contacts');
    expect(r.code).toBe(0);
    expect(r.out).toContain('读取部门 25 个、成员 200 人');
    expect(w.sleeps).toContain(1000);
  });
});
