/**
 * Where each recipient of a push stands, read from the outbox records (never from the plan): delivered,
 * invalid (the platform rejected the user), pending (to be retried) or failed (given up). Pure.
 */
import type { ChannelId } from '../core/message.js';
import type { OutboxRecord, Person } from '../core/model.js';

export type RecipientState = 'delivered' | 'invalid' | 'pending' | 'failed';

/** Counts of people by state. */
export interface DeliveryCounts {
  readonly people: number;
  readonly delivered: number;
  readonly invalid: number;
  readonly pending: number;
  readonly failed: number;
}

/** Group robot posts by state. */
export interface GroupCounts {
  readonly posted: number;
  readonly pending: number;
  readonly failed: number;
}

export const NO_DELIVERIES: DeliveryCounts = { people: 0, delivered: 0, invalid: 0, pending: 0, failed: 0 };

/** When one recipient shows up in two records, the better state wins (a delivery is never undone). */
const RANK: Readonly<Record<RecipientState, number>> = { delivered: 3, pending: 2, failed: 1, invalid: 0 };

const better = (a: RecipientState | undefined, b: RecipientState): RecipientState => (a === undefined || RANK[b] > RANK[a] ? b : a);

/** The key of one platform address. */
export const addressKey = (channel: ChannelId, userId: string): string => `${channel}:${userId}`;

/** Each recipient's state, keyed by addressKey. Recipients moved to a follow-up item count there. */
export function recipientStates(records: readonly OutboxRecord[]): Map<string, RecipientState> {
  const states = new Map<string, RecipientState>();
  for (const r of records) {
    if (r.to?.kind !== 'users' || !r.channel) continue;
    const invalid = new Set(r.invalid ?? []);
    const moved = new Set(r.moved ?? []);
    for (const userId of r.to.userIds) {
      if (moved.has(userId)) continue;
      const state: RecipientState = r.state === 'delivered' ? (invalid.has(userId) ? 'invalid' : 'delivered') : r.state;
      const key = addressKey(r.channel, userId);
      states.set(key, better(states.get(key), state));
    }
  }
  return states;
}

/** A person's state over all their platform identities (a person on two platforms is pushed on one). */
export function personState(p: Person, states: ReadonlyMap<string, RecipientState>): RecipientState | undefined {
  let best: RecipientState | undefined;
  for (const [channel, userId] of Object.entries(p.identities)) {
    const s = userId ? states.get(addressKey(channel as ChannelId, userId)) : undefined;
    if (s) best = better(best, s);
  }
  return best;
}

/** Counts states (undefined = not in the outbox: not counted). */
export function countStates(states: Iterable<RecipientState | undefined>): DeliveryCounts {
  const c = { people: 0, delivered: 0, invalid: 0, pending: 0, failed: 0 };
  for (const s of states) {
    if (!s) continue;
    c.people++;
    c[s]++;
  }
  return c;
}

/** Group robot posts by state. */
export function groupCounts(records: readonly OutboxRecord[]): GroupCounts {
  const c = { posted: 0, pending: 0, failed: 0 };
  for (const r of records) if (r.to?.kind === 'group') c[r.state === 'delivered' ? 'posted' : r.state]++;
  return c;
}

/** True when everyone (and every group post) was reached. */
export function allReached(c: DeliveryCounts, g: GroupCounts = { posted: 0, pending: 0, failed: 0 }): boolean {
  return c.invalid + c.pending + c.failed + g.pending + g.failed === 0;
}
