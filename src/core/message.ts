/**
 * What features see: neutral inbound and outbound messages, built only by channels.
 * The quiz never sees XML, signatures, session webhooks or Koa.
 */
export type ChannelId = 'wecom' | 'dingtalk' | 'zhengding' | 'playground';

/** Where a message goes. `session` is a reply address a channel hands out (opaque to features). */
export interface Destination {
  readonly channel: ChannelId;
  readonly kind: 'user' | 'group' | 'session';
  readonly id: string;
  readonly expiresAt?: Date;
}

export interface InboundMessage {
  readonly channel: ChannelId;
  /** Platform message id: the dedupe key. */
  readonly messageId: string;
  /** When the person sent it, by the platform's clock (WeCom CreateTime has whole seconds only). */
  readonly sentAt: Date;
  /** When this server accepted it, by our clock: set by the dispatcher (kept in the durable inbox). */
  readonly receivedAt?: Date;
  /** The platform's user id (WeCom userid, DingTalk staffId, playground user). */
  readonly sender: { readonly userId: string; readonly name?: string };
  readonly conversation: { readonly id: string; readonly kind: 'direct' | 'group' };
  /** Trimmed text, @mention stripped. Card answers arrive as the same text a typed answer would be. */
  readonly text: string;
  readonly replyTo: Destination;
  /** Set when the message is a tap on an interactive question card (channel-specific handle for updating it). */
  readonly card?: { readonly questionRef: string; readonly handle: string };
}

/** One choice of a question, as shown on an interactive card. */
export interface ChoiceOption {
  readonly key: string;
  readonly text: string;
}

/** A question for channels that can render it as tap-to-answer (WeCom template card, DingTalk buttons). */
export interface QuestionCard {
  /** Stable per (person, day, index): lets the channel match a tap to the question. */
  readonly ref: string;
  readonly title: string;
  readonly stem: string;
  readonly kind: 'single' | 'multiple' | 'judge';
  readonly options: readonly ChoiceOption[];
}

export type OutboundMessage =
  | { readonly kind: 'text'; readonly text: string; readonly mentionUserIds?: readonly string[] }
  | { readonly kind: 'markdown'; readonly title: string; readonly markdown: string; readonly mentionUserIds?: readonly string[] }
  /** A question: channels that can, render `card`; the others send `text` (which always works). */
  | { readonly kind: 'question'; readonly text: string; readonly card: QuestionCard }
  /** A prompt with buttons that send a command as the person (WeCom button card, DingTalk dtmd buttons); else `text`. */
  | {
      readonly kind: 'action';
      readonly title: string;
      readonly text: string;
      readonly actions: ReadonlyArray<{ readonly label: string; readonly command: string }>;
    }
  /** The result of a card answer: channels update the card in place where they can, else send `text`. */
  | { readonly kind: 'card-result'; readonly text: string; readonly questionRef: string; readonly verdict: string };

export function text(t: string): OutboundMessage {
  return { kind: 'text', text: t };
}

/** Plain-text rendering every channel can fall back to. */
export function plainText(m: OutboundMessage): string {
  if (m.kind === 'markdown') return m.markdown;
  if (m.kind === 'action') return `${m.text}\n${m.actions.map((a) => `回复“${a.command}”${a.label === a.command ? '' : `（${a.label}）`}`).join('；')}`;
  return m.text;
}

/** JSON-safe form of an inbound message (Dates as ISO strings), for the durable inbox. */
export type StoredMessage = Omit<InboundMessage, 'sentAt' | 'receivedAt' | 'replyTo'> & {
  readonly sentAt: string;
  readonly receivedAt?: string;
  readonly replyTo: Omit<Destination, 'expiresAt'> & { readonly expiresAt?: string };
};

export function storeMessage(m: InboundMessage): StoredMessage {
  const { receivedAt, ...rest } = m;
  return {
    ...rest,
    sentAt: m.sentAt.toISOString(),
    ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
    replyTo: { ...m.replyTo, expiresAt: m.replyTo.expiresAt?.toISOString() },
  };
}

export function restoreMessage(m: StoredMessage): InboundMessage {
  const { receivedAt, ...rest } = m;
  return {
    ...rest,
    sentAt: new Date(m.sentAt),
    ...(receivedAt ? { receivedAt: new Date(receivedAt) } : {}),
    replyTo: { ...m.replyTo, expiresAt: m.replyTo.expiresAt ? new Date(m.replyTo.expiresAt) : undefined },
  };
}
