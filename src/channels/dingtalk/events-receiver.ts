/**
 * `POST /dingtalk/events`: DingTalk's encrypted HTTP event subscription (事件订阅), for organisations that keep
 * the directory in step with the 通讯录. `check_url` (the console's URL check) and every other event are
 * answered with the encrypted "success"; the six 通讯录事件 (contact-events.ts) become directory changes, which
 * the directory applies by re-fetching the ids. Unknown events are acknowledged and logged, so DingTalk does
 * not retry them.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Inbound, RawRequest, RawResponse, Receiver, ReplyPlan } from '../channel.js';
import { type EventCryptoConfig, createEventCrypto } from './callback-crypto.js';
import { dingtalkContactChange } from './contact-events.js';

const Event = z.looseObject({ EventType: z.string() });

export function createDingtalkEventsReceiver(c: EventCryptoConfig, opts: { random?: () => Buffer; nonce?: () => string } = {}): Receiver {
  const crypto = createEventCrypto(c);
  const random = opts.random ?? (() => randomBytes(16));
  const nonce = opts.nonce ?? (() => randomBytes(6).toString('hex'));
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
