/**
 * The API client against the fake WeCom API server: token caching and sharing, refresh once on 42001,
 * 60020 in plain words, retries with backoff on 45009 / 5xx / timeouts, invaliduser and update_template_card.
 * (The contact API is in contacts.test.ts; batching at 1000 is in bulk-sender.test.ts.)
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { type AppError, isAppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { createWecomApi } from '../../../src/channels/wecom/api.js';
import { createWecomMessages } from '../../../src/channels/wecom/messages.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

const CORP = 'wwpufa0001';
let fake: FakeWecomApi;
afterEach(async () => {
  await fake?.close();
});

async function setup(opts: { secret?: string; timeoutMs?: number } = {}) {
  fake = await startFakeWecomApi({ corpId: CORP, secret: 'sekrit' });
  const clock = fixedClock('2026-11-24T02:00:00Z');
  const logger = createMemoryLogger();
  const sleeps: number[] = [];
  const api = createWecomApi({
    apiBase: fake.url,
    corpId: CORP,
    secret: opts.secret ?? 'sekrit',
    clock,
    logger,
    timeoutMs: opts.timeoutMs ?? 5000,
    backoffMs: 10,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { api, clock, logger, sleeps, messages: createWecomMessages(api, 1000002, logger) };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection, the call succeeded');
}

const text = { msgtype: 'text' as const, text: { content: '你好' } };

describe('access token', () => {
  test('fetched once and shared by concurrent callers; refreshed shortly before expiry', async () => {
    const { api, clock } = await setup();
    await Promise.all([api.call('GET', 'user/get', { query: { userid: 'x' } }).catch(() => {}), api.accessToken(), api.accessToken()]);
    expect(fake.callsTo('gettoken')).toHaveLength(1);
    clock.advance(7200_000 - 6 * 60_000);
    expect(await api.accessToken()).toBe('tok-1');
    clock.advance(2 * 60_000);
    expect(await api.accessToken()).toBe('tok-2');
    expect(fake.callsTo('gettoken')).toHaveLength(2);
    expect(fake.callsTo('gettoken')[0]!.query).toMatchObject({ corpid: CORP, corpsecret: 'sekrit' });
  });

  test('42001 (expired early) → one refresh and one retry', async () => {
    const { messages } = await setup();
    await messages.send({ users: ['u1'] }, text);
    fake.expireTokens();
    await messages.send({ users: ['u1'] }, text);
    expect(fake.callsTo('gettoken')).toHaveLength(2);
    expect(fake.callsTo('message/send').map((c) => c.outcome)).toEqual(['ok', 'errcode 42001', 'ok']);
  });

  test('a token rejected twice in a row surfaces instead of looping', async () => {
    const { messages } = await setup();
    fake.failNext('message/send', { errcode: 40014 }, 2);
    const err = await rejection(messages.send({ users: ['u1'] }, text));
    expect(err.code).toBe('platform.api_error');
    expect(err.details.errcode).toBe(40014);
    expect(fake.callsTo('gettoken')).toHaveLength(2);
  });

  test('a wrong secret names WECOM_SECRET', async () => {
    const { api } = await setup({ secret: 'wrong' });
    const err = await rejection(api.accessToken());
    expect(err.details.errcode).toBe(40001);
    expect(err.message).toContain('WECOM_SECRET');
  });
});

describe('errors and retries', () => {
  test('60020: the operator is told plainly to add the server IP to 企业可信IP', async () => {
    const { messages, logger } = await setup();
    fake.failNext('message/send', { errcode: 60020, errmsg: 'not allow to access from your ip, from ip: 1.2.3.4' });
    const err = await rejection(messages.send({ users: ['u1'] }, text));
    expect(err.details).toMatchObject({ errcode: 60020 });
    const line = logger.lines.find((l) => l.errcode === 60020)!;
    expect(line.level).toBe('error');
    expect(String(line.fix)).toContain('企业可信IP');
    expect(String(line.errmsg)).toContain('1.2.3.4');
  });

  test.each([
    ['45009 (rate limit)', { errcode: 45009 }],
    ['HTTP 502', { status: 502 }],
    ['a timeout', { delayMs: 3000 }],
  ])('%s is retried with backoff', async (_n, failure) => {
    const { messages, sleeps } = await setup({ timeoutMs: 1000 });
    fake.failNext('message/send', failure, 2);
    await messages.send({ users: ['u1'] }, text);
    expect(
      fake
        .callsTo('message/send')
        .map((c) => c.outcome)
        .at(-1),
    ).toBe('ok');
    expect(sleeps).toEqual([10, 20]);
  });

  test('retries stop after three and surface the error; HTTP 4xx is not retried', async () => {
    const { messages, sleeps } = await setup();
    fake.failNext('message/send', { status: 503 }, 4);
    expect((await rejection(messages.send({ users: ['u1'] }, text))).code).toBe('platform.http_error');
    expect(sleeps).toEqual([10, 20, 40]);
    fake.failNext('message/send', { status: 404 });
    expect((await rejection(messages.send({ users: ['u1'] }, text))).details.status).toBe(404);
    expect(sleeps).toHaveLength(3);
  });
});

describe('message/send', () => {
  test('invaliduser is read back; 81013 (every recipient invalid) reports them instead of failing', async () => {
    const { messages } = await setup();
    fake.invalidUsers.add('ghost').add('Left');
    expect(await messages.send({ users: ['u1', 'Left'] }, text, { duplicateCheck: true })).toMatchObject({ invalidUsers: ['left'], msgId: expect.any(String) });
    expect(fake.callsTo('message/send')[0]!.body).toMatchObject({
      touser: 'u1|Left',
      agentid: 1000002,
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    });
    expect(await messages.send({ users: ['ghost'] }, text)).toMatchObject({ invalidUsers: ['ghost'] });
  });

  test('update_template_card sends the response code and the card', async () => {
    const { messages } = await setup();
    const card = { card_type: 'button_interaction' as const, task_id: 'pr_1', source: { desc: 'x' }, main_title: { title: 't' } };
    await messages.updateTemplateCard(['u1'], 'RC9', card);
    expect(fake.callsTo('message/update_template_card')[0]!.body).toEqual({
      userids: ['u1'],
      atall: 0,
      agentid: 1000002,
      response_code: 'RC9',
      template_card: card,
    });
  });
});
