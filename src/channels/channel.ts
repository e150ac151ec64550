/**
 * The channel seam. A channel is a Receiver (inbound: raw HTTP → neutral message) and/or a Sender (outbound).
 * No Koa types here: the one Koa adapter (koa-adapter.ts) turns requests into RawRequest and back.
 */
import type { ChannelId, Destination, InboundMessage, OutboundMessage } from '../core/message.js';

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

/** A change in the organisation a platform reports (e.g. DingTalk user_leave_org): applied to the directory. */
export type DirectoryChange = { readonly type: 'left'; readonly channel: ChannelId; readonly userIds: readonly string[] };

export type Inbound =
  | { readonly kind: 'handshake'; readonly response: RawResponse }
  /** `eventKey`: the platform's event id; the adapter applies an event once per key (the store's claim). */
  | { readonly kind: 'directory'; readonly change: DirectoryChange; readonly eventKey?: string; readonly response: RawResponse }
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
}
