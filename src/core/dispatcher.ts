/**
 * One entry for every channel's messages. `accept` writes the message to the durable inbox (the dedupe
 * claim carries the payload) and says whether it is new; `process` runs the bot and marks it handled.
 * A channel that acknowledges the platform separately (DingTalk Stream) accepts first, acks, then
 * processes, so nothing acknowledged is lost; after a crash, `recover` handles what was accepted but not
 * finished. A failure releases the claim so a platform redelivery is processed, and the person gets a
 * short apology.
 */
import type { Handler } from './bot.js';
import { runBot } from './bot.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';
import type { InboundMessage, OutboundMessage } from './message.js';
import type { Store } from '../store/store.js';

export type DispatchResult = { readonly kind: 'replies'; readonly replies: OutboundMessage[] } | { readonly kind: 'duplicate' };

export interface Dispatcher {
  /** Durably records the message; false when it was seen before (a platform retry). */
  accept(msg: InboundMessage): Promise<boolean>;
  /** Handles an accepted message and returns the replies. */
  process(msg: InboundMessage): Promise<OutboundMessage[]>;
  /** accept + process. */
  dispatch(msg: InboundMessage): Promise<DispatchResult>;
  /** Handles messages accepted before a crash; their replies go to `send`. Returns how many. */
  recover(send: (msg: InboundMessage, replies: readonly OutboundMessage[]) => Promise<void>): Promise<number>;
  /** Resolves when every message in flight has been handled (graceful shutdown). */
  drain(): Promise<void>;
}

export function createDispatcher(deps: { store: Store; handler: Handler; logger: Logger; clock: Clock }): Dispatcher {
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  async function accept(msg: InboundMessage): Promise<boolean> {
    const fresh = await deps.store.claimMessage(msg.channel, msg.messageId, deps.clock.now(), msg);
    if (!fresh) deps.logger.info('duplicate delivery skipped', { channel: msg.channel, messageId: msg.messageId });
    return fresh;
  }

  async function processOne(msg: InboundMessage): Promise<OutboundMessage[]> {
    try {
      const replies = await runBot(deps.handler, msg);
      await deps.store.finishMessage(msg.channel, msg.messageId);
      return replies;
    } catch (err) {
      deps.logger.error('message handling failed', { channel: msg.channel, messageId: msg.messageId, err });
      await deps.store.releaseMessage(msg.channel, msg.messageId).catch(() => undefined);
      return [{ kind: 'text', text: '系统繁忙，请稍后再试。' }];
    }
  }

  return {
    accept,
    process: (msg) => track(processOne(msg)),
    dispatch: (msg) =>
      track((async (): Promise<DispatchResult> => ((await accept(msg)) ? { kind: 'replies', replies: await processOne(msg) } : { kind: 'duplicate' }))()),
    async recover(send) {
      const pending = await deps.store.pendingMessages();
      for (const msg of pending) {
        deps.logger.warn('handling a message accepted before a restart', { channel: msg.channel, messageId: msg.messageId });
        const replies = await track(processOne(msg));
        await send(msg, replies).catch((err) => deps.logger.error('recovered reply failed', { messageId: msg.messageId, err }));
      }
      return pending.length;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
