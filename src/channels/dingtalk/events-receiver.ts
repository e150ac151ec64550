/**
 * `POST /dingtalk/events`: DingTalk's encrypted HTTP event subscription (事件订阅), for organisations that keep
 * the directory in step with the 通讯录. `check_url` (the console's URL check) and every other event are
 * answered with the encrypted "success"; the six 通讯录事件 (contact-events.ts) become directory changes, which
 * the directory applies by re-fetching the ids. Unknown events are acknowledged and logged, so DingTalk does
 * not retry them.
 *
 * Replays: the signature covers the timestamp, so a request whose signed timestamp is more than `maxSkewMs`
 * from our clock is refused (channel.stale_request), as WeCom's are; within that window the event id is the
 * dedupe key ContactSync claims in the store, so a captured event replayed, or redelivered by DingTalk, is
 * applied once, across restarts too.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Inbound, RawRequest, RawResponse, Receiver, ReplyPlan } from '../../core/ports/receiver.js';
import { type EventCryptoConfig, createEventCrypto } from './callback-crypto.js';
import { dingtalkContactChange } from './contact-events.js';
import { SIGN_WINDOW_MS } from './sign.js';

const Event = z.looseObject({ EventType: z.string() });

export interface EventsReceiverOptions {
  readonly random?: () => Buffer;
  readonly nonce?: () => string;
  /**
   * Largest accepted distance between the signed timestamp and our clock (default 1 hour, the window DingTalk
   * documents for its signed robot callbacks, dingtalk.md §1.1). Replays inside it are caught by the event id.
   */
  readonly maxSkewMs?: number;
}

/**
 * Checks the signed `timestamp` (DingCallbackCrypto sends milliseconds; ten digits are read as seconds).
 * Throws channel.stale_request.
 */
export function checkEventTimestamp(query: Readonly<Record<string, string>>, now: Date, maxSkewMs: number): void {
  const ts = query.timestamp ?? query.timeStamp ?? '';
  if (!/^\d{1,16}$/.test(ts)) throw new AppError('channel.stale_request', 'the event timestamp is not a number: check the server clock (NTP)');
  const ms = ts.length <= 10 ? Number(ts) * 1000 : Number(ts);
  const skew = Math.abs(now.getTime() - ms);
  if (skew > maxSkewMs) {
    throw new AppError('channel.stale_request', `event timestamp is ${Math.round(skew / 1000)} s from server time (a replay, or check the server clock: NTP)`, {
      skewMs: skew,
    });
  }
}

export function createDingtalkEventsReceiver(c: EventCryptoConfig, opts: EventsReceiverOptions = {}): Receiver {
  const crypto = createEventCrypto(c);
  const random = opts.random ?? (() => randomBytes(16));
  const nonce = opts.nonce ?? (() => randomBytes(6).toString('hex'));
  const maxSkewMs = opts.maxSkewMs ?? SIGN_WINDOW_MS;
  const success = (now: Date): RawResponse => ({
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: crypto.success(String(now.getTime()), nonce(), random()),
  });
  return {
    channel: 'dingtalk',
    methods: ['POST'],
    maxBodyBytes: 64 * 1024,
    replyDeadlineMs: 1_000,
    decode(req: RawRequest, now: Date): Inbound {
      const plain = crypto.open(req.query, req.body);
      checkEventTimestamp(req.query, now, maxSkewMs);
      let event: z.infer<typeof Event>;
      try {
        event = Event.parse(JSON.parse(plain));
      } catch {
        throw new AppError('channel.bad_payload', 'decrypted event is not the expected JSON');
      }
      const change = dingtalkContactChange(event);
      if (change) return { kind: 'directory', change, response: success(now) };
      if (event.EventType === 'check_url') return { kind: 'handshake', response: success(now) };
      return { kind: 'ignored', reason: `event ${event.EventType} acknowledged, not used`, response: success(now) };
    },
    respond(): ReplyPlan {
      return { response: { status: 200, body: '' }, rest: [] };
    },
  };
}
