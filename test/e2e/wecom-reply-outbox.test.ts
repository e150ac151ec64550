/**
 * Replies a passive reply cannot carry (the next question's card) go through the durable outbox (issue 14):
 * written before the HTTP response, sent after it, retried when WeCom fails, and still sent after a restart.
 * End to end: the real server on a random port over a lowdb data directory, the fake WeCom client that signs
 * and encrypts, the fake WeCom API on 127.0.0.1. The clock is injected and every wait advances it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import type { Clock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { type FakeWecomApi, startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
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

/** One server process over `dataDir` (a second call is a restart over the same directory). */
async function boot(dataDir: string, api: FakeWecomApi, opts: { retrying: boolean }) {
  const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  const ref: { clock?: Clock & { advance(ms: number): void } } = {};
  const clock: Clock = { now: () => ref.clock!.now() };
  const sleep = async (ms: number) => ref.clock!.advance(ms);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'true' }))!;
  // No retries inside the API client: a failed call fails the attempt, and the outbox's retry is what is tested.
  const channel = createWecomChannel(config, { clock, logger: createMemoryLogger(), sleep, api: { timeoutMs: 5000, retries: 0 } });
  const t = await makeTestDeps({
    store,
    demo: false,
    now: NOW,
    env: { DATA_DIR: dataDir, PLAYGROUND: 'false' },
    sleep,
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
  });
  ref.clock = t.clock;
  const srv = await startServer(t.deps);
  const retries = opts.retrying ? t.deps.outbox.startRetrying() : undefined;
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await srv.close();
    await retries?.stop();
    await t.deps.outbox.repliesSent();
    await store.close();
  };
  closers.push(close);
  return { deps: t.deps, store, client, close };
}

/** Resolves once `cond` holds, checked after each turn of the event loop (no timers); fails after many turns. */
async function until(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    if (await cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition never held');
}

async function world() {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-reply-outbox-'));
  const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  await store.saveDepartments([{ id: 'fzk', name: '法制科' }]);
  await store.savePeople([
    {
      id: 'zhangsan',
      name: '张三',
      departmentId: 'fzk',
      roles: ['member'],
      track: '全员',
      identities: { wecom: 'zhangsan' },
      active: true,
      joinedOn: '2026-11-01' as QuizDay,
    },
  ]);
  await store.close();
  const cards = () => api.okCalls('message/send').filter((c) => c.body.msgtype === 'template_card' && c.body.touser === 'zhangsan');
  return { api, dataDir, cards };
}

test('the card after the passive reply is in the outbox before the reply arrives, and a failed send is retried', async () => {
  const { api, dataDir, cards } = await world();
  const bot = await boot(dataDir, api, { retrying: true });
  api.failNext('message/send', { status: 502 }, 2);
  const r = await bot.client.userSays('zhangsan', '答题');
  expect(r.reply?.content).toContain('今日答题共 5 题');
  // Durable before the response: the card is pending in the outbox (being sent, or failed and waiting).
  const pending = (await bot.store.pendingOutbox()).filter((i) => i.to.kind === 'reply');
  expect(pending).toHaveLength(1);
  expect(pending[0]).toMatchObject({ channel: 'wecom', to: { kind: 'reply', destination: { kind: 'user', id: 'zhangsan' } }, message: { kind: 'question' } });
  // Two failed sends, then the background retries deliver it; a delivered reply leaves nothing behind.
  await api.waitUntil(() => cards().length === 1, 30_000);
  expect(cards()[0]!.body.template_card.main_title.title).toContain('1/5');
  expect(api.callsTo('message/send')).toHaveLength(3);
  await until(async () => (await bot.store.pendingOutbox()).length === 0);
  expect((await bot.store.outboxRecords()).filter((x) => x.reason.startsWith('reply:'))).toEqual([]);
});

test('a card WeCom did not take before a restart is sent by the next process', async () => {
  const { api, dataDir, cards } = await world();
  const first = await boot(dataDir, api, { retrying: false });
  api.outage('message/send', { status: 502 });
  expect((await first.client.userSays('zhangsan', '答题')).reply?.content).toContain('今日答题共 5 题');
  await first.deps.outbox.repliesSent();
  expect(cards()).toEqual([]);
  await first.close(); // the card is still pending in the journal
  api.restore('message/send');
  await boot(dataDir, api, { retrying: true });
  await api.waitUntil(() => cards().length === 1, 30_000);
  expect(cards()[0]!.body.template_card.main_title.title).toContain('1/5');
});
