/**
 * The outbound half of the channel seam: a Sender answers one person or session (replies), a BulkSender
 * pushes one message to many (scheduled pushes through the outbox). Implemented by each platform
 * (channels/wecom, channels/dingtalk) and the playground inbox.
 */
import type { ChannelId, Destination, OutboundMessage } from '../message.js';

export interface Sender {
  readonly channel: ChannelId;
  send(to: Destination, message: OutboundMessage): Promise<void>;
}

/** Result of a bulk send (daily push): who got it, who the platform rejected, who to retry later (throttled). */
export interface BulkReport {
  readonly delivered: readonly string[];
  readonly invalid: readonly string[];
  readonly failed: readonly string[];
  /** The platform's ids of the messages sent (WeCom msgid, DingTalk processQueryKey): what a recall needs. */
  readonly handles?: readonly string[];
}

/** What a recall did: the handles the platform recalled, and those it refused (too old, unknown…). */
export interface RecallReport {
  readonly recalled: readonly string[];
  readonly failed: ReadonlyArray<{ readonly handle: string; readonly reason: string }>;
}

/**
 * What a bulk send is: `key` names the outbox item (job, day and batch), the same on every retry of it, so a
 * platform that deduplicates by a caller's id (浙政钉 bizMsgId) never delivers a retried item twice.
 */
export interface SendContext {
  readonly key: string;
}

/**
 * Proactive sending for scheduled pushes: one platform call per batch of users with the same message
 * (WeCom message/send takes 1000, DingTalk batchSend 20), and the group robots configured for the channel.
 * Implementations pace themselves within the platform's limits and throw AppError('platform.*') on failure.
 */
export interface BulkSender {
  readonly channel: ChannelId;
  readonly maxBatch: number;
  sendToUsers(userIds: readonly string[], message: OutboundMessage, context?: SendContext): Promise<BulkReport>;
  /** Ids of the group robots (群机器人) configured for this channel. */
  readonly groups: readonly string[];
  sendToGroup(groupId: string, message: OutboundMessage): Promise<void>;
  /** Recalls messages sent to users by their handles; absent where the platform cannot recall. */
  recall?(handles: readonly string[]): Promise<RecallReport>;
}
