/**
 * The one inbound pipeline every transport feeds: the Koa HTTP routes (WeCom, DingTalk HTTP and events, the
 * playground) through channels/koa-adapter.ts, and connections of their own (DingTalk Stream). A transport
 * hands in a RawRequest and gets an outcome to translate (an HTTP answer, a Stream ack); everything between
 * is here, once:
 *
 *   decode (signature first; any decoder failure is a refusal, never a crash)
 *   → handshake / ignored: answered as the receiver says
 *   → organisation change: claimed by the directory before the answer, applied after it
 *   → message: the route's admit hook → claim in the durable inbox (dedupe; a redelivery is answered, not run)
 *     → answer within the receiver's reply deadline with what is ready → the rest, and anything later,
 *       through the channel's Sender.
 *
 * Nothing acknowledged is lost: the claim (which carries the message) is durable before any answer leaves;
 * if the claim fails the pipeline throws and the transport must not acknowledge (HTTP 500, Stream leaves the
 * frame unacked), so the platform delivers again. Handling (time budget, retry, parking) is the dispatcher's.
 */
import type { Clock } from './clock.js';
import { type Deadline, type Dispatcher, timerDeadline } from './dispatcher.js';
import { AppError, type ErrorCode } from './errors.js';
import type { Logger } from './log.js';
import type { InboundMessage, OutboundMessage } from './message.js';
import type { DirectoryChange } from './ports/platform-lookup.js';
import type { Inbound, RawRequest, RawResponse, Receiver } from './ports/receiver.js';

/** What the transport does with one request. A thrown error is our own failure: do not acknowledge. */
export type InboundOutcome =
  /** Answer the platform with `response` (an HTTP answer; for Stream: ack). */
  | { readonly kind: 'answer'; readonly response: RawResponse }
  /** Bad input or a refused sender (HTTP: a 4xx; Stream: ack and skip, a redelivery would be refused again). */
  | { readonly kind: 'refused'; readonly error: AppError };

/**
 * Feeds one request of one receiver through the pipeline. The request may still be being read (an HTTP
 * body): a read that fails with an AppError (too large, not UTF-8) is refused like any bad input.
 */
export type InboundFeed = (req: RawRequest | Promise<RawRequest>, meta?: { readonly ip?: string }) => Promise<InboundOutcome>;

export interface EntryOptions {
  /**
   * Decides, before a decoded message is claimed, whether its sender may use this route (the playground's
   * sandbox and its cap on new people). Throws AppError to refuse; any other error is our own failure.
   */
  readonly admit?: (message: InboundMessage) => Promise<void>;
}

export interface InboundPipeline {
  /** The feed of one receiver (one per HTTP route, one per Stream connection). */
  entry(receiver: Receiver, opts?: EntryOptions): InboundFeed;
  /** Resolves when every message in flight is handled and its late replies are sent (graceful shutdown). */
  drain(): Promise<void>;
}

export interface InboundPipelineDeps {
  readonly dispatcher: Pick<Dispatcher, 'accept' | 'process' | 'drain'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Hands over replies that missed the answer (slow handling, more than the answer can carry): durable (the outbox) once it resolves, sent by the channel's Sender. */
  readonly sendLater: (msg: InboundMessage, replies: readonly OutboundMessage[]) => Promise<void>;
  /** Takes an organisation change (通讯录事件): claimed durably before it resolves, applied afterwards. */
  readonly onDirectoryChange?: (change: DirectoryChange) => Promise<void>;
  /** Starts a reply-deadline timer (default setTimeout); tests pass one they fire by hand. */
  readonly replyTimer?: (ms: number) => Deadline;
}

/** What the operator should check, by the code a request was refused with. */
export const REFUSAL_HINTS: Partial<Record<ErrorCode, string>> = {
  'channel.bad_signature': 'signature check failed: check the token / secret configured for this channel',
  'channel.stale_request': 'request timestamp out of range: check the server clock (NTP)',
  'channel.decrypt_failed': 'payload could not be decrypted: check the AES key and the corp id / app key',
  'channel.bad_payload': 'payload is malformed',
  'channel.too_large': 'request body too large',
  'input.invalid': 'request is invalid',
  'input.unsupported_media_type': 'send the body as application/json',
  'auth.forbidden': 'not allowed for this sender',
  'input.quota_exceeded': 'a limit was reached',
};

/** True when `err` is bad input a transport answers with a refusal (known code), not our own failure. */
export function isRefusal(err: unknown): err is AppError {
  return err instanceof AppError && REFUSAL_HINTS[err.code] !== undefined;
}

export function createInboundPipeline(deps: InboundPipelineDeps): InboundPipeline {
  const replyTimer = deps.replyTimer ?? timerDeadline;
  const lateSends = new Set<Promise<void>>();

  /** Sends replies after the answer; tracked so a shutdown waits for them. */
  function later(log: Logger, message: InboundMessage, replies: Promise<readonly OutboundMessage[]>, what: string): void {
    const p = replies
      .then((r) => (r.length > 0 ? deps.sendLater(message, r) : undefined))
      .catch((err) => log.error(what, { messageId: message.messageId, err }));
    lateSends.add(p);
    void p.finally(() => lateSends.delete(p));
  }

  function entry(receiver: Receiver, opts: EntryOptions = {}): InboundFeed {
    const log = deps.logger.child({ channel: receiver.channel });

    function refused(err: AppError, ip: string | undefined, msg = 'request rejected'): InboundOutcome {
      log.warn(msg, { code: err.code, reason: err.message, check: REFUSAL_HINTS[err.code], ip });
      return { kind: 'refused', error: err };
    }

    async function message(msg: InboundMessage, ip: string | undefined): Promise<InboundOutcome> {
      const lateReplies = (r: readonly OutboundMessage[]) => receiver.planLate?.(msg, r) ?? [...r];
      if (opts.admit) {
        try {
          await opts.admit(msg);
        } catch (err) {
          if (!isRefusal(err)) throw err;
          return refused(err, ip, 'sender refused');
        }
      }
      // The claim is durable before anything is answered: a failure here throws, and nothing is acknowledged.
      const fresh = await deps.dispatcher.accept(msg);
      if (!fresh) return { kind: 'answer', response: receiver.respond(msg, [], deps.clock.now()).response };
      const work = deps.dispatcher.process(msg);
      if (receiver.replyDeadlineMs <= 0) {
        // Nothing rides on the answer (Stream's ack): answer now, every reply goes through the Sender.
        later(log, msg, work.then(lateReplies), 'reply send failed');
        return { kind: 'answer', response: receiver.respond(msg, [], deps.clock.now()).response };
      }
      const timer = replyTimer(receiver.replyDeadlineMs);
      let ready: OutboundMessage[] | 'late';
      try {
        ready = await Promise.race([work, timer.promise.then(() => 'late' as const)]);
      } finally {
        timer.cancel();
      }
      if (ready === 'late') {
        log.warn('reply deadline reached; replying later through the API', { messageId: msg.messageId });
        later(log, msg, work.then(lateReplies), 'late reply failed');
        return { kind: 'answer', response: receiver.respond(msg, [], deps.clock.now()).response };
      }
      const plan = receiver.respond(msg, ready, deps.clock.now());
      // The rest (e.g. the next question's card) is handed over durably (the outbox) before the answer; it is sent after it.
      if (plan.rest.length > 0) await deps.sendLater(msg, plan.rest).catch((err) => log.error('reply send failed', { messageId: msg.messageId, err }));
      return { kind: 'answer', response: plan.response };
    }

    return async (req, meta = {}) => {
      let inbound: Inbound;
      try {
        inbound = receiver.decode(await req, deps.clock.now());
      } catch (err) {
        if (isRefusal(err)) return refused(err, meta.ip);
        // A decoder that throws anything else has a bug, but the request is still bad input: refused, never a crash.
        log.error('request could not be decoded', { ip: meta.ip, err });
        return { kind: 'refused', error: new AppError('channel.bad_payload', 'request could not be decoded') };
      }
      switch (inbound.kind) {
        case 'handshake':
          return { kind: 'answer', response: inbound.response };
        case 'ignored':
          log.info('request ignored', { reason: inbound.reason });
          return { kind: 'answer', response: inbound.response };
        case 'directory':
          if (deps.onDirectoryChange) {
            // ContactSync claims the event id durably (a redelivery is applied once) and applies it after the answer.
            await deps.onDirectoryChange(inbound.change);
            log.info('directory change received', { what: inbound.change.what, removed: inbound.change.removed, count: inbound.change.ids.length });
          } else {
            log.warn('directory change dropped: no directory to apply it to', { what: inbound.change.what });
          }
          return { kind: 'answer', response: inbound.response };
        case 'message':
          return message(inbound.message, meta.ip);
      }
    };
  }

  return {
    entry,
    async drain() {
      await deps.dispatcher.drain();
      await Promise.allSettled([...lateSends]);
    },
  };
}
