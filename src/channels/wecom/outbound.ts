/**
 * OutboundMessage → message/send bodies (pure given the task-id source). Questions and actions become
 * template cards when cards are on; everything else, and everything when cards are off, becomes text
 * (plainText) or markdown, split to WeCom's 2048-byte limit.
 */
import { type OutboundMessage, plainText } from '../../core/message.js';
import { actionTaskId, renderActionCard, renderQuestionCard, taskIdFor } from './cards.js';
import { splitBytes } from './limits.js';
import type { MessageContent } from './messages.js';

const TEXT_MAX_BYTES = 2048;
const textContent = (t: string): MessageContent => ({ msgtype: 'text', text: { content: t } });

/**
 * The message/send bodies for one message, in order. `unique` gives the letters/digits that make a
 * card's task_id unique (random for replies; a digest of the request for bulk pushes, so a retried push
 * is the same JSON and enable_duplicate_check can suppress it).
 */
export function toContents(m: OutboundMessage, cards: boolean, unique: () => string): MessageContent[] {
  if (m.kind === 'markdown') return splitBytes(m.markdown, TEXT_MAX_BYTES).map((c) => ({ msgtype: 'markdown', markdown: { content: c } }));
  if (m.kind === 'question' && cards) {
    const { templateCard, preface } = renderQuestionCard(m.card, taskIdFor(m.card.ref, unique()));
    return [...(preface ? splitBytes(m.text, TEXT_MAX_BYTES).map(textContent) : []), { msgtype: 'template_card', template_card: templateCard }];
  }
  if (m.kind === 'action' && cards && m.actions.length > 0) {
    return [{ msgtype: 'template_card', template_card: renderActionCard(m, actionTaskId(unique())) }];
  }
  return splitBytes(plainText(m), TEXT_MAX_BYTES).map(textContent);
}
