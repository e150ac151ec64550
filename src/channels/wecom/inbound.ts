/**
 * Decrypted WeCom message/event → the neutral InboundMessage (or a reason to ignore it). Pure.
 * Text goes to the bot; `enter_agent` asks for the welcome (帮助); a menu `click` sends its key as text;
 * `template_card_event` on one of our question cards is a card answer, on an action card its command. Dedupe keys (wecom.md §1):
 * MsgId for messages; for events FromUserName+CreateTime is too coarse (WxJava #1745), so the key also
 * carries Event, EventKey, TaskId and ResponseCode.
 */
import { createHash } from 'node:crypto';
import type { DirectoryChange } from '../../core/ports/platform-lookup.js';
import type { Destination, InboundMessage } from '../../core/message.js';
import { DONE_KEY, answerFromCardEvent, commandFromKey, isActionTask, refFromTaskId } from './cards.js';
import { contactChangeOf } from './contact-events.js';
import type { WireMessage } from './wire.js';

/** What the receiver does with one decrypted message. */
export type Decoded =
  | { readonly kind: 'message'; readonly message: InboundMessage }
  /** An organisation change (change_contact): applied to the directory. */
  | { readonly kind: 'directory'; readonly change: DirectoryChange }
  /** `reply`: a polite passive text reply (e.g. to a picture), else an empty 200. */
  | { readonly kind: 'ignored'; readonly reason: string; readonly reply?: string };

/** The text the bot receives when someone opens the app (the help text is the welcome). */
export const WELCOME_COMMAND = '帮助';
/** Passive reply to message types the bot does not read. */
export const ONLY_TEXT_REPLY = '目前只能识别文字消息。发送“答题”开始今日答题，发送“帮助”查看全部指令。';
const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'location', 'link', 'file']);

/**
 * Where replies to a card tap go: `card|<userid>|<ResponseCode>`, so the Sender can update the tapped card
 * (update_template_card needs the callback's single-use response_code), and the receiver knows not to
 * reply passively. Userids never contain '|'.
 */
export function cardSession(userId: string, responseCode: string): Destination {
  return { channel: 'wecom', kind: 'session', id: `card|${userId}|${responseCode}` };
}

/** Parses a card session id; undefined for any other destination id. */
export function parseCardSession(id: string): { userId: string; responseCode: string } | undefined {
  const m = /^card\|([^|]+)\|(.+)$/s.exec(id);
  return m ? { userId: m[1]!, responseCode: m[2]! } : undefined;
}

/** The dedupe key of an event. */
export function eventKey(m: WireMessage): string {
  return ['ev', m.FromUserName, m.CreateTime, m.Event ?? '', m.EventKey ?? '', m.TaskId ?? '', m.ResponseCode ?? ''].join(':');
}

function message(m: WireMessage, messageId: string, text: string, extra: Partial<InboundMessage> = {}): Decoded {
  const userId = m.FromUserName;
  return {
    kind: 'message',
    message: {
      channel: 'wecom',
      messageId,
      sentAt: new Date(Number(m.CreateTime) * 1000),
      sender: { userId },
      conversation: { id: userId, kind: 'direct' },
      text: text.trim(),
      replyTo: { channel: 'wecom', kind: 'user', id: userId },
      ...extra,
    },
  };
}

/** Maps a decrypted message/event. */
export function toDecoded(m: WireMessage): Decoded {
  if (m.MsgType === 'text') {
    // MsgId is always present on text (path/90239); the fallback keeps a malformed one from double-scoring.
    const fallback = `txt:${m.FromUserName}:${m.CreateTime}:${createHash('sha1')
      .update(m.Content ?? '')
      .digest('hex')}`;
    return message(m, m.MsgId ?? fallback, m.Content ?? '');
  }
  if (MEDIA_TYPES.has(m.MsgType)) return { kind: 'ignored', reason: `${m.MsgType} message`, reply: ONLY_TEXT_REPLY };
  if (m.MsgType !== 'event') return { kind: 'ignored', reason: `message type ${m.MsgType}` };

  switch (m.Event) {
    case 'change_contact': {
      const change = contactChangeOf(m);
      return change ? { kind: 'directory', change } : { kind: 'ignored', reason: `change_contact ${m.ChangeType ?? ''} not used` };
    }
    case 'enter_agent':
      return message(m, eventKey(m), WELCOME_COMMAND);
    case 'click':
      return m.EventKey ? message(m, eventKey(m), m.EventKey) : { kind: 'ignored', reason: 'menu click without a key' };
    case 'template_card_event': {
      if (m.TaskId && isActionTask(m.TaskId)) {
        // A button of an action card: the person "says" its command.
        const command = m.EventKey ? commandFromKey(m.EventKey) : undefined;
        if (!command) return { kind: 'ignored', reason: 'action card event without a command key' };
        return message(m, eventKey(m), command, m.ResponseCode ? { replyTo: cardSession(m.FromUserName, m.ResponseCode) } : {});
      }
      const ref = m.TaskId ? refFromTaskId(m.TaskId) : undefined;
      if (ref === undefined || m.EventKey === DONE_KEY) return { kind: 'ignored', reason: `card event not for a question card (task ${m.TaskId ?? '-'})` };
      if (!m.ResponseCode) return { kind: 'ignored', reason: 'card event without ResponseCode' };
      const text = answerFromCardEvent({ cardType: m.CardType, eventKey: m.EventKey, selected: m.SelectedItems?.SelectedItem }) ?? '';
      return message(m, eventKey(m), text, {
        card: { questionRef: ref, handle: m.ResponseCode },
        replyTo: cardSession(m.FromUserName, m.ResponseCode),
      });
    }
    default:
      return { kind: 'ignored', reason: `event ${m.Event ?? '(none)'}` };
  }
}
