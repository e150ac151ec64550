/**
 * Planning a push: people grouped by channel and identical message, sorted and chunked by the channel's
 * batch size, each item with a deterministic id and a deadline (the end of its study day).
 */
import { createHash } from 'node:crypto';
import type { BulkSender } from '../core/ports/sender.js';
import type { Clock } from '../core/clock.js';
import type { ChannelId, OutboundMessage } from '../core/message.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { OutboxItem, Person } from '../core/model.js';
import { endOfDay } from './day-end.js';

/** Order in which a person's platforms are tried for pushes: one channel per person, so nobody gets it twice. */
const CHANNEL_ORDER: readonly ChannelId[] = ['wecom', 'dingtalk', 'zhengding', 'playground'];

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

export interface PlannerDeps {
  readonly senders: ReadonlyMap<ChannelId, BulkSender>;
  readonly clock: Clock;
  readonly timeZone: string;
}

export function createPlanner(deps: PlannerDeps) {
  /** The channel and platform user id a person is pushed on, if any. */
  function addressOf(p: Person): { channel: ChannelId; userId: string } | undefined {
    for (const channel of CHANNEL_ORDER) {
      const userId = p.identities[channel];
      if (userId && deps.senders.has(channel)) return { channel, userId };
    }
    return undefined;
  }

  const stamp = (day: QuizDay | undefined) => {
    const now = deps.clock.now();
    return { createdAt: now.toISOString(), deadline: endOfDay(day ?? quizDayOf(now, deps.timeZone), deps.timeZone).toISOString() };
  };

  /**
   * The items for a push to `people`. `key` (e.g. 'daily-push:2026-11-26') is the items' reason and
   * prefixes their ids; an id also names the message and its recipients, so planning the same people
   * again gives the same ids (enqueued once), and planning other people never collides with them.
   * `day` is the study day whose end is the deadline (default: today).
   */
  function plan(key: string, people: readonly Person[], messageFor: (p: Person) => OutboundMessage, day?: QuizDay): OutboxItem[] {
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
    const { createdAt, deadline } = stamp(day);
    for (const [g, group] of groups) {
      const size = deps.senders.get(group.channel)!.maxBatch;
      const ids = [...new Set(group.userIds)].sort();
      const messageDigest = digest(g);
      for (let i = 0; i < ids.length; i += size) {
        const userIds = ids.slice(i, i + size);
        items.push({
          id: `${key}:${group.channel}:${messageDigest}:${digest(userIds.join('|'))}`,
          channel: group.channel,
          to: { kind: 'users', userIds },
          message: group.message,
          reason: key,
          createdAt,
          deadline,
        });
      }
    }
    return items;
  }

  /** Items posting `messageFor(channel)` to every group robot of every channel (one id per group and key). */
  function planGroups(key: string, messageFor: (channel: ChannelId) => OutboundMessage | undefined, day?: QuizDay): OutboxItem[] {
    const { createdAt, deadline } = stamp(day);
    const items: OutboxItem[] = [];
    for (const [channel, sender] of deps.senders) {
      for (const groupId of sender.groups) {
        const message = messageFor(channel);
        if (message)
          items.push({ id: `${key}:${channel}:group:${groupId}`, channel, to: { kind: 'group', id: groupId }, message, reason: key, createdAt, deadline });
      }
    }
    return items;
  }

  return { addressOf, plan, planGroups };
}
