/** The DingTalk API client and sender against the fake DingTalk on 127.0.0.1. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDingtalkApi } from '../../../src/channels/dingtalk/api.js';
import { createDingtalkSender } from '../../../src/channels/dingtalk/sender.js';
import { sessionDestination } from '../../../src/channels/dingtalk/session-route.js';
import { fixedClock } from '../../../src/core/clock.js';
import type { AppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeDingtalk, startFakeDingtalk } from '../../fakes/fake-dingtalk.js';

let fake: FakeDingtalk;
let clock: ReturnType<typeof fixedClock>;
const logger = createMemoryLogger();
const text = (t: string) => ({ kind: 'text' as const, text: t });

beforeEach(async () => {
  clock = fixedClock('2026-11-24T02:00:00Z');
  fake = await startFakeDingtalk({ now: () => clock.now() });
});
afterEach(() => fake.close());

const makeApi = () =>
  createDingtalkApi({ clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, apiBase: fake.url, oapiBase: fake.url, clock });
function makeSender(sleeps: number[] = []) {
  const api = makeApi();
  return createDingtalkSender({
    api,
    clock,
    logger,
    webhookOrigins: [fake.url],
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    throttleRetryDelaysMs: [1_000, 5_000],
  });
}
async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('access token', () => {
  test('cached and shared by concurrent callers', async () => {
    const api = makeApi();
    const tokens = await Promise.all([api.accessToken(), api.accessToken(), api.accessToken()]);
    expect(new Set(tokens).size).toBe(1);
    await api.batchSend(['u1'], { msgKey: 'sampleText', msgParam: '{"content":"x"}' });
    expect(fake.state.tokenRequests).toBe(1);
  });

  test('refreshed before it expires (7200 s minus 5 min)', async () => {
    const api = makeApi();
    const first = await api.accessToken();
    clock.advance(6_800_000);
    expect(await api.accessToken()).toBe(first);
    clock.advance(200_000);
    expect(await api.accessToken()).not.toBe(first);
    expect(fake.state.tokenRequests).toBe(2);
  });

  test('refreshed once on an auth error, then the call succeeds', async () => {
    const api = makeApi();
    await api.accessToken();
    fake.revokeTokens();
    await api.groupSend('cidG==', { msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
    expect(fake.state.tokenRequests).toBe(2);
    expect(fake.sent).toHaveLength(1);
  });

  test('only once: a second auth error is thrown', async () => {
    const api = makeApi();
    fake.failNext('/v1.0/robot/groupMessages/send', { status: 400, code: 'InvalidAuthentication' }, { status: 400, code: 'InvalidAuthentication' });
    const err = await rejection(api.groupSend('cidG==', { msgKey: 'sampleText', msgParam: '{}' }));
    expect(err.code).toBe('platform.api_error');
    expect(fake.state.tokenRequests).toBe(2);
    expect(fake.countCalls('/v1.0/robot/groupMessages/send')).toBe(2);
  });

  test('wrong secret: api_error', async () => {
    const api = createDingtalkApi({ clientId: fake.clientId, clientSecret: 'wrong', robotCode: fake.clientId, apiBase: fake.url, oapiBase: fake.url, clock });
    expect((await rejection(api.accessToken())).code).toBe('platform.api_error');
  });
});

describe('errors', () => {
  test('HTTP 200 with errcode ≠ 0 is an api_error', async () => {
    fake.failNext('/robot/sendBySession', { errcode: 400013, errmsg: '群已被解散' });
    const err = await rejection(makeApi().postSessionWebhook(`${fake.url}/robot/sendBySession?session=x`, { msgtype: 'text', text: { content: 'x' } }));
    expect(err.code).toBe('platform.api_error');
    expect(err.details.errcode).toBe(400013);
  });

  test('5xx is an http_error', async () => {
    fake.failNext('/v1.0/robot/groupMessages/send', { status: 502 });
    expect((await rejection(makeApi().groupSend('cid', { msgKey: 'sampleText', msgParam: '{}' }))).code).toBe('platform.http_error');
  });
});

describe('sender', () => {
  const route = (expiresAt: Date, user = 'zhangsan') => {
    const p = fake.payload({ userId: user, text: 'x', sessionTtlMs: expiresAt.getTime() - clock.now().getTime() });
    return sessionDestination({ webhook: String(p.sessionWebhook), fallback: { kind: 'user', id: user } }, expiresAt);
  };

  test('replies through a live sessionWebhook', async () => {
    await makeSender().send(route(new Date(clock.now().getTime() + 5_400_000)), text('你好'));
    expect(fake.sent).toEqual([expect.objectContaining({ via: 'session', to: 'zhangsan', text: '你好' })]);
    expect(fake.state.tokenRequests).toBe(0);
  });

  test('after expiry (or within the margin) it uses batchSend', async () => {
    await makeSender().send(route(new Date(clock.now().getTime() + 30_000)), text('晚到的回复'));
    expect(fake.sent).toEqual([expect.objectContaining({ via: 'batchSend', to: 'zhangsan', text: '晚到的回复' })]);
  });

  test('a webhook that says 300001 falls back to batchSend', async () => {
    const to = route(new Date(clock.now().getTime() + 5_400_000));
    fake.expireSessions();
    await makeSender().send(to, text('x'));
    expect(fake.sent.map((s) => s.via)).toEqual(['batchSend']);
  });

  test('a sessionWebhook on a foreign host is never called', async () => {
    const to = sessionDestination(
      { webhook: 'https://evil.example/steal', fallback: { kind: 'user', id: 'zhangsan' } },
      new Date(clock.now().getTime() + 5_400_000),
    );
    await makeSender().send(to, text('x'));
    expect(fake.sent.map((s) => s.via)).toEqual(['batchSend']);
  });

  test('group destinations go through groupMessages/send; questions become the hint', async () => {
    await makeSender().send(
      { channel: 'dingtalk', kind: 'group', id: 'cidG==' },
      { kind: 'question', text: 'q', card: { ref: 'r', title: 't', stem: 's', kind: 'single', options: [] } },
    );
    expect(fake.sent).toEqual([expect.objectContaining({ via: 'group', to: 'cidG==', text: expect.stringContaining('单聊') })]);
  });

  test('an invalid user rejects a direct send', async () => {
    fake.invalidUsers.add('ghost');
    expect((await rejection(makeSender().send({ channel: 'dingtalk', kind: 'user', id: 'ghost' }, text('x')))).details.invalid).toBe(true);
  });

  test('sendToUsers: chunks of 20, invalid reported, throttled retried later', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `u${i}`);
    fake.invalidUsers.add('u3');
    fake.throttle('u7', 1);
    fake.throttle('u30', 5);
    const sleeps: number[] = [];
    const report = await makeSender(sleeps).sendToUsers(ids, text('今日答题已开始'));
    expect(report.invalid).toEqual(['u3']);
    expect(report.failed).toEqual(['u30']);
    expect(report.delivered).toHaveLength(43);
    expect(report.delivered).toContain('u7');
    expect(sleeps).toEqual([1_000, 5_000]);
    const bodies = fake.calls.filter((c) => c.path === '/v1.0/robot/oToMessages/batchSend').map((c) => (c.body as { userIds: string[] }).userIds.length);
    expect(bodies).toEqual([20, 20, 5, 2, 1]);
  });

  test('sendToUsers: a 5xx chunk is retried, an errcode chunk fails', async () => {
    fake.failNext('/v1.0/robot/oToMessages/batchSend', { status: 503 });
    const r1 = await makeSender().sendToUsers(['a', 'b'], text('x'));
    expect(r1).toEqual({ delivered: ['a', 'b'], invalid: [], failed: [], handles: [expect.any(String)] });
    fake.failNext('/v1.0/robot/oToMessages/batchSend', { status: 403, code: 'Forbidden.AccessDenied.IpNotInWhiteList', errmsg: '访问ip不在白名单之中' });
    const r2 = await makeSender().sendToUsers(['c'], text('x'));
    expect(r2).toEqual({ delivered: [], invalid: [], failed: ['c'], handles: [] });
  });
});
