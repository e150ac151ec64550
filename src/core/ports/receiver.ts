/**
 * The inbound half of the channel seam: a Receiver turns a platform's raw request into a neutral message
 * (or a handshake, an organisation change, something to ignore) and builds the answer from the replies
 * ready in time. No Koa types here: the one Koa adapter (channels/koa-adapter.ts) turns HTTP requests into
 * RawRequest and back; the inbound pipeline (core/inbound-pipeline.ts) runs every decoded message.
 */
import type { InboundMessage, OutboundMessage, ChannelId } from '../message.js';
import type { DirectoryChange } from './platform-lookup.js';

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
  /**
   * The replies to send through the Sender once the answer has gone without them (past the reply deadline,
   * or a receiver whose answer carries none, as Stream's ack). Default: all of them.
   */
  planLate?(message: InboundMessage, replies: readonly OutboundMessage[]): OutboundMessage[];
}

/** A platform receiver and the route it is mounted on (e.g. WeCom at /wecom/callback). */
export interface MountedReceiver {
  readonly path: string;
  readonly receiver: Receiver;
}
