/**
 * DingTalk Stream goes through the one inbound pipeline (core/inbound-pipeline.ts) like every HTTP route:
 * the claim in the durable inbox is made before the frame is acked (a failed claim leaves the frame
 * unacked, and DingTalk's redelivery is handled), a redelivery of a message is deduped, a poison message is
 * parked with one apology, and every reply is sent later through the Sender (the sessionWebhook). The real
 * server (makeTestDeps + startServer) against the fake DingTalk (Stream gateway, sessionWebhook) on 127.0.0.1.
 */
import { afterEach, expect, test } from 'vitest';
import { type DingtalkChannel, createDingtalkChannel } from '../../src/channels/dingtalk/index.js';
import type { Handler } from '../../src/core/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import type { ChannelId, InboundMessage } from '../../src/core/message.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { type FakeDingtalk, startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { manualDeadlines, signal } from '../helpers/timing.js';

const NOW = '2026-11-24T02:00:00Z';

/** A memory store whose next `failClaims` claims fail (the disk is full for a moment). */
class FlakyClaims extends MemoryStore {
  failClaims = 0;
  override async claimMessage(channel: ChannelId, messageId: string, at: Date, message?: InboundMessage): Promise<boolean> {
    if (this.failClaims > 0) {
      this.failClaims--;
      throw new Error('ENOSPC: no space left on device');
    }
    return super.claimMessage(channel, messageId, at, message);
  }
}

interface World {
  fake: FakeDingtalk;
  channel: DingtalkChannel;
  store: FlakyClaims;
  channelLog: ReturnType<typeof createMemoryLogger>;
  t: Awaited<ReturnType<typeof makeTestDeps>>;
  close(): Promise<void>;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function setUp(wrapHandler?: (h: Handler) => Handler, deadline?: ReturnType<typeof manualDeadlines>): Promise<World> {
  const clock = fixedClock(NOW);
  const fake = await startFakeDingtalk({ now: () => clock.now(), disconnectCloseMs: 100 });
  const channelLog = createMemoryLogger();
  const channel = createDingtalkChannel(
    { clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, mode: 'stream', apiBase: fake.url, oapiBase: fake.url },
    { clock, logger: channelLog, streamTuning: { baseDelayMs: 10, maxDelayMs: 200, watchdogIntervalMs: 1_000 }, random: () => 0 },
  );
  const store = new FlakyClaims();
  const t = await makeTestDeps({
    store,
    seedAsReal: true,
    senders: new Map([['dingtalk', channel.sender]]),
    contacts: new Map([['dingtalk', channel.contacts]]),
    wrapHandler,
    deadline: deadline ? () => deadline.deadline() : undefined,
  });
  const zhangsan = (await store.getPerson('zhangsan'))!;
  await store.savePeople([{ ...zhangsan, identities: { ...zhangsan.identities, dingtalk: 'zhangsan' } }]);
  const server = await startServer(t.deps);
  channel.stream!.start(t.deps.pipeline);
  await fake.waitFor(() => channel.stream!.health().connected, 'stream connection');
  const w: World = {
    fake,
    channel,
    store,
    channelLog,
    t,
    async close() {
      await channel.stream!.stop();
      await server.close();
      await fake.close();
    },
  };
  worlds.push(w);
  return w;
}

const acked = (w: World, frameId: string) => w.fake.acks.some((a) => a.messageId === frameId);
const inboxEntry = async (w: World, msgId: string) => (await w.store.inbox()).find((e) => e.message.messageId === msgId);

test('the claim comes before the ack: the frame is acked while the handler still runs, and the reply follows through the Sender', async () => {
  const gate = signal();
  const reached = signal();
  const started = reached.next();
  const w = await setUp((h) => async (ctx, next) => {
    if (ctx.msg.text === '答题') {
      reached.fire();
      await gate.next();
    }
    return h(ctx, next);
  });
  const frameId = w.fake.pushCallback(w.fake.payload({ userId: 'zhangsan', text: '答题', msgId: 'm-slow' }));
  await started; // the handler is running and blocked
  await w.fake.waitFor(() => acked(w, frameId), 'ack while the handler runs');
  // Acknowledged, so it must be durable: the message is in the inbox, pending, with its payload.
  expect(await inboxEntry(w, 'm-slow')).toMatchObject({ state: 'pending', message: { text: '答题', channel: 'dingtalk' } });
  expect(w.fake.sent).toEqual([]);
  gate.fire();
  const q = await w.fake.waitFor(() => w.fake.sent.find((m) => m.to === 'zhangsan' && /今日答题 1\/5/.test(m.text)), 'question 1 via the sessionWebhook');
  expect(q.via).toBe('session');
  await w.t.deps.pipeline.drain();
  expect(await inboxEntry(w, 'm-slow')).toBeUndefined(); // finished
});

test('a claim that fails is not acked; DingTalk redelivers the frame and the message is handled once', async () => {
  const w = await setUp();
  w.store.failClaims = 1;
  const frameId = w.fake.pushCallback(w.fake.payload({ userId: 'zhangsan', text: '答题', msgId: 'm-claim' }));
  const refused = await w.fake.waitFor(
    () => w.channelLog.lines.find((l) => l.msg === 'stream frame not accepted; left unacknowledged for redelivery'),
    'not accepted',
  );
  expect(refused).toMatchObject({ level: 'error', messageId: frameId });
  expect(acked(w, frameId)).toBe(false);
  expect(w.fake.pendingCallbacks()).toBe(1);
  expect(await w.store.inbox()).toEqual([]);
  w.fake.dropConnection(); // the gateway redelivers unacked frames on the next connection
  await w.fake.waitFor(() => acked(w, frameId), 'ack after redelivery');
  await w.fake.waitFor(() => w.fake.sent.find((m) => m.to === 'zhangsan' && /今日答题 1\/5/.test(m.text)), 'question 1');
  expect(w.fake.sent.filter((m) => /今日答题 1\/5/.test(m.text))).toHaveLength(1);
});

test('a redelivered message (same msgId in a new frame) is acked and not handled again', async () => {
  let runs = 0;
  const w = await setUp((h) => async (ctx, next) => {
    if (ctx.msg.text === '答题') runs++;
    return h(ctx, next);
  });
  const body = w.fake.payload({ userId: 'zhangsan', text: '答题', msgId: 'm-twice' });
  const first = w.fake.pushCallback(body);
  await w.fake.waitFor(() => w.fake.sent.find((m) => /今日答题 1\/5/.test(m.text)), 'question 1');
  const second = w.fake.pushCallback(body);
  await w.fake.waitFor(() => acked(w, first) && acked(w, second), 'both acked');
  await w.fake.waitFor(() => w.t.logger.lines.find((l) => l.msg === 'duplicate delivery skipped' && l.messageId === 'm-twice'), 'dedupe log');
  await w.t.deps.pipeline.drain();
  expect(runs).toBe(1);
  expect(w.fake.sent.filter((m) => /今日答题 1\/5/.test(m.text))).toHaveLength(1);
});

test('a poison message is parked after two failures, with one apology through the Sender; its redelivery is a duplicate', async () => {
  const timers = manualDeadlines();
  const hanging = signal();
  let runs = 0;
  const w = await setUp(
    (h) => async (ctx, next) => {
      if (!ctx.msg.text.startsWith('☠')) return h(ctx, next);
      runs++;
      hanging.fire();
      return new Promise<void>(() => {});
    },
    timers,
  );
  const first = hanging.next();
  const body = w.fake.payload({ userId: 'zhangsan', text: '☠ 毒消息', msgId: 'm-poison' });
  const frameId = w.fake.pushCallback(body);
  await first;
  await w.fake.waitFor(() => acked(w, frameId), 'acked once claimed');
  const second = hanging.next();
  timers.fireAll(); // the first attempt runs out of time
  await second;
  timers.fireAll(); // and the second
  const apology = await w.fake.waitFor(() => w.fake.sent.find((m) => m.to === 'zhangsan' && m.text.includes('暂时无法处理')), 'apology');
  expect(apology.via).toBe('session');
  expect(runs).toBe(2);
  expect(await inboxEntry(w, 'm-poison')).toMatchObject({ state: 'parked', attempts: 2 });
  expect(w.t.logger.lines.find((l) => l.msg === 'message parked')).toMatchObject({ channel: 'dingtalk', messageId: 'm-poison' });

  const again = w.fake.pushCallback(body);
  await w.fake.waitFor(() => acked(w, again), 'redelivery acked');
  await w.t.deps.pipeline.drain();
  expect(runs).toBe(2);
  expect(w.fake.sent.filter((m) => m.text.includes('暂时无法处理'))).toHaveLength(1);
  expect(await inboxEntry(w, 'm-poison')).toMatchObject({ state: 'parked' });
});
