import { describe, expect, test } from 'vitest';
import type { BulkSender, Sender } from '../../../src/core/ports/sender.js';
import { type InboundMessage, plainText } from '../../../src/core/message.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { createOutbox } from '../../../src/delivery/outbox.js';
import { countStates, recipientStates } from '../../../src/delivery/outbox-status.js';
import type { Person } from '../../../src/core/model.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const DAY = '2026-11-24' as QuizDay;
/** The end of 2026-11-24 in Asia/Shanghai. */
const DAY_END = '2026-11-24T16:00:00.000Z';

const people = (n: number, channel: 'wecom' | 'dingtalk' = 'wecom'): Person[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    name: `p${i}`,
    departmentId: 'd',
    roles: ['member'],
    track: '全员',
    identities: { [channel]: `u${String(i).padStart(5, '0')}` },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  }));

function recordingSender(opts: {
  maxBatch: number;
  throttle?: (call: number, ids: readonly string[]) => string[];
  /** Calls (1-based) that throw. */
  failCalls?: (call: number) => boolean;
  invalid?: readonly string[];
}): BulkSender & { calls: string[][]; delivered: string[] } {
  const calls: string[][] = [];
  const delivered: string[] = [];
  return {
    channel: 'wecom',
    maxBatch: opts.maxBatch,
    groups: ['g1'],
    calls,
    delivered,
    async sendToUsers(ids) {
      calls.push([...ids]);
      if (opts.failCalls?.(calls.length)) throw new Error('message/send: HTTP 502');
      const failed = opts.throttle?.(calls.length, ids) ?? [];
      const invalid = ids.filter((id) => opts.invalid?.includes(id));
      const ok = ids.filter((id) => !failed.includes(id) && !invalid.includes(id));
      delivered.push(...ok);
      return { delivered: ok, invalid, failed };
    },
    async sendToGroup() {},
  };
}

/** An outbox over a memory store whose sleep advances the clock (no real waiting). */
function setup(sender: BulkSender, now = '2026-11-24T01:00:00Z') {
  const store = createMemoryStore();
  const clock = fixedClock(now);
  const sleeps: number[] = [];
  const logger = createMemoryLogger();
  const outbox = createOutbox({
    store,
    senders: new Map([['wecom', sender]]),
    clock,
    logger,
    timeZone: 'Asia/Shanghai',
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
  });
  const states = async () => countStates(recipientStates(await store.outboxRecords()).values());
  return { store, outbox, sleeps, clock, logger, states };
}

/** Resolves once `until` holds, checking after each turn of the event loop (no timers). */
async function settle(until: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (await until()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition not met');
}

describe('outbox: planning', () => {
  test('a push to 2,500 people takes ceil(2500/1000) calls, one per batch', async () => {
    const sender = recordingSender({ maxBatch: 1000 });
    const { store, outbox, states } = setup(sender);
    await store.enqueue(outbox.plan('daily-push:2026-11-24', people(2500), () => ({ kind: 'text', text: 'same for all' }), DAY));
    await outbox.drain();
    expect(sender.calls.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(await store.pendingOutbox()).toEqual([]);
    expect(await states()).toEqual({ people: 2500, delivered: 2500, invalid: 0, pending: 0, failed: 0 });
  });

  test('different messages make different batches; the same people give the same ids, other people other ids', () => {
    const { outbox } = setup(recordingSender({ maxBatch: 1000 }));
    const plan = (who: Person[]) => outbox.plan('remind:2026-11-24', who, (p) => ({ kind: 'text', text: Number(p.id.slice(1)) % 2 ? 'odd' : 'even' }), DAY);
    expect(plan(people(10)).length).toBe(2);
    expect(plan(people(10)).map((i) => i.id)).toEqual(plan(people(10)).map((i) => i.id));
    const later = plan(people(12).slice(10));
    expect(later.map((i) => i.id).some((id) => plan(people(10)).some((i) => i.id === id))).toBe(false);
    expect(plan(people(1))[0]).toMatchObject({ reason: 'remind:2026-11-24', deadline: DAY_END });
  });

  test('people without an address on a configured channel are left out, each person on one channel only', () => {
    const { outbox } = setup(recordingSender({ maxBatch: 1000 }));
    const both: Person = { ...people(1)[0]!, identities: { wecom: 'w1', dingtalk: 'd1' } };
    const items = outbox.plan('k', [...people(2, 'dingtalk'), both], () => ({ kind: 'text', text: 'x' }));
    expect(items.flatMap((i) => (i.to.kind === 'users' ? i.to.userIds : []))).toEqual(['w1']);
  });
});

describe('outbox: delivery is recorded per recipient', () => {
  test('throttled users move to a follow-up item and are retried after a backoff; rejected users are recorded as invalid', async () => {
    const sender = recordingSender({ maxBatch: 20, throttle: (call, ids) => (call === 1 ? ids.slice(0, 3) : []), invalid: ['u00019'] });
    const { store, outbox, sleeps, states } = setup(sender);
    await store.enqueue(outbox.plan('k:2026-11-24', people(20), () => ({ kind: 'text', text: 'x' }), DAY));
    await outbox.drain();
    expect(sender.calls.map((c) => c.length)).toEqual([20, 3]);
    expect(sleeps).toEqual([2000]);
    expect(new Set(sender.delivered).size).toBe(sender.delivered.length);
    expect(await states()).toEqual({ people: 20, delivered: 19, invalid: 1, pending: 0, failed: 0 });
  });

  test('a call failing past the retry budget: 5 attempts with backoff, then the item stays pending with its error and next try', async () => {
    const broken = recordingSender({ maxBatch: 20, failCalls: () => true });
    const { store, outbox, sleeps, states } = setup(broken);
    await store.enqueue(outbox.plan('k:2026-11-24', people(5), () => ({ kind: 'text', text: 'x' }), DAY));
    await outbox.drain();
    expect(broken.calls.length).toBe(5);
    expect(sleeps).toEqual([2000, 4000, 8000, 16000]);
    const [item] = await store.pendingOutbox();
    expect(item).toMatchObject({ attempts: 5, lastError: 'message/send: HTTP 502', nextAt: '2026-11-24T01:01:02.000Z' });
    expect(await states()).toEqual({ people: 5, delivered: 0, invalid: 0, pending: 5, failed: 0 });
  });

  test('one round only (a scheduled run): one call, the rest is left to the background retries', async () => {
    const broken = recordingSender({ maxBatch: 20, failCalls: () => true });
    const { store, outbox, sleeps } = setup(broken);
    await store.enqueue(outbox.plan('k:2026-11-24', people(5), () => ({ kind: 'text', text: 'x' }), DAY));
    await outbox.drain({ reason: 'k:2026-11-24', rounds: 1 });
    expect(broken.calls.length).toBe(1);
    expect(sleeps).toEqual([]);
    expect((await store.pendingOutbox())[0]).toMatchObject({ attempts: 1, nextAt: '2026-11-24T01:00:02.000Z' });
  });
});

describe('outbox: background retries until the end of the study day', () => {
  test('an outage longer than the retry budget: retried with growing backoff until the platform recovers; everyone once', async () => {
    const sender = recordingSender({ maxBatch: 20, failCalls: (call) => call <= 12 });
    const { store, outbox, sleeps, states, logger } = setup(sender);
    await store.enqueue(outbox.plan('daily-push:2026-11-24', people(45), () => ({ kind: 'text', text: 'x' }), DAY));
    await outbox.drain({ rounds: 1 });
    const loop = outbox.startRetrying();
    await settle(async () => (await store.pendingOutbox()).length === 0);
    await loop.stop();
    expect(sender.delivered.sort()).toEqual(
      people(45)
        .map((p) => p.identities.wecom)
        .sort(),
    );
    expect(await states()).toEqual({ people: 45, delivered: 45, invalid: 0, pending: 0, failed: 0 });
    // Waits grow with the attempts (2 s, 4 s, 8 s, …).
    expect(sleeps.slice(0, 3)).toEqual([2000, 4000, 8000]);
    expect(logger.lines.find((l) => l.msg === 'push finished')).toMatchObject({ reason: 'daily-push:2026-11-24', delivered: 45, failed: 0 });
  });

  test('still failing at the end of the study day: given up (an error line), listed as failed; a revive sends it again', async () => {
    let down = true;
    const sender = recordingSender({ maxBatch: 20, failCalls: () => down });
    const { store, outbox, sleeps, clock, states, logger } = setup(sender, '2026-11-24T12:00:00Z'); // 20:00 in Beijing
    await store.enqueue(outbox.plan('daily-push:2026-11-24', people(3), () => ({ kind: 'text', text: 'x' }), DAY));
    const loop = outbox.startRetrying();
    await settle(async () => (await store.pendingOutbox()).length === 0);
    await loop.stop();
    expect(clock.now().toISOString()).toBe(DAY_END);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(10 * 60_000);
    expect(await states()).toEqual({ people: 3, delivered: 0, invalid: 0, pending: 0, failed: 3 });
    const given = logger.lines.find((l) => l.msg === 'push given up: not delivered by the end of its study day');
    expect(given).toMatchObject({ level: 'error', reason: 'daily-push:2026-11-24', recipients: 3, lastError: 'message/send: HTTP 502' });

    down = false;
    const [failed] = await store.outboxRecords();
    await store.reviveOutbox([failed!.id, 'no-such-id']);
    expect((await store.pendingOutbox())[0]).toMatchObject({ id: failed!.id, attempts: 0 });
    await outbox.drain();
    expect(await states()).toEqual({ people: 3, delivered: 3, invalid: 0, pending: 0, failed: 0 });
    expect(sender.delivered).toHaveLength(3);
  });

  test('an item written before deadlines existed ends with the day it was created', async () => {
    const broken = recordingSender({ maxBatch: 20, failCalls: () => true });
    const { store, outbox, clock, states } = setup(broken, '2026-11-24T15:00:00Z'); // 23:00 in Beijing
    const [item] = outbox.plan('k:2026-11-24', people(2), () => ({ kind: 'text', text: 'x' }), DAY);
    await store.enqueue([{ ...item!, deadline: undefined }]);
    const loop = outbox.startRetrying();
    await settle(async () => (await store.pendingOutbox()).length === 0);
    await loop.stop();
    expect(clock.now().toISOString()).toBe(DAY_END);
    expect(await states()).toMatchObject({ failed: 2 });
  });

  test('attempts never overlap: a job round and the background retries never send one item twice', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const sender = recordingSender({ maxBatch: 10 });
    const slow: BulkSender = {
      ...sender,
      async sendToUsers(ids, m) {
        await gate;
        return sender.sendToUsers(ids, m);
      },
    };
    const { store, outbox } = setup(slow);
    await store.enqueue(outbox.plan('k:2026-11-24', people(30), () => ({ kind: 'text', text: 'x' }), DAY));
    const loop = outbox.startRetrying();
    const job = outbox.drain({ reason: 'k:2026-11-24' });
    release();
    await job;
    await settle(async () => (await store.pendingOutbox()).length === 0);
    await loop.stop();
    expect(sender.calls).toHaveLength(3);
    expect(new Set(sender.delivered).size).toBe(30);
    expect(sender.delivered).toHaveLength(30);
  });
});

describe('outbox: replies (what a passive reply cannot carry)', () => {
  const msg = (id: string, userId: string): InboundMessage => ({
    channel: 'wecom',
    messageId: id,
    sentAt: new Date('2026-11-24T01:00:00Z'),
    sender: { userId },
    conversation: { kind: 'direct', id: userId },
    text: '答题',
    replyTo: { channel: 'wecom', kind: 'user', id: userId },
  });
  /** A Sender that records each send and fails the calls `fail` names (1-based). */
  function replySender(fail: (call: number) => boolean = () => false) {
    const sent: string[] = [];
    let calls = 0;
    const sender: Sender = {
      channel: 'wecom',
      async send(to, m) {
        calls++;
        if (fail(calls)) throw new Error('message/send: HTTP 502');
        sent.push(`${to.id}:${plainText(m)}`);
      },
    };
    return { sender, sent };
  }

  test('written before anything is sent, then sent once each, in order per person; nothing is kept after', async () => {
    const { sender, sent } = replySender();
    const store = createMemoryStore();
    const outbox = createOutbox({
      store,
      senders: new Map(),
      replySenders: new Map([['wecom', sender]]),
      clock: fixedClock('2026-11-24T01:00:00Z'),
      logger: createMemoryLogger(),
      timeZone: 'Asia/Shanghai',
    });
    const retries = outbox.startRetrying(); // the background pass must leave replies being sent alone
    await outbox.reply(msg('m1', 'u1'), [
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
    ]);
    await outbox.reply(msg('m2', 'u2'), [{ kind: 'text', text: 'x' }]);
    expect(sent).toEqual([]); // handed over durably, not yet sent
    expect((await store.pendingOutbox()).map((i) => i.message)).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'text', text: 'b' },
      { kind: 'text', text: 'x' },
    ]);
    await outbox.repliesSent();
    await retries.stop();
    expect(sent.filter((s) => s.startsWith('u1'))).toEqual(['u1:a', 'u1:b']);
    expect(sent.sort()).toEqual(['u1:a', 'u1:b', 'u2:x']);
    expect(await store.pendingOutbox()).toEqual([]);
    expect(await store.outboxRecords()).toEqual([]);
  });

  test('a failed send stays pending and the background retries deliver it', async () => {
    const { sender, sent } = replySender((call) => call === 1);
    const { store, clock } = setup(recordingSender({ maxBatch: 1000 }));
    const outbox = createOutbox({
      store,
      senders: new Map(),
      replySenders: new Map([['wecom', sender]]),
      clock,
      logger: createMemoryLogger(),
      timeZone: 'Asia/Shanghai',
      sleep: async (ms) => clock.advance(ms),
    });
    await outbox.reply(msg('m1', 'u1'), [{ kind: 'text', text: 'card' }]);
    await outbox.repliesSent();
    expect(sent).toEqual([]);
    expect(await store.pendingOutbox()).toMatchObject([{ attempts: 1, to: { kind: 'reply' } }]);
    const retries = outbox.startRetrying();
    await settle(async () => sent.length === 1 && (await store.pendingOutbox()).length === 0);
    await retries.stop();
    expect(sent).toEqual(['u1:card']);
  });
});
