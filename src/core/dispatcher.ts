/**
 * One entry for every channel's messages: dedupe by (channel, messageId), run the bot, return the replies.
 * A failure releases the claim so a platform redelivery is processed, and the person gets a short apology.
 */
import type { Handler } from './bot.js';
import { runBot } from './bot.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';
import type { InboundMessage, OutboundMessage } from './message.js';
import type { Store } from '../store/store.js';

export type DispatchResult = { readonly kind: 'replies'; readonly replies: OutboundMessage[] } | { readonly kind: 'duplicate' };

export interface Dispatcher {
  dispatch(msg: InboundMessage): Promise<DispatchResult>;
  /** Resolves when every message in flight has been handled (graceful shutdown). */
  drain(): Promise<void>;
}

export function createDispatcher(deps: { store: Store; handler: Handler; logger: Logger; clock: Clock }): Dispatcher {
  const inFlight = new Set<Promise<unknown>>();
  async function handle(msg: InboundMessage): Promise<DispatchResult> {
    if (!(await deps.store.claimMessage(msg.channel, msg.messageId, deps.clock.now()))) {
      deps.logger.info('duplicate delivery skipped', { channel: msg.channel, messageId: msg.messageId });
      return { kind: 'duplicate' };
    }
    try {
      return { kind: 'replies', replies: await runBot(deps.handler, msg) };
    } catch (err) {
      deps.logger.error('message handling failed', { channel: msg.channel, messageId: msg.messageId, err });
      await deps.store.releaseMessage(msg.channel, msg.messageId).catch(() => undefined);
      return { kind: 'replies', replies: [{ kind: 'text', text: '系统繁忙，请稍后再试。' }] };
    }
  }
  return {
    dispatch(msg) {
      const p = handle(msg);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
