/**
 * Outbound messages as 工作通知 (zhengding.md §5): an `action_card` whose one button opens a page of the web
 * app (the daily quiz, or the page a message links to, such as the exam page). 浙政钉 has no chat answering
 * (inbound robot messages are unverified, §8), so the chat instructions of a message (发送“…”, 回复“…”) are
 * left out. The card names the day (China time), so each day's content differs: the platform shows the same
 * content from an app to a person once a day (§5). `msg` stays within 2,048 bytes. Pure.
 */
import type { OutboundMessage } from '../../core/message.js';
import { asQuizDay } from '../../core/quiz-day.js';
import { quizPagePath } from '../../core/quiz-page-link.js';

/** `msg` is at most 2,048 bytes (§5). */
export const ZZD_MSG_MAX_BYTES = 2048;

const WEEKDAYS = '日一二三四五六';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The China (UTC+8) calendar day of an instant, as 'YYYY-MM-DD' and '12月2日（周三）'. */
export function chinaDay(now: Date): { iso: string; label: string } {
  const d = new Date(now.getTime() + 8 * 3600_000);
  return { iso: d.toISOString().slice(0, 10), label: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${WEEKDAYS[d.getUTCDay()]}）` };
}

/** Chat-only instructions: sentences telling the person to send or reply a word. */
const CHAT_ONLY = /[^。\n]*(发送|回复)“[^”]*”[^。\n]*[。]?/g;
const URL_IN_TEXT = /https?:\/\/[^\s<>"'，。；）)]+/;

function titleAndBody(m: OutboundMessage): { title: string; body: string } {
  if (m.kind === 'markdown') return { title: m.title, body: m.markdown };
  if (m.kind === 'action') return { title: m.title, body: m.text };
  const [first = ''] = m.text.split('\n');
  const bracket = /^【([^】]+)】/.exec(first);
  return { title: bracket ? bracket[1]! : first.slice(0, 20) || '普法学习', body: m.text };
}

/** Cuts `s` to at most `max` UTF-8 bytes (whole characters), marking the cut. */
function cutTo(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (bytes(`${out}${ch}…`) > max) break;
    out += ch;
  }
  return `${out}…`;
}

export interface CardInput {
  readonly message: OutboundMessage;
  /** The web app's origin (PUBLIC_URL). */
  readonly publicUrl: string;
  readonly now: Date;
}

/** The `msg` JSON of a 工作通知 action_card for `message`. */
export function workNoticeMsg(c: CardInput): string {
  const { title, body } = titleAndBody(c.message);
  const day = chinaDay(c.now);
  const linked = URL_IN_TEXT.exec(body)?.[0];
  const url = linked ?? `${c.publicUrl}${quizPagePath(asQuizDay(day.iso))}`;
  const button = linked ? '打开' : '开始答题';
  const text = body
    .replace(CHAT_ONLY, '')
    .replace(linked ?? '\u0000', '点击下方按钮')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n\n')
    .trim();
  const card = (markdown: string) =>
    JSON.stringify({ msgtype: 'action_card', action_card: { title: cutTo(title, 64), markdown, single_title: button, single_url: url } });
  const heading = `### ${title}\n\n`;
  const footer = `\n\n${day.label}`;
  const room = ZZD_MSG_MAX_BYTES - bytes(card('')) - bytes(JSON.stringify(heading + footer)) + 2;
  // JSON escapes grow the text (quotes, newlines): cut by its escaped size.
  let markdown = `${heading}${text}${footer}`;
  if (bytes(card(markdown)) > ZZD_MSG_MAX_BYTES) {
    let budget = Math.max(0, room);
    let cut = cutTo(text, budget);
    while (budget > 0 && bytes(card(`${heading}${cut}${footer}`)) > ZZD_MSG_MAX_BYTES) {
      budget -= 16;
      cut = cutTo(text, budget);
    }
    markdown = `${heading}${cut}${footer}`;
  }
  return card(markdown);
}
