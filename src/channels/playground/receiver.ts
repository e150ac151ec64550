/**
 * The local playground channel: `POST /playground/messages` with `{"userId": "...", "text": "..."}`
 * answers `{"replies": [{"text": "..."}]}`, the bot's replies in order. It works exactly like a platform
 * chat (same dispatcher, same handlers) without any platform account. An optional `messageId` makes a
 * retry of the same message idempotent, as platform retries are.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { type InboundMessage, type OutboundMessage, plainText } from '../../core/message.js';
import type { Inbound, RawRequest, Receiver, ReplyPlan } from '../../core/ports/receiver.js';

const Body = z.object({
  userId: z.string().trim().min(1, 'userId is required').max(64),
  text: z.string().max(2000, 'text is longer than 2000 characters'),
  messageId: z.string().min(1).max(128).optional(),
  group: z.boolean().optional(),
});

export function createPlaygroundReceiver(): Receiver {
  return {
    channel: 'playground',
    methods: ['POST'],
    maxBodyBytes: 8 * 1024,
    replyDeadlineMs: 30_000,
    decode(req: RawRequest, now: Date): Inbound {
      // JSON only: a cross-site form (text/plain, no CORS preflight) can then never drive the playground.
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new AppError('input.unsupported_media_type', '请以 JSON 发送（Content-Type: application/json），例如 {"userId": "zhangsan", "text": "答题"}');
      }
      let json: unknown;
      try {
        json = JSON.parse(req.body);
      } catch {
        throw new AppError('input.invalid', 'body is not valid JSON; send {"userId": "...", "text": "..."}');
      }
      const parsed = Body.safeParse(json);
      if (!parsed.success) throw new AppError('input.invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      const { userId, text, messageId, group } = parsed.data;
      const message: InboundMessage = {
        channel: 'playground',
        messageId: messageId ?? randomUUID(),
        sentAt: now,
        sender: { userId },
        conversation: { id: group ? 'playground-group' : userId, kind: group ? 'group' : 'direct' },
        text: text.trim(),
        replyTo: { channel: 'playground', kind: 'user', id: userId },
      };
      return { kind: 'message', message };
    },
    respond(_msg: InboundMessage, replies: readonly OutboundMessage[]): ReplyPlan {
      return {
        response: {
          status: 200,
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify({ replies: replies.map((r) => ({ text: plainText(r) })) }),
        },
        rest: [],
      };
    },
  };
}
