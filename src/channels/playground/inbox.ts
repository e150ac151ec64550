/**
 * Pushes for playground users: scheduled messages land in an in-memory inbox that the playground page
 * polls (`GET /playground/inbox?userId=`), so the daily rhythm can be demonstrated without a platform.
 */
import { type OutboundMessage, plainText } from '../../core/message.js';
import type { BulkReport, BulkSender } from '../../core/ports/sender.js';

export interface PlaygroundInbox extends BulkSender {
  /** Takes (and clears) the messages pushed to a user. */
  take(userId: string): string[];
  /** Everything pushed so far, per user (tests). */
  readonly sent: ReadonlyMap<string, readonly string[]>;
  /** Group robot posts (tests and the page's group view). */
  readonly groupPosts: readonly string[];
}

export function createPlaygroundInbox(limitPerUser = 50): PlaygroundInbox {
  const boxes = new Map<string, string[]>();
  const sent = new Map<string, string[]>();
  const groupPosts: string[] = [];
  return {
    channel: 'playground',
    maxBatch: 1000,
    groups: ['playground-group'],
    sent,
    groupPosts,
    async sendToUsers(userIds: readonly string[], message: OutboundMessage): Promise<BulkReport> {
      const text = plainText(message);
      for (const id of userIds) {
        const box = boxes.get(id) ?? [];
        box.push(text);
        if (box.length > limitPerUser) box.shift();
        boxes.set(id, box);
        sent.set(id, [...(sent.get(id) ?? []), text]);
      }
      return { delivered: [...userIds], invalid: [], failed: [] };
    },
    async sendToGroup(_groupId: string, message: OutboundMessage): Promise<void> {
      const mentions = 'mentionUserIds' in message && message.mentionUserIds?.length ? `\n@${message.mentionUserIds.join(' @')}` : '';
      groupPosts.push(`${plainText(message)}${mentions}`);
    },
    take(userId) {
      const box = boxes.get(userId) ?? [];
      boxes.delete(userId);
      return box;
    },
  };
}
