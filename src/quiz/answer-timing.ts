/**
 * Was a typed answer sent before the person could see the question it would be applied to? (Two answers
 * sent at once: the second must not land on the question the bot showed in reply to the first.)
 *
 * Clocks are only ever compared with themselves:
 * - our clock: the message was received less than `minMs` after we produced the reply that showed the
 *   question (nobody sees a question, reads it and answers within the round trip);
 * - the platform's clock: the message was sent less than `minMs` after the message whose reply showed the
 *   question (same channel). WeCom's CreateTime has whole seconds, so when both times are whole seconds the
 *   real gap may be up to a second longer than it looks: only a gap that is certainly shorter counts.
 * Either is enough. Our clock catches answers queued behind a slow reply; the platform's catches a message
 * that reached us late (a platform retry after a restart), where the time we received it says nothing.
 */
import type { ChannelId } from '../core/message.js';
import type { AnswerRecord } from '../store/model.js';

export interface AnswerContext {
  /** `channel:messageId` of the message carrying the answer. */
  readonly messageKey: string;
  readonly channel: ChannelId;
  /** When the person sent it (platform clock). */
  readonly sentAt: Date;
  /** When we received it (our clock). */
  readonly receivedAt?: Date;
}

/**
 * True when the answer was certainly sent before the question was shown. `shownAt` is when we produced the
 * reply showing the question; `shownBy` the answer whose reply showed it (none for the first question).
 */
export function sentBeforeShown(answer: AnswerContext, shownAt: string, shownBy: AnswerRecord | undefined, minMs: number): boolean {
  if (answer.receivedAt && answer.receivedAt.getTime() < Date.parse(shownAt) + minMs) return true;
  if (!shownBy?.sentAt || !shownBy.messageKey?.startsWith(`${answer.channel}:`)) return false;
  const previous = Date.parse(shownBy.sentAt);
  const current = answer.sentAt.getTime();
  const wholeSeconds = previous % 1000 === 0 && current % 1000 === 0;
  return wholeSeconds ? current - previous + 1000 <= minMs : current - previous < minMs;
}
