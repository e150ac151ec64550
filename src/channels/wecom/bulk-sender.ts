/**
 * The WeCom BulkSender for scheduled pushes (the durable outbox drives it): one message/send per batch of
 * ≤ 1000 members with enable_duplicate_check, invaliduser read back; the group robot as the one group.
 * Errors throw (the outbox retries with its own attempt cap); `failed` stays empty because a WeCom call
 * either reaches the whole batch or fails as a whole.
 */
import { createHash } from 'node:crypto';
import type { OutboundMessage } from '../../core/message.js';
import type { BulkReport, BulkSender, RecallReport } from '../../core/ports/sender.js';
import { MAX_USERS_PER_CALL, type WecomMessages } from './messages.js';
import { toContents } from './outbound.js';
import type { WecomRobot } from './robot.js';

/** The group id of the group robot in BulkSender.groups. */
export const ROBOT_GROUP_ID = 'robot';

/** The message endpoints, the robot and the cards setting. */
export interface WecomBulkSenderOptions {
  readonly messages: WecomMessages;
  readonly robot?: WecomRobot;
  readonly cards: boolean;
  /** Seconds within which an identical push is not delivered twice (default 4 h, WeCom's maximum). */
  readonly duplicateCheckIntervalS?: number;
}

/** Creates the BulkSender for createDeps' `bulkSenders`. */
export function createWecomBulkSender(o: WecomBulkSenderOptions): BulkSender {
  const interval = o.duplicateCheckIntervalS ?? 4 * 3600;
  return {
    channel: 'wecom',
    maxBatch: MAX_USERS_PER_CALL,
    groups: o.robot ? [ROBOT_GROUP_ID] : [],

    async sendToUsers(userIds: readonly string[], m: OutboundMessage): Promise<BulkReport> {
      const invalid = new Set<string>();
      const handles: string[] = [];
      for (let i = 0; i < userIds.length; i += MAX_USERS_PER_CALL) {
        const batch = userIds.slice(i, i + MAX_USERS_PER_CALL);
        // A card's task_id is a digest of the request, so a retried push is byte-identical and
        // enable_duplicate_check suppresses it; different batches or days get different ids.
        const digest = createHash('sha256')
          .update(JSON.stringify([m, batch]))
          .digest('hex')
          .slice(0, 24);
        for (const c of toContents(m, o.cards, () => digest)) {
          const r = await o.messages.send({ users: batch }, c, { duplicateCheck: true, duplicateCheckIntervalS: interval });
          if (r.msgId) handles.push(r.msgId);
          // WeCom returns invalid userids lowercased.
          const bad = new Set(r.invalidUsers.map((u) => u.toLowerCase()));
          for (const u of batch) if (bad.has(u.toLowerCase())) invalid.add(u);
        }
      }
      return { delivered: userIds.filter((u) => !invalid.has(u)), invalid: [...invalid], failed: [], handles };
    },

    /** message/recall, one msgid a call (wecom.md §3: a message can be recalled within 24 hours). */
    async recall(handles: readonly string[]): Promise<RecallReport> {
      const recalled: string[] = [];
      const failed: Array<{ handle: string; reason: string }> = [];
      for (const h of handles) {
        try {
          await o.messages.recall(h);
          recalled.push(h);
        } catch (err) {
          failed.push({ handle: h, reason: (err instanceof Error ? err.message : String(err)).slice(0, 200) });
        }
      }
      return { recalled, failed };
    },

    async sendToGroup(groupId: string, m: OutboundMessage): Promise<void> {
      if (groupId !== ROBOT_GROUP_ID || !o.robot) throw new Error(`no WeCom group "${groupId}" (set WECOM_WEBHOOK_KEY for the group robot)`);
      await o.robot.send(m);
    },
  };
}
