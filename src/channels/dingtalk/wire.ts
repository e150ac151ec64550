/**
 * The robot callback JSON (dingtalk.md §1.2): the HTTP callback body and the Stream CALLBACK frame's `data`
 * are the same document, so this one pure decoder serves both modes.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Destination, InboundMessage } from '../../core/message.js';
import { sessionDestination } from './session-route.js';

/** Message types DingTalk documents for robots (developerpedia bot/message.md). Others are rejected. */
const KNOWN_TYPES = ['text', 'richText', 'audio', 'picture', 'video', 'file'] as const;

/** The last instant a JavaScript Date can hold: beyond it `new Date(ms)` is invalid and toISOString throws. */
const MAX_DATE_MS = 8_640_000_000_000_000;
/** Epoch milliseconds, as a number or a digit string; a value no Date can hold (createAt=1e20) is malformed. */
const millis = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,16}$/)
      .transform(Number),
  ])
  .pipe(z.number().int('must be whole milliseconds').min(0).max(MAX_DATE_MS, 'is not a time a Date can hold'));

/** Fields pufa-bot reads; unknown fields are ignored (DingTalk adds new ones). */
export const RobotCallback = z.object({
  msgId: z.string().min(1),
  msgtype: z.string().min(1),
  conversationId: z.string().min(1),
  /** String "1" = 1:1 chat, "2" = group. */
  conversationType: z.enum(['1', '2']),
  conversationTitle: z.string().optional(),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  senderId: z.string().optional(),
  createAt: millis.optional(),
  sessionWebhook: z.string().optional(),
  sessionWebhookExpiredTime: millis.optional(),
  robotCode: z.string().optional(),
  isInAtList: z.boolean().optional(),
  text: z.object({ content: z.string() }).optional(),
  content: z.unknown().optional(),
});
export type RobotCallback = z.infer<typeof RobotCallback>;

const AudioContent = z.object({ recognition: z.string() });
const RichTextContent = z.object({ richText: z.array(z.object({ text: z.string().optional() })) });

export type DecodedCallback = { readonly kind: 'message'; readonly message: InboundMessage } | { readonly kind: 'ignored'; readonly reason: string };

/** Parses the raw JSON text of a callback; throws channel.bad_payload when it is not JSON. */
export function parseCallbackJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError('channel.bad_payload', 'callback body is not valid JSON');
  }
}

/** The text of a message, or undefined for types that carry none (pictures, files, video). */
function textOf(cb: RobotCallback): string | undefined {
  if (cb.msgtype === 'text') return cb.text?.content;
  if (cb.msgtype === 'audio') return AudioContent.safeParse(cb.content).data?.recognition;
  if (cb.msgtype === 'richText') {
    const parts = RichTextContent.safeParse(cb.content).data?.richText;
    return parts?.map((p) => p.text ?? '').join('');
  }
  return undefined;
}

/**
 * Decodes one robot callback into an InboundMessage. Throws AppError('channel.bad_payload') for a
 * malformed payload or an unknown msgtype; returns `ignored` for content the quiz cannot use.
 */
export function decodeRobotCallback(json: unknown, now: Date): DecodedCallback {
  const parsed = RobotCallback.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'channel.bad_payload',
      `robot callback is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
    );
  }
  const cb = parsed.data;
  if (!(KNOWN_TYPES as readonly string[]).includes(cb.msgtype)) {
    throw new AppError('channel.bad_payload', `unknown msgtype "${cb.msgtype}"`, { msgtype: cb.msgtype });
  }
  // senderStaffId is the org userid; members from outside the org may lack it (dingtalk.md §1.2, unverified).
  if (!cb.senderStaffId) return { kind: 'ignored', reason: 'sender has no senderStaffId (not a member of this organisation)' };
  const text = textOf(cb);
  if (text === undefined) return { kind: 'ignored', reason: `msgtype ${cb.msgtype} carries no text` };

  const group = cb.conversationType === '2';
  const fallback = group ? { kind: 'group' as const, id: cb.conversationId } : { kind: 'user' as const, id: cb.senderStaffId };
  const replyTo: Destination =
    cb.sessionWebhook && cb.sessionWebhookExpiredTime !== undefined
      ? sessionDestination({ webhook: cb.sessionWebhook, fallback }, new Date(cb.sessionWebhookExpiredTime))
      : { channel: 'dingtalk', ...fallback };
  const message: InboundMessage = {
    channel: 'dingtalk',
    messageId: cb.msgId,
    sentAt: cb.createAt !== undefined ? new Date(cb.createAt) : now,
    sender: { userId: cb.senderStaffId, name: cb.senderNick },
    conversation: { id: cb.conversationId, kind: group ? 'group' : 'direct' },
    // The @bot mention is stripped by DingTalk and leaves a leading space (" 你好").
    text: text.trim(),
    replyTo,
  };
  return { kind: 'message', message };
}
