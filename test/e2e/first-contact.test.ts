/**
 * First contact when no lookup is possible: WeCom is configured but its contact API refuses (60011: outside the
 * app's 可见范围), so the bot cannot place a new member. With no department to choose from the person is placed in
 * 未分组 and told an admin will assign them, and can study at once; admins see 未分组 in their reports, public
 * boards do not; an admin then assigns them with `people move`. With departments to choose from, the person is
 * asked to bind one (未分组 is not among the choices).
 */
import { afterEach, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { runCommand } from '../../src/cli/run-command.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { UNASSIGNED_NOTICE } from '../../src/directory/handlers.js';
import type { Department } from '../../src/store/model.js';
import { createFakeOrg } from '../fakes/fake-org.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const TOKEN = 'admin-token-0123456789';
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(departments: readonly Department[]) {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET, org: createFakeOrg('县司法局') });
  closers.push(api.close);
  // The app may not read the 通讯录: every lookup is refused as outside the visible range.
  api.outage('user/get', { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' });
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const clock = fixedClock(NOW);
  const channel = createWecomChannel(config, { clock, logger: createMemoryLogger(), sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } });
  const t = await makeTestDeps({
    now: NOW,
    demo: false,
    env: { ...ENV, WECOM_API_BASE: api.url, ADMIN_TOKEN: TOKEN, ADMIN_USERS: 'boss' },
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    contacts: new Map([['wecom', channel.contacts]]),
  });
  if (departments.length > 0) await t.store.saveDepartments(departments);
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
  });
  /** What the member sees: the passive reply, then anything sent through message/send for them. */
  const say = async (userId: string, text: string, replies = 1) => {
    const before = api.okCalls('message/send').length;
    const r = await client.userSays(userId, text);
    expect(r.status).toBe(200);
    // Replies beyond the passive one go through message/send after the answer.
    if (replies > 1) await api.waitFor('message/send', before + replies - 1);
    const later = api
      .okCalls('message/send')
      .slice(before)
      .filter((c) => (c.body as { touser?: string }).touser === userId)
      .map((c) => (c.body as { text?: { content: string } }).text?.content ?? '');
    return [...(r.reply ? [r.reply.content] : []), ...later];
  };
  return { ...t, api, say, url: srv.url };
}

test('no departments at all: placed in 未分组 with a notice, the quiz starts; admins see 未分组, the public board does not', async () => {
  const { deps, store, say, url } = await setup([]);
  const first = await say('newbie', '答题', 3);
  expect(first[0]).toBe(UNASSIGNED_NOTICE);
  expect(first.join('\n')).toContain('今日答题共 5 题');
  expect(await store.findPersonByIdentity('wecom', 'newbie')).toMatchObject({ departmentId: 'unassigned', active: true });

  const [board] = await say('newbie', '排行榜');
  expect(board!.split('\n\n')[0]).toContain('暂无部门数据');
  const admin = await fetch(`${url}/api/reports/departments`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(JSON.stringify(await admin.json())).toContain('未分组');
  await say('boss', '帮助');
  expect((await say('boss', '参学率')).join('\n')).toContain('未分组');

  // the admin creates the real tree and assigns the person
  await store.saveDepartments([{ id: 'fzk', name: '法制科' }]);
  const out: string[] = [];
  const code = await runCommand(['people', 'move', 'wecom:newbie', '法制科'], { config: deps.config, deps, io: { out: (l) => out.push(l) } });
  expect([code, out]).toEqual([0, ['newbie 调到“法制科”', '已保存。']]);
  expect(await store.findPersonByIdentity('wecom', 'newbie')).toMatchObject({ departmentId: 'fzk', pinned: ['department'] });
});

test('departments exist but no lookup is possible: the person is asked to bind, with the list to choose from (未分组 not in it)', async () => {
  const { say } = await setup([
    { id: 'unassigned', name: '未分组' },
    { id: 'fzk', name: '法制科' },
  ]);
  const r = await say('walkin', '答题');
  expect(r[0]).toBe('您好，walkin！请先绑定所在部门：回复“绑定 部门名称”，例如：绑定 法制科\n现有部门：法制科');
  expect((await say('walkin', '绑定 未分组'))[0]).toContain('没有找到部门“未分组”');
  expect((await say('walkin', '绑定 法制科'))[0]).toContain('已绑定部门：法制科');
});
