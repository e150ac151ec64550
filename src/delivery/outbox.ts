/**
 * The durable outbox: every push is written to the store before it is sent, then drained through the
 * channels' BulkSenders with retries and backoff. A restart mid-push resumes from the unsent items:
 * nobody is skipped, and an item marked sent is never sent again (ids are deterministic per job and day,
 * so re-running a job enqueues nothing new).
 *
 * The only window for a double delivery is a crash between the platform accepting a call and the 'sent'
 * mark being written (one synchronous journal write later); WeCom's enable_duplicate_check covers it there.
 */
import { createHash } from 'node:crypto';
import type { BulkSender } from '../channels/channel.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { ChannelId, OutboundMessage } from '../core/message.js';
import type { OutboxItem, Person } from '../store/model.js';
import type { Store } from '../store/store.js';

export interface OutboxDeps {
  readonly store: Store;
  readonly senders: ReadonlyMap<ChannelId, BulkSender>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Attempts before an item is given up (logged); default 5. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 2 s). */
  readonly backoffMs?: number;
}

/** Order in which a person's platforms are tried for pushes: one channel per person, so nobody gets it twice. */
const CHANNEL_ORDER: readonly ChannelId[] = ['wecom', 'dingtalk', 'playground'];

export function createOutbox(deps: OutboxDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = deps.maxAttempts ?? 5;
  let draining: Promise<number> | undefined;

  /** The channel and platform user id a person is pushed on, if any. */
  function addressOf(p: Person): { channel: ChannelId; userId: string } | undefined {
    for (const channel of CHANNEL_ORDER) {
      const userId = p.identities[channel];
      if (userId && deps.senders.has(channel)) return { channel, userId };
    }
    return undefined;
  }

  /**
   * Plans the items for a push: people grouped by channel and identical message, sorted, chunked by the
   * channel's batch size. `key` (e.g. 'daily-push:2026-11-26') makes the ids deterministic.
   */
  function plan(key: string, people: readonly Person[], messageFor: (p: Person) => OutboundMessage): OutboxItem[] {
    const groups = new Map<string, { channel: ChannelId; message: OutboundMessage; userIds: string[] }>();
    for (const p of people) {
      const address = addressOf(p);
      if (!address) continue;
      const message = messageFor(p);
      const g = `${address.channel}|${JSON.stringify(message)}`;
      const group = groups.get(g) ?? { channel: address.channel, message, userIds: [] };
      group.userIds.push(address.userId);
      groups.set(g, group);
    }
    const items: OutboxItem[] = [];
    const createdAt = deps.clock.now().toISOString();
    for (const [g, group] of groups) {
      const size = deps.senders.get(group.channel)!.maxBatch;
      const ids = [...new Set(group.userIds)].sort();
      const digest = createHash('sha256').update(g).digest('hex').slice(0, 10);
      for (let i = 0; i < ids.length; i += size) {
        items.push({
          id: `${key}:${group.channel}:${digest}:${i / size}`,
          channel: group.channel,
          to: { kind: 'users', userIds: ids.slice(i, i + size) },
          message: group.message,
          reason: key,
          createdAt,
        });
      }
    }
    return items;
  }

  /** Items posting `message` to every group robot of every channel. */
  function planGroups(key: string, messageFor: (channel: ChannelId) => OutboundMessage | undefined): OutboxItem[] {
    const createdAt = deps.clock.now().toISOString();
    const items: OutboxItem[] = [];
    for (const [channel, sender] of deps.senders) {
      for (const groupId of sender.groups) {
        const message = messageFor(channel);
        if (message) items.push({ id: `${key}:${channel}:group:${groupId}`, channel, to: { kind: 'group', id: groupId }, message, reason: key, createdAt });
      }
    }
    return items;
  }

  async function deliver(item: OutboxItem): Promise<void> {
    if ((item.attempts ?? 0) > 0) await sleep((deps.backoffMs ?? 2000) * 2 ** ((item.attempts ?? 1) - 1));
    const sender = deps.senders.get(item.channel);
    if (!sender) {
      await deps.store.settleOutbox({ id: item.id, sentAt: deps.clock.now().toISOString(), failed: `no sender for ${item.channel}` });
      return;
    }
    try {
      if (item.to.kind === 'group') {
        await sender.sendToGroup(item.to.id, item.message);
        await deps.store.settleOutbox({ id: item.id, sentAt: deps.clock.now().toISOString() });
        return;
      }
      const report = await sender.sendToUsers(item.to.userIds, item.message);
      const attempt = (item.attempts ?? 0) + 1;
      if (report.failed.length > 0 && attempt < maxAttempts) {
        // Throttled users go into a follow-up item (sent after a backoff), written before this one is settled.
        await deps.store.enqueue([{ ...item, id: `${item.id}:r${attempt}`, to: { kind: 'users', userIds: report.failed }, attempts: attempt }]);
      } else if (report.failed.length > 0) {
        deps.logger.error('push given up for throttled recipients after retries', { item: item.id, users: report.failed });
      }
      await deps.store.settleOutbox({
        id: item.id,
        sentAt: deps.clock.now().toISOString(),
        invalid: report.invalid,
        failed: report.failed.length > 0 && attempt >= maxAttempts ? `gave up on ${report.failed.length} throttled recipients` : undefined,
      });
      if (report.invalid.length > 0) deps.logger.warn('platform rejected recipients', { item: item.id, invalid: report.invalid });
    } catch (err) {
      const attempts = (item.attempts ?? 0) + 1;
      if (attempts >= maxAttempts) {
        deps.logger.error('push given up after retries', { item: item.id, attempts, err });
        await deps.store.settleOutbox({ id: item.id, sentAt: deps.clock.now().toISOString(), failed: (err as Error).message });
        return;
      }
      deps.logger.warn('push failed; will retry', { item: item.id, attempts, err });
      await deps.store.retryOutbox(item.id);
    }
  }

  /** Sends every pending item (including ones left by a previous process). Returns how many were settled. */
  function drain(): Promise<number> {
    draining ??= (async () => {
      let settled = 0;
      try {
        for (let pending = await deps.store.pendingOutbox(); pending.length > 0; pending = await deps.store.pendingOutbox()) {
          for (const item of pending) {
            await deliver(item);
            settled++;
          }
        }
      } finally {
        draining = undefined;
      }
      return settled;
    })();
    return draining;
  }

  return { plan, planGroups, addressOf, drain };
}

export type Outbox = ReturnType<typeof createOutbox>;
