/**
 * OutboundMessage → DingTalk message bodies (dingtalk.md §1.3, §3.4, §3.7). Pure.
 * Questions become markdown whose options are dtmd links: a tap makes the DingTalk client send the option
 * as the person's own message, so taps and typed answers reach the quiz the same way.
 */
import { type InboundMessage, type OutboundMessage, type QuestionCard, plainText } from '../../core/message.js';

/** What a message looks like on DingTalk before it is wrapped for a particular send API. */
export type DingContent =
  | { readonly type: 'text'; readonly content: string; readonly atUserIds: readonly string[] }
  | { readonly type: 'markdown'; readonly title: string; readonly text: string; readonly atUserIds: readonly string[] };

/** Sent in group chats instead of a question: the quiz runs in the 1:1 chat with the robot. */
export const GROUP_QUIZ_HINT = '每日答题请在与机器人的单聊中进行：点击机器人头像 →「发消息」，发送“答题”开始。群里可以发送“排行榜”查看各部门参学情况。';

/**
 * A tap-to-send link. The host must be lower-case `dingtalkclient` (dingtalkClient is silently ignored) and
 * the content URL-encoded (3P NousResearch/hermes-agent#92254, 2025).
 */
export function dtmdLink(content: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(content)}`;
}

const linkText = (s: string) => s.replace(/\[/g, '［').replace(/\]/g, '］').replace(/\n/g, ' ');

/** The markdown of a question: stem, one tappable line per option (judge: 对 / 错), and how to answer. */
export function questionMarkdown(card: QuestionCard): string {
  const lines = [`#### ${card.title}`, card.stem, ''];
  if (card.kind === 'judge') {
    // Option keys are A = 对, B = 错; sending the word itself reads naturally in the chat.
    lines.push(`[✔ 对](${dtmdLink('对')})　　[✘ 错](${dtmdLink('错')})`, '', '点击作答，或回复“对”/“错”。');
  } else if (card.kind === 'single') {
    for (const o of card.options) lines.push(`[${o.key}. ${linkText(o.text)}](${dtmdLink(o.key)})`, '');
    lines.push('点击选项作答，或回复选项字母，如 B。');
  } else {
    // A tap sends one letter only, so multiple-choice answers are typed.
    for (const o of card.options) lines.push(`${o.key}. ${o.text}`, '');
    lines.push('多选题：请回复全部正确选项的字母，如 AC。');
  }
  return lines.join('\n');
}

function withMentions(text: string, ids: readonly string[]): string {
  const missing = ids.filter((id) => !text.includes(`@${id}`));
  return missing.length ? `${text}\n${missing.map((id) => `@${id}`).join(' ')}` : text;
}

/** Chooses the DingTalk form of a message. In group chats questions become GROUP_QUIZ_HINT. */
export function toDingContent(m: OutboundMessage, opts: { group: boolean }): DingContent {
  switch (m.kind) {
    case 'text': {
      const at = m.mentionUserIds ?? [];
      return { type: 'text', content: withMentions(m.text, at), atUserIds: at };
    }
    case 'markdown': {
      const at = m.mentionUserIds ?? [];
      return { type: 'markdown', title: m.title, text: withMentions(m.markdown, at), atUserIds: at };
    }
    case 'question':
      if (opts.group) return { type: 'text', content: GROUP_QUIZ_HINT, atUserIds: [] };
      return { type: 'markdown', title: m.card.title, text: questionMarkdown(m.card), atUserIds: [] };
    case 'action':
      // In groups the robot only sees messages that @ it, so a tap (no @) would not reach it: plain text there.
      if (opts.group) return { type: 'text', content: plainText(m), atUserIds: [] };
      return { type: 'markdown', title: m.title, text: actionMarkdown(m), atUserIds: [] };
    case 'card-result':
      return { type: 'text', content: m.text, atUserIds: [] };
    default:
      return { type: 'text', content: plainText(m), atUserIds: [] };
  }
}

/** A prompt with one dtmd button per command. */
function actionMarkdown(m: Extract<OutboundMessage, { kind: 'action' }>): string {
  const buttons = m.actions.map((a) => `[${linkText(a.label)}](${dtmdLink(a.command)})`);
  return [`#### ${m.title}`, m.text, '', buttons.join('　　'), '', `点击按钮，或直接回复：${m.actions.map((a) => a.command).join(' / ')}`].join('\n');
}

/** The body for a sessionWebhook or custom-robot POST (custom-robot message format). */
export function webhookBody(c: DingContent): Record<string, unknown> {
  const at = c.atUserIds.length ? { at: { atUserIds: c.atUserIds, isAtAll: false } } : {};
  return c.type === 'text'
    ? { msgtype: 'text', text: { content: c.content }, ...at }
    : { msgtype: 'markdown', markdown: { title: c.title, text: c.text }, ...at };
}

/** msgKey/msgParam for the OpenAPI robot send APIs (no @mentions there). msgParam is a JSON string. */
export function openApiMessage(c: DingContent): { msgKey: string; msgParam: string } {
  return c.type === 'text'
    ? { msgKey: 'sampleText', msgParam: JSON.stringify({ content: c.content }) }
    : { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: c.title, text: c.text }) };
}

/**
 * Replies for a group conversation: if the bot produced a question (someone sent 答题 in the group), the
 * whole batch becomes one pointer to the 1:1 chat, so quiz texts never reach the group.
 */
export function planGroupReplies(replies: readonly OutboundMessage[]): OutboundMessage[] {
  if (!replies.some((r) => r.kind === 'question')) return [...replies];
  return [{ kind: 'text', text: GROUP_QUIZ_HINT }];
}

/** The replies to a message as DingTalk sends them: group conversations get `planGroupReplies`, 1:1 all of them. */
export function planReplies(message: InboundMessage, replies: readonly OutboundMessage[]): OutboundMessage[] {
  return message.conversation.kind === 'group' ? planGroupReplies(replies) : [...replies];
}
