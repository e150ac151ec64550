/**
 * 通讯录同步 with WeCom, end to end: a bureau with WeCom configured and no roster. The server (makeTestDeps +
 * startServer) reads a fake WeCom contact API (fake-wecom-api.ts over fake-org.ts); change_contact events
 * arrive encrypted and signed by the fake WeCom client at the app's callback (and at the 通讯录同步 callback);
 * the command line runs in-process.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WECOM_CONTACTS_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { lineProgress } from '../../src/cli/progress.js';
import { runCommand } from '../../src/cli/run-command.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Department, Person } from '../../src/core/model.js';
import { buildTree, createFakeOrg } from '../fakes/fake-org.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const TODAY = '2026-11-24' as QuizDay;
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  WECOM_CONTACT_TOKEN: 'contactToken2026',
  WECOM_CONTACT_AES_KEY: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut',
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const org = createFakeOrg('县司法局');
  buildTree(org, { bureaus: 4, sections: 5, perSection: 10 });
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET, org });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const clock = fixedClock(NOW);
  const channel = createWecomChannel(config, { clock, logger: createMemoryLogger(), sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } });
  const t = await makeTestDeps({
    now: NOW,
    demo: false,
    receivers: [
      { path: WECOM_CALLBACK_PATH, receiver: channel.receiver },
      { path: WECOM_CONTACTS_CALLBACK_PATH, receiver: channel.contactsReceiver! },
    ],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    contacts: new Map([['wecom', channel.contacts]]),
  });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const clientOpts = { url: srv.url, corpId: ENV.WECOM_CORP_ID, agentId: 1000002, clock };
  const client = createFakeWecomClient({ ...clientOpts, token: ENV.WECOM_TOKEN, encodingAesKey: ENV.WECOM_ENCODING_AES_KEY });
  const contactsClient = createFakeWecomClient({
    ...clientOpts,
    path: WECOM_CONTACTS_CALLBACK_PATH,
    token: ENV.WECOM_CONTACT_TOKEN,
    encodingAesKey: ENV.WECOM_CONTACT_AES_KEY,
  });
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const progress: string[] = [];
    const code = await runCommand(argv, {
      config: t.deps.config,
      deps: t.deps,
      io: { out: (l) => out.push(l), progress: lineProgress((l) => progress.push(l)) },
    });
    return { code, out: out.join('\n'), progress };
  };
  return { org, api, client, contactsClient, cli, ...t };
}

/** '县司法局/第1分局/第1分局第1科' */
function pathOf(id: string | undefined, departments: readonly Department[]): string {
  const d = departments.find((x) => x.id === id);
  return d ? (d.parentId ? `${pathOf(d.parentId, departments)}/${d.name}` : d.name) : '';
}

async function personOf(store: Awaited<ReturnType<typeof setup>>['store'], userId: string): Promise<Person> {
  return (await store.findPersonByIdentity('wecom', userId))!;
}

describe('WeCom 通讯录同步', () => {
  test('sync-contacts reads a 3-level tree of 200 members: departments, people, leaders; a second run changes nothing', async () => {
    const { cli, store, api, deps } = await setup();
    const first = await cli('sync-contacts');
    expect(first.code).toBe(0);
    expect(first.progress).toEqual([
      '同步企业微信通讯录（读取、核对、保存）：开始（共 2）',
      '同步企业微信通讯录（读取、核对、保存）：1/2',
      '同步企业微信通讯录（读取、核对、保存）：完成（2/2）',
    ]);
    expect(first.out).toContain('企业微信：读取部门 25 个、成员 200 人');
    expect(first.out).toContain('部门：新建 25');
    expect(first.out).toContain('人员：新增 200');
    const departments = await store.listDepartments();
    const people = await store.listPeople();
    expect(departments).toHaveLength(25);
    expect(people.filter((p) => p.active)).toHaveLength(200);
    expect(pathOf((await personOf(store, 'u00011')).departmentId, departments)).toBe('县司法局/第1分局/第1分局第2科');
    // the section head: leader flag and department_leader, 职务 科长; a leader sees their section
    const head = await personOf(store, 'u00011');
    expect(head).toMatchObject({ roles: ['leader'], title: '科长', leaderOf: [head.departmentId] });
    expect((await deps.stats.scopeOf(head)).people).toHaveLength(10);
    // u00002 is in two sections: the main one is where they are counted
    expect(pathOf((await personOf(store, 'u00002')).departmentId, departments)).toBe('县司法局/第1分局/第1分局第1科');
    // simplelist once, then department/get and user/list once per department
    expect(api.callsTo('department/simplelist')).toHaveLength(1);
    expect(api.callsTo('department/get')).toHaveLength(25);
    expect(api.callsTo('user/list')).toHaveLength(25);

    const before = JSON.stringify([await store.listDepartments(), await store.listPeople()]);
    const second = await cli('sync-contacts');
    expect(second.out).toContain('没有需要修改的内容');
    expect(JSON.stringify([await store.listDepartments(), await store.listPeople()])).toBe(before);

    const srv = await startServer(deps);
    closers.push(srv.close);
    const health = (await (await fetch(`${srv.url}/healthz`)).json()) as { contacts: unknown };
    expect(health.contacts).toMatchObject({ channels: ['wecom'], lastSync: { wecom: { complete: true, members: 200, departments: 25 } } });

    const tree = await cli('departments');
    expect(tree.out.split('\n')[0]).toMatch(/^县司法局（0 人，含下级 200 人）/);
    expect(tree.out).toMatch(/\n {4}第1分局第2科（10 人） 负责人：成员00011 {2}\[wecom-4；企业微信 4\]/);
  });

  test('a moved member, a renamed department and a member who left, each by change_contact: re-fetched and applied; redeliveries and forgeries change nothing', async () => {
    const { cli, store, api, client, deps, org } = await setup();
    await cli('sync-contacts');
    await store.completeDay((await personOf(store, 'u00003')).id, '2026-11-20' as QuizDay, 0);

    // moved: the event carries only UserID (callbacks set up after 2022-08-15); the bot asks user/get
    org.members.get('u00005')!.departments = [9];
    org.members.get('u00005')!.main = 9;
    const move = `<xml><ToUserName><![CDATA[${ENV.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1795491600</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[u00005]]></UserID></xml>`;
    const delivery = client.deliveryOf(move);
    expect((await client.send(delivery)).status).toBe(200);
    expect((await client.send(delivery)).status).toBe(200); // WeCom's retry of the same callback
    await deps.contacts.drain();
    expect(api.callsTo('user/get').filter((c) => c.query.userid === 'u00005')).toHaveLength(1);
    const departments = await store.listDepartments();
    expect(pathOf((await personOf(store, 'u00005')).departmentId, departments)).toBe('县司法局/第2分局/第2分局第1科');

    // renamed: update_party names only the Id; the name comes from department/get
    org.departments.get(3)!.name = '法制科';
    await client.send(client.deliveryOf(client.contactXml({ changeType: 'update_party', id: 3 })));
    await deps.contacts.drain();
    expect((await store.listDepartments()).find((d) => d.links?.includes('wecom:3'))?.name).toBe('法制科');

    // left: delete_user; user/get now says 60111; the person is deactivated from today, history kept
    org.members.get('u00003')!.status = 5;
    await client.send(client.deliveryOf(client.contactXml({ changeType: 'delete_user', userId: 'u00003' })));
    await deps.contacts.drain();
    const left = await personOf(store, 'u00003');
    expect(left).toMatchObject({ active: false, leftOn: TODAY });
    expect((await store.dayStats(left.id, '2026-11-20' as QuizDay)).completed).toBe(true);

    // a forged event is refused before anything is read or written
    const forged = client.deliveryOf(client.contactXml({ changeType: 'delete_user', userId: 'u00004' }), { signature: 'f'.repeat(40) });
    expect((await client.send(forged)).status).toBe(401);
    await deps.contacts.drain();
    expect((await personOf(store, 'u00004')).active).toBe(true);
  });

  test('the 通讯录同步 callback (its own Token and EncodingAESKey) delivers change_contact too', async () => {
    const { cli, store, contactsClient, deps, org } = await setup();
    await cli('sync-contacts');
    org.addMember({ userid: 'newhire', name: '新同事', departments: [4], main: 4 });
    const r = await contactsClient.send(
      contactsClient.deliveryOf(contactsClient.contactXml({ changeType: 'create_user', userId: 'newhire' }), { noAgent: true }),
    );
    expect(r).toMatchObject({ status: 200, body: '' });
    await deps.contacts.drain();
    expect(await personOf(store, 'newhire')).toMatchObject({ name: '新同事', active: true, joinedOn: TODAY });
  });

  test('first contact: an unknown member of a known platform department gets a question at once, no binding step', async () => {
    const { cli, client, org, store } = await setup();
    await cli('sync-contacts');
    org.addMember({ userid: 'wangxm', name: '王小明', departments: [4], main: 4 });
    const r = await client.userSays('wangxm', '答题');
    expect(r.reply?.content).toContain('今日答题共 5 题');
    expect(r.reply?.content).not.toContain('绑定');
    expect(pathOf((await personOf(store, 'wangxm')).departmentId, await store.listDepartments())).toBe('县司法局/第1分局/第1分局第2科');
  });

  test('first contact with nothing synced yet: the member’s department is created with its parents', async () => {
    const { client, store } = await setup();
    const r = await client.userSays('u00042', '答题');
    expect(r.reply?.content).toContain('今日答题共 5 题');
    const departments = await store.listDepartments();
    expect(departments.map((d) => pathOf(d.id, departments)).sort()).toEqual(['县司法局', '县司法局/第1分局', '县司法局/第1分局/第1分局第5科']);
  });

  test('partial failures are reported with their meaning and never wipe what was synced before', async () => {
    const { cli, store, api, org } = await setup();
    await cli('sync-contacts');
    // u00012 leaves, but their section's listing fails (60011 outside the visible range)
    org.members.get('u00012')!.status = 5;
    api.failWhen('user/list', { department_id: '4' }, { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' });
    const partial = await cli('sync-contacts');
    expect(partial.code).toBe(1);
    expect(partial.out).toContain('错误 60011（user/list，涉及 4）：不在应用可见范围内');
    expect(partial.out).toContain('1 个部门的成员未能读取，其中人员保持不变');
    expect((await personOf(store, 'u00012')).active).toBe(true);
    expect((await store.listPeople()).filter((p) => p.active)).toHaveLength(200);

    // the tree itself cannot be read (server IP not trusted): nothing is deactivated or removed
    api.failNext('department/simplelist', { errcode: 60020, errmsg: 'not allow to access from your ip' });
    const blocked = await cli('sync-contacts');
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('企业可信IP');
    expect(blocked.out).toContain('部门列表未能完整读取');
    expect((await store.listPeople()).filter((p) => p.active)).toHaveLength(200);
    expect(await store.listDepartments()).toHaveLength(25);

    // once everything reads again, the leaver is deactivated
    const ok = await cli('sync-contacts');
    expect(ok.code).toBe(0);
    expect((await personOf(store, 'u00012')).active).toBe(false);
  });

  test('the nightly job: scheduled when a platform can be read, and runs the same sync; without a platform there is no such job', async () => {
    const { deps, store } = await setup();
    expect(deps.scheduler.nextRuns()['sync-contacts']).toMatch(/T18:30:00\.000Z$/); // 02:30 in Asia/Shanghai
    await deps.scheduler.fireNow('sync-contacts');
    expect(await store.listDepartments()).toHaveLength(25);
    const plain = await makeTestDeps({ now: NOW });
    expect(Object.keys(plain.deps.scheduler.nextRuns())).not.toContain('sync-contacts');
    expect(await runCommand(['sync-contacts'], { config: plain.deps.config, deps: plain.deps, io: { out: () => {} } })).toBe(1);
  });

  test('the brake: when more than 10 % would be deactivated nothing is, until --force', async () => {
    const { cli, store, org } = await setup();
    await cli('sync-contacts');
    for (let i = 100; i < 130; i++) org.members.get(`u00${i}`)!.status = 5;
    const braked = await cli('sync-contacts');
    expect(braked.out).toContain('本次有 30 人（共 200 人）已不在平台通讯录中');
    expect((await store.listPeople()).filter((p) => p.active)).toHaveLength(200);
    const dry = await cli('sync-contacts', '--force', '--dry-run');
    expect(dry.out).toContain('停用 30');
    expect(dry.out).toContain('试运行：未保存');
    expect((await store.listPeople()).filter((p) => p.active)).toHaveLength(200);
    await cli('sync-contacts', '--force');
    expect((await store.listPeople()).filter((p) => p.active)).toHaveLength(170);
  });
});
