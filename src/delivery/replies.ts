/**
 * Replies the HTTP response could not carry (a question card after the passive text, everything of a message
 * answered late, recovered or retried) as outbox items: one item per reply, in order, to the message's own
 * reply destination, so they are written durably before the response goes out and survive a failed send or
 * a restart. Pure given the clock's time and a sequence number.
 */
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import type { OutboxItem } from '../core/model.js';
import { quizDayOf } from '../core/quiz-day.js';
import { endOfDay } from './day-end.js';

/** The reason of reply items: `reply:<day>` (not a push: no summary is logged for it). */
export const REPLY_REASON_PREFIX = 'reply:';
/** A reply is retried at least this long, also when it was made just before the day ends. */
const MIN_RETRY_MS = 60 * 60_000;

export const isReplyItem = (item: OutboxItem): boolean => item.to.kind === 'reply';

/**
 * The items for `replies` to `msg`. Ids name the message and a sequence unique to this call (`seq`), so the
 * replies of a parked message retried later are new items, never taken for the ones sent before.
 */
export function planReplies(msg: InboundMessage, replies: readonly OutboundMessage[], now: Date, timeZone: string, seq: string): OutboxItem[] {
  const day = quizDayOf(now, timeZone);
  const deadline = new Date(Math.max(endOfDay(day, timeZone).getTime(), now.getTime() + MIN_RETRY_MS)).toISOString();
  const { expiresAt, ...destination } = msg.replyTo;
  const to: OutboxItem['to'] = { kind: 'reply', destination: { ...destination, ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) } };
  const createdAt = now.toISOString();
  return replies.map((message, i) => ({
    id: `reply:${msg.channel}:${msg.messageId}:${seq}:${i}`,
    channel: msg.channel,
    to,
    message,
    reason: `${REPLY_REASON_PREFIX}${day}`,
    createdAt,
    deadline,
  }));
}
