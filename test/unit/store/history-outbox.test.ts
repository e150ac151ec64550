import { expect, test } from 'vitest';
import { HistoryState } from '../../../src/store/history-state.js';

const item = (id: string) => ({
  id,
  channel: 'wecom' as const,
  to: { kind: 'users' as const, userIds: ['u1', 'u2'] },
  message: { kind: 'text' as const, text: 'hi' },
  reason: 'daily-push:2026-11-24',
  createdAt: '2026-11-24T01:00:00.000Z',
  deadline: '2026-11-24T16:00:00.000Z',
});

test('outbox records survive a snapshot: delivered, given up (with its item, so it can be revived) and pending', () => {
  const h = new HistoryState();
  h.apply({ t: 'out', item: item('a') });
  h.apply({ t: 'out', item: item('b') });
  h.apply({ t: 'out', item: item('c') });
  h.apply({ t: 'sent', r: { id: 'a', sentAt: '2026-11-24T01:00:01.000Z', invalid: ['u2'] } });
  h.apply({ t: 'retry', id: 'b', next: '2026-11-24T01:00:03.000Z', err: 'HTTP 502' });
  h.apply({ t: 'sent', r: { id: 'b', sentAt: '2026-11-24T16:00:00.000Z', failed: 'HTTP 502' } });
  const restored = HistoryState.restore(JSON.parse(JSON.stringify(h.snapshot())));
  expect(restored.outboxRecords()).toEqual(h.outboxRecords());
  restored.apply({ t: 'revive', ids: ['b'] });
  expect(restored.pendingOutbox().map((i) => [i.id, i.attempts, i.lastError])).toEqual([
    ['c', undefined, undefined],
    ['b', 0, 'HTTP 502'],
  ]);
});

test('a snapshot written before per-recipient accounting still blocks its delivered ids from being sent again', () => {
  const legacy = { ...new HistoryState().snapshot(), settled: { 'daily-push:2026-11-24:wecom:abc:0': '2026-11-24T01:00:01.000Z' } };
  delete (legacy as { outboxSettled?: unknown }).outboxSettled;
  const h = HistoryState.restore(legacy);
  expect(h.isKnownOutboxItem('daily-push:2026-11-24:wecom:abc:0')).toBe(true);
  h.apply({ t: 'out', item: item('daily-push:2026-11-24:wecom:abc:0') });
  expect(h.pendingOutbox()).toEqual([]);
});
