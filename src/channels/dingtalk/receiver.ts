/**
 * HTTP mode: `POST /dingtalk/callback` (dingtalk.md §1). The timestamp and sign headers are verified before
 * anything else; the body then goes through the same decoder as Stream mode. DingTalk gets an empty 200 and
 * every reply goes out afterwards through the Sender (sessionWebhook, else OpenAPI): replying in the HTTP
 * response body is not documented for enterprise robots.
 */
import type { InboundMessage, OutboundMessage } from '../../core/message.js';
import type { Inbound, RawRequest, Receiver, ReplyPlan } from '../../core/ports/receiver.js';
import { planReplies } from './render.js';
import { verifyCallbackSign } from './sign.js';
import { decodeRobotCallback, parseCallbackJson } from './wire.js';

export interface DingtalkReceiverOptions {
  /** The app's AppSecret / Client Secret (the sign key). */
  readonly clientSecret: string;
  /** How long the adapter waits for the bot before answering 200 anyway (replies follow via the API). */
  readonly replyDeadlineMs?: number;
}

const OK = { status: 200, body: '', contentType: 'text/plain; charset=utf-8' } as const;

export function createDingtalkReceiver(opts: DingtalkReceiverOptions): Receiver {
  return {
    channel: 'dingtalk',
    methods: ['POST'],
    maxBodyBytes: 64 * 1024,
    // Nothing rides on the response, so this only bounds how long DingTalk waits for its 200.
    replyDeadlineMs: opts.replyDeadlineMs ?? 1_000,
    decode(req: RawRequest, now: Date): Inbound {
      verifyCallbackSign({ timestamp: req.headers.timestamp, sign: req.headers.sign }, opts.clientSecret, now);
      const decoded = decodeRobotCallback(parseCallbackJson(req.body), now);
      if (decoded.kind === 'ignored') return { kind: 'ignored', reason: decoded.reason, response: OK };
      return { kind: 'message', message: decoded.message };
    },
    respond(message: InboundMessage, replies: readonly OutboundMessage[]): ReplyPlan {
      return { response: OK, rest: planReplies(message, replies) };
    },
    planLate: planReplies,
  };
}
