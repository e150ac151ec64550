/**
 * Stream mode as a Receiver (dingtalk.md §2): the Stream client (stream-client.ts) turns each CALLBACK and
 * EVENT frame into a RawRequest (`streamRequest`) and feeds it to the inbound pipeline like any HTTP route;
 * this receiver decodes it with the same decoders as HTTP mode (robot callbacks: wire.ts; 通讯录事件:
 * contact-events.ts). Its reply deadline is 0: the frame is acked as soon as the message is claimed in the
 * durable inbox, and every reply goes out through the Sender (sessionWebhook, else the OpenAPI). Pure.
 */
import { AppError } from '../../core/errors.js';
import type { InboundMessage, OutboundMessage } from '../../core/message.js';
import type { Inbound, RawRequest, Receiver, ReplyPlan } from '../../core/ports/receiver.js';
import { dingtalkContactChange } from './contact-events.js';
import { planReplies } from './render.js';
import { type DownFrame, ROBOT_TOPIC } from './stream-frames.js';
import { decodeRobotCallback, parseCallbackJson } from './wire.js';

/** The header carrying the frame's type (CALLBACK or EVENT) in a Stream RawRequest. */
export const FRAME_TYPE_HEADER = 'x-stream-frame-type';

/** A frame as a RawRequest: its headers (as strings) plus its type, its `data` as the body. */
export function streamRequest(frame: DownFrame): RawRequest {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(frame.headers)) if (v !== undefined && v !== null) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  headers[FRAME_TYPE_HEADER] = frame.type;
  return { method: 'POST', query: {}, headers, body: frame.data };
}

/** Nothing rides on a Stream ack but the frame's messageId, which the client adds. */
const ACK = { status: 200, body: '' } as const;

/** An EVENT frame: a 通讯录事件 becomes a DirectoryChange, any other event is ignored. */
function decodeEvent(req: RawRequest): Inbound {
  let event: unknown;
  try {
    event = JSON.parse(req.body);
  } catch {
    throw new AppError('channel.bad_payload', 'stream event data is not JSON');
  }
  const change = event && typeof event === 'object' && !Array.isArray(event) ? dingtalkContactChange(event as Record<string, unknown>, req.headers) : undefined;
  if (!change) return { kind: 'ignored', reason: `event ${req.headers.eventType ?? '(no type)'} not handled`, response: ACK };
  return { kind: 'directory', change, response: ACK };
}

export function createDingtalkStreamReceiver(): Receiver {
  return {
    channel: 'dingtalk',
    methods: ['POST'],
    maxBodyBytes: 64 * 1024,
    replyDeadlineMs: 0,
    decode(req: RawRequest, now: Date): Inbound {
      const type = req.headers[FRAME_TYPE_HEADER];
      if (type === 'EVENT') return decodeEvent(req);
      if (type !== 'CALLBACK') throw new AppError('channel.bad_payload', `unknown stream frame type ${String(type).slice(0, 40)}`);
      if (req.headers.topic !== ROBOT_TOPIC)
        return { kind: 'ignored', reason: `callback on an unexpected topic ${String(req.headers.topic).slice(0, 80)}`, response: ACK };
      const decoded = decodeRobotCallback(parseCallbackJson(req.body), now);
      if (decoded.kind === 'ignored') return { kind: 'ignored', reason: decoded.reason, response: ACK };
      return { kind: 'message', message: decoded.message };
    },
    respond(message: InboundMessage, replies: readonly OutboundMessage[]): ReplyPlan {
      return { response: ACK, rest: planReplies(message, replies) };
    },
    planLate: planReplies,
  };
}
