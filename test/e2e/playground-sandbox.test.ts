/**
 * Issue 11 item 9: the playground is a sandbox, not a back door. With WeCom or DingTalk configured from the
 * environment (against fake platform servers on 127.0.0.1) and PLAYGROUND=true, the playground acts only for
 * demo people: a real person's id (the real admin's) is refused, 发布/推送/提醒 from the demo admin reach demo
 * people through the playground inbox and never the platform, /playground/users and /playground/inbox are
 * demo-only, clients are rate-limited, new ids are capped, and only this machine is served unless
 * PLAYGROUND_PUBLIC=true. Without PLAYGROUND=true the playground is off.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { createPlatformChannels } from '../../src/channels/platforms.js';
import { fixedClock } from '../../src/core/clock.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { isDemo } from '../../src/directory/demo-data.js';
import type { Person } from '../../src/store/model.js';
import { startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { makeTestDeps, startServer, testConfig } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

type Platform = 'wecom' | 'dingtalk';

/** The real bureau: a real admin and a member, on the platform, in a real department. */
const real = (id: string, extra: Partial<Person>): Person => ({
  id: `wecom:${id}`,
  name: id,
  departmentId: 'real-root',
  roles: ['member'],
  track: '全员',
  identities: { wecom: id, dingtalk: id },
  active: true,
  joinedOn: '2026-11-01' as QuizDay,
  ...extra,
});

/** Starts the server with `platform` configured from the environment, the demo seed, and two real people. */
async function setup(platform: Platform, env: Record<string, string> = {}, opts: { remote?: boolean } = {}) {
  const clock = fixedClock(NOW);
  const logger = createMemoryLogger();
  let platformEnv: Record<string, string>;
  /** Every call that would reach the platform (message sends and group robots). */
  let platformSends: () => number;
  if (platform === 'wecom') {
    const api = await startFakeWecomApi({ corpId: 'wwsandbox', secret: 'sandbox-secret', webhookKey: 'robot-key' });
    closers.push(api.close);
    platformEnv = {
      WECOM_CORP_ID: 'wwsandbox',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'sandbox-secret',
      WECOM_TOKEN: 'sandboxtoken',
      WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
      WECOM_API_BASE: api.url,
      WECOM_WEBHOOK_KEY: 'robot-key',
    };
    platformSends = () => api.calls.filter((c) => c.path === 'message/send' || c.path === 'webhook/send').length;
  } else {
    const fake = await startFakeDingtalk({ now: () => clock.now(), webhookToken: 'robot-token', webhookSecret: 'SECrobot' });
    closers.push(fake.close);
    platformEnv = {
      DINGTALK_CLIENT_ID: fake.clientId,
      DINGTALK_CLIENT_SECRET: fake.clientSecret,
      DINGTALK_MODE: 'http',
      DINGTALK_API_BASE: fake.url,
      DINGTALK_OAPI_BASE: fake.url,
      DINGTALK_WEBHOOK_TOKEN: 'robot-token',
      DINGTALK_WEBHOOK_SECRET: 'SECrobot',
    };
    platformSends = () => fake.sent.length;
  }
  const fullEnv = { ...platformEnv, PLAYGROUND: 'true', ...env };
  const channels = createPlatformChannels(testConfig(fullEnv), { clock, logger });
  const t = await makeTestDeps({
    now: NOW,
    env: fullEnv,
    receivers: channels.receivers,
    senders: channels.senders,
    bulkSenders: channels.bulkSenders,
    contacts: channels.contacts,
    sleep: async () => {},
  });
  await t.store.saveDepartments([{ id: 'real-root', name: '某县司法局' }]);
  await t.store.savePeople([
    real('boss', { name: '真局长', roles: ['admin', 'leader'] }),
    real('staff', { name: '真科员', identities: { wecom: 'staff', dingtalk: 'staff', playground: 'staff-pg' } }),
  ]);
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  // A client on another machine: the socket's remote address as the server sees it.
  if (opts.remote) srv.server.prependListener('connection', (s: Socket) => Object.defineProperty(s, 'remoteAddress', { value: '203.0.113.7' }));
  const post = async (userId: string, text: string) => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    const body = (await r.json()) as { replies?: Array<{ text: string }>; error?: { code: string; message: string } };
    return { status: r.status, text: body.replies?.map((x) => x.text).join('\n') ?? '', error: body.error, headers: r.headers };
  };
  const get = async (path: string) => {
    const r = await fetch(`${srv.url}${path}`);
    const text = await r.text();
    return { status: r.status, json: text.startsWith('{') ? (JSON.parse(text) as any) : undefined, headers: r.headers };
  };
  return { ...t, srv, post, get, platformSends };
}

describe.each(['wecom', 'dingtalk'] as const)('%s configured, PLAYGROUND=true: the playground is a sandbox', (platform) => {
  test('a real person’s id (the real admin’s) is refused with a 403; nothing is stored or sent', async () => {
    const { post, store, deps, platformSends } = await setup(platform);
    for (const userId of ['wecom:boss', 'staff-pg']) {
      const r = await post(userId, '发布 通知\n全体人员请学习《中华人民共和国行政处罚法》第三十六条');
      expect(r.status).toBe(403);
      expect(r.error?.code).toBe('auth.forbidden');
      expect(r.error?.message).toContain('演示沙盒');
    }
    expect(await store.listTopics()).toEqual([]);
    expect(await store.getQuiz('wecom:staff', deps.quiz.today())).toBeUndefined();
    expect(platformSends()).toBe(0);
  });

  test('发布, 推送 and 提醒 from the demo 管理员 reach demo people through the playground inbox, never the platform', async () => {
    const { post, deps, platformSends } = await setup(platform);
    expect((await post('admin', '发布 演示专题\n《中华人民共和国行政处罚法》第三十六条')).text).toContain('推送给 8 人');
    expect((await post('admin', '推送')).text).toContain('已向 8 人推送今日答题');
    expect((await post('admin', '提醒')).text).toContain('已提醒 8 位');
    expect(platformSends()).toBe(0);
    const inbox = deps.playgroundInbox!;
    expect(inbox.sent.get('zhaoliu')).toHaveLength(3);
    expect(inbox.sent.get('staff-pg')).toBeUndefined();
    // A chat-triggered run posts to no group robot at all (the outbox's rule), so no group saw it either.
    expect(inbox.groupPosts).toEqual([]);
    // The same push in the real world does reach the platform: the fake records sends (the zero above is real).
    await deps.runner.run('daily-push', deps.quiz.today());
    expect(platformSends()).toBeGreaterThan(0);
  });

  test('/playground/users lists demo people only; /playground/inbox serves demo people only', async () => {
    const { get, store } = await setup(platform);
    const users = (await get('/playground/users')).json.users as Array<{ id: string; label: string }>;
    const demoIds = (await store.listPeople()).filter(isDemo).map((p) => p.identities.playground);
    expect(users.map((u) => u.id).sort()).toEqual([...demoIds].sort());
    expect(JSON.stringify(users)).not.toMatch(/真局长|真科员|某县司法局/);
    expect((await get('/playground/inbox?userId=staff-pg')).status).toBe(403);
    expect((await get('/playground/inbox?userId=zhaoliu')).status).toBe(200);
  });
});

describe('the playground’s guard rails', () => {
  test('each client is rate-limited: 429 with a Chinese message and Retry-After, then served again', async () => {
    const { get, post, clock } = await setup('wecom', { PLAYGROUND_RATE_LIMIT: '5' });
    for (let i = 0; i < 4; i++) expect((await get('/playground/users')).status).toBe(200);
    expect((await post('zhaoliu', '帮助')).status).toBe(200);
    const limited = await get('/playground/inbox?userId=zhaoliu');
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatchObject({ code: 'input.rate_limited' });
    expect(limited.json.error.message).toContain('每分钟最多 5 次');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post('zhaoliu', '帮助')).status).toBe(429);
    clock.advance(60_000);
    expect((await get('/playground/users')).status).toBe(200);
  });

  test('new ids become demo people up to the cap, then are refused (403) and nothing grows', async () => {
    const { post, store } = await setup('wecom', { PLAYGROUND_MAX_PEOPLE: '10' });
    expect((await post('guest-1', '你好')).text).toContain('请先绑定所在部门');
    expect((await post('guest-2', '你好')).status).toBe(200);
    const before = (await store.listPeople()).length;
    const refused = await post('guest-3', '你好');
    expect(refused.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'input.quota_exceeded' });
    expect(refused.error!.message).toContain('演示人员已达上限（10 人）');
    expect((await store.listPeople()).length).toBe(before);
    expect((await store.findPersonByIdentity('playground', 'guest-1'))?.demo).toBe(true);
    expect((await post('guest-1', '帮助')).status).toBe(200); // existing demo people carry on
  });

  test('the cap holds in a playground-only installation too, and under concurrent first messages', async () => {
    const t = await makeTestDeps({ env: { PLAYGROUND_MAX_PEOPLE: '12' } });
    const srv = await startServer(t.deps);
    closers.push(srv.close);
    const statuses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${srv.url}/playground/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: `g${i}`, text: '你好' }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 403)).toHaveLength(6);
    expect((await t.store.listPeople()).filter(isDemo)).toHaveLength(12);
  });

  test('with a platform configured only this machine is served, unless PLAYGROUND_PUBLIC=true', async () => {
    const remote = await setup('wecom', {}, { remote: true });
    const page = await remote.get('/');
    expect(page.status).toBe(403);
    expect(page.json.error.message).toContain('PLAYGROUND_PUBLIC=true');
    expect((await remote.post('zhaoliu', '帮助')).status).toBe(403);
    for (const c of closers.splice(0).reverse()) await c();
    const open = await setup('wecom', { PLAYGROUND_PUBLIC: 'true' }, { remote: true });
    expect((await open.get('/')).status).toBe(200);
    expect((await open.post('zhaoliu', '帮助')).status).toBe(200);
  });

  test('with a platform configured and PLAYGROUND unset, the playground is off', async () => {
    const { srv, deps } = await setup('wecom', { PLAYGROUND: '' });
    expect(deps.config.playground).toBe(false);
    expect((await fetch(`${srv.url}/`)).status).toBe(404);
    expect((await fetch(`${srv.url}/playground/users`)).status).toBe(404);
    expect((await fetch(`${srv.url}/playground/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });
});
