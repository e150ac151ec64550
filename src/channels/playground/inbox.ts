/**
 * Pushes for playground users: scheduled messages land in an in-memory inbox that the playground page
 * polls (`GET /playground/inbox?userId=`), so the daily rhythm can be demonstrated without a platform.
 */
import { type OutboundMessage, plainText } from '../../core/message.js';
import type { BulkReport, BulkSender, RecallReport } from '../../core/ports/sender.js';

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
  // Each send's handle → what it put in the boxes (for recall): the users and the text.
  const sends = new Map<string, { userIds: readonly string[]; text: string }>();
  let seq = 0;
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
      const handle = `pg-${++seq}`;
      sends.set(handle, { userIds: [...userIds], text });
      return { delivered: [...userIds], invalid: [], failed: [], handles: [handle] };
    },
    /** Takes a pushed message back out of the boxes not yet read (and the record of what was sent). */
    async recall(handles: readonly string[]): Promise<RecallReport> {
      const recalled: string[] = [];
      const failed: Array<{ handle: string; reason: string }> = [];
      for (const h of handles) {
        const s = sends.get(h);
        if (!s) {
          failed.push({ handle: h, reason: 'unknown message' });
          continue;
        }
        for (const id of s.userIds) {
          const box = boxes.get(id);
          const i = box?.indexOf(s.text) ?? -1;
          if (box && i >= 0) box.splice(i, 1);
          const all = sent.get(id);
          const j = all?.lastIndexOf(s.text) ?? -1;
          if (all && j >= 0) all.splice(j, 1);
        }
        sends.delete(h);
        recalled.push(h);
      }
      return { recalled, failed };
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
