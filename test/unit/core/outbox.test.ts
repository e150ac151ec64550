import { describe, expect, test } from 'vitest';
import type { BulkSender } from '../../../src/channels/channel.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { createOutbox } from '../../../src/delivery/outbox.js';
import type { Person } from '../../../src/store/model.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

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
  failCalls?: number[];
}): BulkSender & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    channel: 'wecom',
    maxBatch: opts.maxBatch,
    groups: ['g1'],
    calls,
    async sendToUsers(ids) {
      calls.push([...ids]);
      if (opts.failCalls?.includes(calls.length)) throw new Error('HTTP 502');
      const failed = opts.throttle?.(calls.length, ids) ?? [];
      return { delivered: ids.filter((id) => !failed.includes(id)), invalid: [], failed };
    },
    async sendToGroup() {},
  };
}

describe('outbox', () => {
  const setup = (sender: BulkSender) => {
    const store = createMemoryStore();
    const sleeps: number[] = [];
    const outbox = createOutbox({
      store,
      senders: new Map([['wecom', sender]]),
      clock: fixedClock('2026-11-24T01:00:00Z'),
      logger: createMemoryLogger(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { store, outbox, sleeps };
  };

  test('a push to 2,500 people takes ceil(2500/1000) calls, one per batch', async () => {
    const sender = recordingSender({ maxBatch: 1000 });
    const { store, outbox } = setup(sender);
    await store.enqueue(outbox.plan('daily-push:2026-11-24', people(2500), () => ({ kind: 'text', text: 'same for all' })));
    await outbox.drain();
    expect(sender.calls.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  test('different messages make different batches; planning twice gives the same ids', async () => {
    const { outbox } = setup(recordingSender({ maxBatch: 1000 }));
    const plan = () => outbox.plan('remind:2026-11-24', people(10), (p) => ({ kind: 'text', text: Number(p.id.slice(1)) % 2 ? 'odd' : 'even' }));
    expect(plan().length).toBe(2);
    expect(plan().map((i) => i.id)).toEqual(plan().map((i) => i.id));
  });

  test('throttled users are retried after a backoff; a failing call is retried, then given up after 5 attempts', async () => {
    const sender = recordingSender({ maxBatch: 20, throttle: (call, ids) => (call === 1 ? ids.slice(0, 3) : []) });
    const { store, outbox, sleeps } = setup(sender);
    await store.enqueue(outbox.plan('k', people(20), () => ({ kind: 'text', text: 'x' })));
    await outbox.drain();
    expect(sender.calls.map((c) => c.length)).toEqual([20, 3]);
    expect(sleeps).toEqual([2000]);

    const broken = recordingSender({ maxBatch: 20, failCalls: [1, 2, 3, 4, 5, 6] });
    const b = setup(broken);
    await b.store.enqueue(b.outbox.plan('k2', people(5), () => ({ kind: 'text', text: 'x' })));
    await b.outbox.drain();
    expect(broken.calls.length).toBe(5);
    expect(b.sleeps).toEqual([2000, 4000, 8000, 16000]);
    expect(await b.store.pendingOutbox()).toEqual([]);
  });

  test('people without an address on a configured channel are left out, each person on one channel only', () => {
    const { outbox } = setup(recordingSender({ maxBatch: 1000 }));
    const both: Person = { ...people(1)[0]!, identities: { wecom: 'w1', dingtalk: 'd1' } };
    const items = outbox.plan('k', [...people(2, 'dingtalk'), both], () => ({ kind: 'text', text: 'x' }));
    expect(items.flatMap((i) => (i.to.kind === 'users' ? i.to.userIds : []))).toEqual(['w1']);
  });
});
