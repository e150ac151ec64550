/**
 * `POST /dingtalk/events`: DingTalk's encrypted HTTP event subscription (事件订阅), for organisations that keep
 * the roster in step with the 通讯录. `check_url` (the console's URL check) and every other event are answered
 * with the encrypted "success"; `user_leave_org` deactivates the people who left (their history stays).
 * Unknown events are acknowledged and logged, so DingTalk does not retry them.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Inbound, RawRequest, RawResponse, Receiver, ReplyPlan } from '../channel.js';
import { type EventCryptoConfig, createEventCrypto } from './callback-crypto.js';

const Event = z.looseObject({ EventType: z.string(), UserId: z.array(z.string()).optional() });

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
      if (event.EventType === 'user_leave_org' && event.UserId?.length) {
        return { kind: 'directory', change: { type: 'left', channel: 'dingtalk', userIds: event.UserId }, response: success(now) };
      }
      if (event.EventType === 'check_url') return { kind: 'handshake', response: success(now) };
      return { kind: 'ignored', reason: `event ${event.EventType} acknowledged, not used`, response: success(now) };
    },
    respond(): ReplyPlan {
      return { response: { status: 200, body: '' }, rest: [] };
    },
  };
}
