/**
 * The channel seam. A channel is a Receiver (inbound: raw HTTP → neutral message) and/or a Sender (outbound).
 * No Koa types here: the one Koa adapter (koa-adapter.ts) turns requests into RawRequest and back.
 */
import type { DirectoryChange } from '../core/contacts.js';
import type { ChannelId, Destination, InboundMessage, OutboundMessage } from '../core/message.js';

export type { DirectoryChange } from '../core/contacts.js';

export interface RawRequest {
  readonly method: 'GET' | 'POST';
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body as text (signature-bearing routes must see the exact bytes). */
  readonly body: string;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

export type Inbound =
  | { readonly kind: 'handshake'; readonly response: RawResponse }
  /** An organisation change (通讯录事件): applied to the directory after the response. */
  | { readonly kind: 'directory'; readonly change: DirectoryChange; readonly response: RawResponse }
  | { readonly kind: 'message'; readonly message: InboundMessage }
  | { readonly kind: 'ignored'; readonly reason: string; readonly response: RawResponse };

/** Replies the bot produced for one inbound message, and what the channel does with them. */
export interface ReplyPlan {
  /** The HTTP answer to the platform's request. */
  readonly response: RawResponse;
  /** Replies the response could not carry: sent afterwards through the channel's Sender. */
  readonly rest: readonly OutboundMessage[];
}

export interface Receiver {
  readonly channel: ChannelId;
  /** Most routes accept POST only; WeCom also takes GET for URL verification. */
  readonly methods: ReadonlyArray<'GET' | 'POST'>;
  /** Largest body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Milliseconds the bot may take before the platform must be answered (the rest goes through the Sender). */
  readonly replyDeadlineMs: number;
  /** Verifies and decodes a request. Pure and synchronous; throws AppError('channel.*') on bad input. */
  decode(req: RawRequest, now: Date): Inbound;
  /** Builds the HTTP answer from the replies that were ready in time. */
  respond(message: InboundMessage, replies: readonly OutboundMessage[], now: Date): ReplyPlan;
}

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
 * Proactive sending for scheduled pushes: one platform call per batch of users with the same message
 * (WeCom message/send takes 1000, DingTalk batchSend 20), and the group robots configured for the channel.
 * Implementations pace themselves within the platform's limits and throw AppError('platform.*') on failure.
 */
export interface BulkSender {
  readonly channel: ChannelId;
  readonly maxBatch: number;
  sendToUsers(userIds: readonly string[], message: OutboundMessage): Promise<BulkReport>;
  /** Ids of the group robots (群机器人) configured for this channel. */
  readonly groups: readonly string[];
  sendToGroup(groupId: string, message: OutboundMessage): Promise<void>;
  /** Recalls messages sent to users by their handles; absent where the platform cannot recall. */
  recall?(handles: readonly string[]): Promise<RecallReport>;
}
