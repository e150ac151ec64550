/**
 * The bot: an onion of handlers (Koa/grammY style) over neutral messages. A handler either answers
 * (ctx.reply) or calls next(). Channels feed it InboundMessages; it returns the replies in order.
 */
import type { InboundMessage, OutboundMessage } from './message.js';
import type { Person } from './model.js';
import { splitCommand } from './text.js';

export interface BotContext {
  readonly msg: InboundMessage;
  /** The person behind the message (resolved by the directory middleware). */
  person?: Person;
  /** First word and the rest of the text, normalised. */
  readonly command: string;
  readonly args: string;
  reply(m: OutboundMessage | string): void;
}

export type Next = () => Promise<void>;
export type Handler = (ctx: BotContext, next: Next) => Promise<void>;

/** Composes handlers; calling next() twice in one handler is a bug and throws. */
export function compose(handlers: readonly Handler[]): Handler {
  return (ctx, next) => {
    let last = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('next() called multiple times');
      last = i;
      const h = i === handlers.length ? next : handlers[i];
      if (h) await h(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}

/** A handler that runs `h` when the first word is one of `words` (after normalisation), else passes on. */
export function command(words: readonly string[], h: Handler): Handler {
  const set = new Set(words.map((w) => w.toLowerCase()));
  return (ctx, next) => (set.has(ctx.command.toLowerCase()) ? h(ctx, next) : next());
}

/** Runs the handler chain for one message and returns its replies in order. */
export async function runBot(handler: Handler, msg: InboundMessage): Promise<OutboundMessage[]> {
  const replies: OutboundMessage[] = [];
  const [cmd, args] = splitCommand(msg.text);
  const ctx: BotContext = {
    msg,
    command: cmd,
    args,
    reply: (m) => {
      replies.push(typeof m === 'string' ? { kind: 'text', text: m } : m);
    },
  };
  await handler(ctx, async () => {});
  return replies;
}
