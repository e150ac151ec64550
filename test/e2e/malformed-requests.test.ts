/**
 * Issue 11 item 7: every malformed request gets a 4xx, never a 500, on every route, end to end through the
 * server. Where the point is that the signature is valid (WeCom XML nested 4,000 deep, DingTalk createAt=1e20)
 * the request is signed exactly as the platform signs it. After each barrage the server still answers a
 * normal message, and no request ended in the 500 funnel ("request failed").
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { createDingtalkEventsReceiver } from '../../src/channels/dingtalk/events-receiver.js';
import { createDingtalkReceiver } from '../../src/channels/dingtalk/receiver.js';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { dingtalkEvent, signedEvent } from '../fakes/fake-dingtalk-events.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient, wxEncrypt } from '../fakes/fake-wecom-client.js';
import { type RawResult, rawPost } from '../helpers/raw-http.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const WECOM = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const DT_SECRET = 'dingtalk-app-secret';
const EVENTS = { token: 'eventtoken', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7', appKey: 'dingtestapp' };
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"a":"\xff\xfe"}
const THIRTY_MB = 30 * 1024 * 1024;
/** Beyond every route's limit; the 30 MB case is the WeCom test (the reproduction). */
const TWO_MB = 2 * 1024 * 1024;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const api = await startFakeWecomApi({ corpId: WECOM.WECOM_CORP_ID, secret: WECOM.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...WECOM, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const wecom = createWecomChannel(config, {
    clock: fixedClock(NOW),
    logger: createMemoryLogger(),
    sleep: async () => {},
    api: { timeoutMs: 5000, backoffMs: 1 },
  });
  const t = await makeTestDeps({
    now: NOW,
    seedAsReal: true,
    receivers: [
      { path: WECOM_CALLBACK_PATH, receiver: wecom.receiver },
      { path: '/dingtalk/callback', receiver: createDingtalkReceiver({ clientSecret: DT_SECRET }) },
      { path: '/dingtalk/events', receiver: createDingtalkEventsReceiver({ token: EVENTS.token, aesKey: EVENTS.aesKey, ownerKey: EVENTS.appKey }) },
    ],
  });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: WECOM.WECOM_TOKEN,
    encodingAesKey: WECOM.WECOM_ENCODING_AES_KEY,
    corpId: WECOM.WECOM_CORP_ID,
    agentId: 1000002,
    clock: t.clock,
  });
  /** No request went through the 500 funnel. */
  const no500 = () => expect(t.logger.lines.filter((l) => l.msg === 'request failed' || l.status === 500)).toEqual([]);
  return { ...t, srv, client, no500 };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** DingTalk's robot callback headers (dingtalk.md §1.1), signed with node:crypto here. */
function dtHeaders(clock: Setup['clock'], extra: Record<string, string> = {}): Record<string, string> {
  const ts = String(clock.now().getTime());
  return { 'content-type': 'application/json', timestamp: ts, sign: createHmac('sha256', DT_SECRET).update(`${ts}\n${DT_SECRET}`).digest('base64'), ...extra };
}

function dtBody(clock: Setup['clock'], over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    msgId: `msg-${Math.random()}`,
    msgtype: 'text',
    conversationId: 'cidzhangsan==',
    conversationType: '1',
    senderStaffId: 'dt-zhangsan',
    createAt: clock.now().getTime(),
    text: { content: ' 帮助' },
    ...over,
  });
}

const expect4xx = (r: RawResult, status: number) => {
  expect(r.status).toBe(status);
  expect(r.body).not.toMatch(/Error|stack|at /); // nothing internal leaks to a platform route
};

describe('WeCom: /wecom/callback', () => {
  test('XML nested 4,000 deep is refused before parsing when unsigned, and as a 400 when correctly signed', async () => {
    const { srv, client, no500 } = await setup();
    const encrypt = wxEncrypt(WECOM.WECOM_ENCODING_AES_KEY, client.textXml('zhangsan', '帮助'), WECOM.WECOM_CORP_ID);
    const deep = `<xml>${'<a>'.repeat(4000)}${'</a>'.repeat(4000)}<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const signed = client.deliveryFor(encrypt);
    const url = (q: Record<string, string>) => `${srv.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(q)}`;
    expect4xx(await rawPost(url(signed.query), { headers: { 'content-type': 'text/xml' }, body: deep }), 400);
    expect4xx(await rawPost(url({ ...signed.query, msg_signature: 'f'.repeat(40) }), { headers: { 'content-type': 'text/xml' }, body: deep }), 401);
    // Deep nesting inside the signed, encrypted message itself.
    const deepMessage = wxEncrypt(WECOM.WECOM_ENCODING_AES_KEY, `<xml>${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</xml>`, WECOM.WECOM_CORP_ID);
    expect4xx(await client.send(client.deliveryFor(deepMessage)), 400);
    expect((await client.userSays('zhangsan', '帮助')).reply?.content).toContain('使用帮助');
    no500();
  });

  test('a 30 MB chunked body is 413 (streamed, not buffered) and the server carries on', async () => {
    const { srv, client, no500 } = await setup();
    const d = client.deliveryFor('AAAA');
    const r = await rawPost(`${srv.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(d.query)}`, {
      headers: { 'content-type': 'text/xml' },
      chunkedBytes: THIRTY_MB,
    });
    expect4xx(r, 413);
    const declared = await rawPost(`${srv.url}${WECOM_CALLBACK_PATH}?${new URLSearchParams(d.query)}`, { body: Buffer.alloc(40 * 1024, 'a') });
    expect4xx(declared, 413);
    expect((await client.userSays('zhangsan', '帮助')).status).toBe(200);
    no500();
  });

  test('other decode failures: empty body, two Encrypt elements, not base64, JSON, invalid UTF-8, repeated or huge parameters', async () => {
    const { srv, client, no500 } = await setup();
    const encrypt = wxEncrypt(WECOM.WECOM_ENCODING_AES_KEY, client.textXml('zhangsan', '帮助'), WECOM.WECOM_CORP_ID);
    const d = client.deliveryFor(encrypt);
    const post = (body: string | Buffer, q: Record<string, string> | string = d.query, type = 'text/xml') =>
      rawPost(`${srv.url}${WECOM_CALLBACK_PATH}?${typeof q === 'string' ? q : new URLSearchParams(q)}`, { headers: { 'content-type': type }, body });
    expect4xx(await post(''), 400);
    expect4xx(await post(`<xml><Encrypt>${encrypt}</Encrypt><Encrypt>${encrypt}</Encrypt></xml>`), 400);
    expect4xx(await post(`<xml><Encrypt>${encrypt}</Encrypt>`), 400); // the signed value is found, but the envelope is broken XML
    expect4xx(await post('<xml><Encrypt>not base64!</Encrypt></xml>'), 400);
    expect4xx(await post(JSON.stringify({ Encrypt: encrypt }), d.query, 'application/json'), 400);
    expect4xx(await post(Buffer.concat([Buffer.from(d.body.slice(0, 20)), Buffer.from([0xff, 0xfe]), Buffer.from(d.body.slice(20))])), 400);
    expect4xx(await post(d.body, `${new URLSearchParams(d.query)}&msg_signature=${'0'.repeat(40)}`), 400);
    expect4xx(await post(d.body, { ...d.query, timestamp: '9'.repeat(40) }), 401);
    expect4xx(
      await post(client.deliveryFor(encrypt, { timestamp: '9'.repeat(12) }).body, client.deliveryFor(encrypt, { timestamp: '9'.repeat(12) }).query),
      401,
    );
    expect((await client.userSays('zhangsan', '帮助')).status).toBe(200);
    no500();
  });
});

describe('DingTalk: /dingtalk/callback', () => {
  test('a correctly signed message with createAt=1e20 (no Date can hold it) is a 400', async () => {
    const { srv, clock, no500 } = await setup();
    const url = `${srv.url}/dingtalk/callback`;
    expect4xx(await rawPost(url, { headers: dtHeaders(clock), body: dtBody(clock, { createAt: 1e20 }) }), 400);
    expect4xx(await rawPost(url, { headers: dtHeaders(clock), body: dtBody(clock, { createAt: '100000000000000000000' }) }), 400);
    expect4xx(await rawPost(url, { headers: dtHeaders(clock), body: dtBody(clock, { sessionWebhook: 'http://x', sessionWebhookExpiredTime: 1e20 }) }), 400);
    expect4xx(await rawPost(url, { headers: dtHeaders(clock), body: dtBody(clock, { createAt: -5 }) }), 400);
    expect((await rawPost(url, { headers: dtHeaders(clock), body: dtBody(clock) })).status).toBe(200);
    no500();
  });

  test('wrong types, empty and non-object bodies, deep JSON, invalid UTF-8, huge headers, 2 MB chunked: all 4xx', async () => {
    const { srv, clock, no500 } = await setup();
    const url = `${srv.url}/dingtalk/callback`;
    const post = (body: string | Buffer, headers = dtHeaders(clock)) => rawPost(url, { headers, body });
    for (const body of [
      '',
      'null',
      '[]',
      '"text"',
      '{}',
      '{"msgId":',
      dtBody(clock, { conversationType: 1 }),
      dtBody(clock, { msgId: 12345 }),
      dtBody(clock, { text: 'plain' }),
    ]) {
      expect4xx(await post(body), 400);
    }
    expect4xx(await post(`${'['.repeat(30_000)}${']'.repeat(30_000)}`), 400);
    expect4xx(await post(INVALID_UTF8), 400);
    expect4xx(await post(dtBody(clock), { ...dtHeaders(clock), timestamp: '9'.repeat(40) }), 401);
    expect4xx(await post(dtBody(clock), { 'content-type': 'application/json' }), 401);
    expect4xx(await rawPost(url, { headers: dtHeaders(clock), chunkedBytes: TWO_MB }), 413);
    expect((await post(dtBody(clock))).status).toBe(200);
    no500();
  });
});

describe('DingTalk: /dingtalk/events', () => {
  test('signed bodies that are not the documented JSON are 400; unsigned ones 401', async () => {
    const { srv, clock, no500 } = await setup();
    const now = clock.now().getTime();
    const post = (d: { query: URLSearchParams; body: string | Buffer }) =>
      rawPost(`${srv.url}/dingtalk/events?${d.query}`, { headers: { 'content-type': 'application/json' }, body: d.body });
    expect4xx(await post(signedEvent(EVENTS, 'not json', 'AAAA', { timestamp: now })), 400);
    expect4xx(await post(signedEvent(EVENTS, '{"encrypt": 5}', '5', { timestamp: now })), 400);
    expect4xx(await post(signedEvent(EVENTS, '', '', { timestamp: now })), 400);
    expect4xx(await post({ ...signedEvent(EVENTS, '', '', { timestamp: now }), body: INVALID_UTF8 }), 400);
    expect4xx(await post(dingtalkEvent(EVENTS, 'not json inside', { timestamp: now })), 400);
    expect4xx(await post(dingtalkEvent(EVENTS, `${'['.repeat(5000)}${']'.repeat(5000)}`, { timestamp: now })), 400);
    expect4xx(await post(dingtalkEvent(EVENTS, { EventType: 5 }, { timestamp: now })), 400);
    expect4xx(await post(dingtalkEvent(EVENTS, { EventType: 'check_url' }, { timestamp: now, token: 'wrong' })), 401);
    expect((await post(dingtalkEvent(EVENTS, { EventType: 'check_url' }, { timestamp: now }))).status).toBe(200);
    no500();
  });
});

describe('playground: /playground/messages', () => {
  test('only JSON is accepted (415 otherwise); broken JSON, wrong types and 2 MB are 4xx', async () => {
    const { srv, no500 } = await setup();
    const url = `${srv.url}/playground/messages`;
    const json = { 'content-type': 'application/json' };
    const body = JSON.stringify({ userId: 'zhangsan', text: '帮助' });
    const r = await rawPost(url, { headers: { 'content-type': 'text/plain' }, body });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).error.code).toBe('input.unsupported_media_type');
    expect((await rawPost(url, { body })).status).toBe(415);
    for (const bad of ['', 'null', '[]', '{"userId": 5, "text": "x"}', '{"userId": "a", "text": ["x"]}', `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`]) {
      expect((await rawPost(url, { headers: json, body: bad })).status).toBe(400);
    }
    expect((await rawPost(url, { headers: json, body: INVALID_UTF8 })).status).toBe(400);
    expect((await rawPost(`${url}?a=1&a=2`, { headers: json, body })).status).toBe(400);
    expect((await rawPost(url, { headers: json, chunkedBytes: TWO_MB })).status).toBe(413);
    expect((await rawPost(url, { headers: { 'content-type': 'application/json; charset=utf-8' }, body })).status).toBe(200);
    no500();
  });
});
