/**
 * One entry for every channel's messages. `accept` writes the message to the durable inbox (the dedupe
 * claim carries the payload, stamped with the time we received it) and says whether it is new; `process`
 * runs the bot and marks it handled. A channel that acknowledges the platform separately (DingTalk Stream)
 * accepts first, acks, then processes, so nothing acknowledged is lost.
 *
 * No message can stop the bot:
 * - each handling attempt is recorded durably before the handler runs, and has a time budget: a handler
 *   that exceeds it is abandoned for that message (JavaScript cannot cancel it; a CPU-bound loop cannot be
 *   interrupted at all, but its attempt was recorded, so it is parked at the next start);
 * - a failed or timed-out attempt is retried once at once; a message that fails twice is parked (dead
 *   letter: kept with the error, never retried automatically), logged for the operator ("message parked")
 *   and the person gets a short apology once. `npm run pufa -- inbox` lists, retries or drops it;
 * - after a crash, `recover` handles what was accepted but not finished, in the background after the
 *   server listens; a message already attempted twice is parked without running it again.
 * Messages of one sender are handled in the order they were accepted (recovered ones first).
 */
import type { Handler } from './bot.js';
import { runBot } from './bot.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import { createKeyedQueue } from './keyed-queue.js';
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
  /**
   * Handles messages accepted before a restart (pending in the inbox); their replies go to `send`. Queues
   * them at once (ahead of anything new from the same sender) and resolves with how many when all are done.
   */
  recover(send: (msg: InboundMessage, replies: readonly OutboundMessage[]) => Promise<void>): Promise<number>;
  /** An operator's retry of a parked message: back to pending, handled now; undefined when it is not parked. */
  retry(channel: InboundMessage['channel'], messageId: string): Promise<{ message: InboundMessage; replies: OutboundMessage[] } | undefined>;
  /** Resolves when every message in flight has been handled (graceful shutdown). */
  drain(): Promise<void>;
}

/** A started budget timer; `promise` resolves when the budget is spent. */
export interface Deadline {
  readonly promise: Promise<void>;
  cancel(): void;
}

export interface DispatcherDeps {
  readonly store: Store;
  readonly handler: Handler;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Time budget of one handling attempt (default 30 s). */
  readonly timeoutMs?: number;
  /** Attempts before a message is parked (default 2). */
  readonly maxAttempts?: number;
  /** Starts a budget timer (default setTimeout); tests pass one they fire by hand. */
  readonly deadline?: (ms: number) => Deadline;
}

export const DEFAULT_MESSAGE_TIMEOUT_MS = 30_000;

export function timerDeadline(ms: number): Deadline {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** The person's one apology when their message is parked (Chinese chat text). */
export function parkedApology(msg: InboundMessage): OutboundMessage {
  const snippet = msg.text.length > 20 ? `${msg.text.slice(0, 20)}…` : msg.text;
  return { kind: 'text', text: `抱歉，您的消息“${snippet}”暂时无法处理，已记录并转交管理员。请稍后再试。` };
}

const keyOf = (msg: InboundMessage) => `${msg.channel}:${msg.messageId}`;
/** The error as the operator sees it: `[code] message` for an AppError, `Name: message` otherwise. */
function errorText(err: unknown): string {
  if (err instanceof AppError) return `[${err.code}] ${err.message}`;
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_MESSAGE_TIMEOUT_MS;
  const maxAttempts = deps.maxAttempts ?? 2;
  const deadline = deps.deadline ?? timerDeadline;
  const bySender = createKeyedQueue();
  /** Accepted (stamped) messages waiting for `process`. */
  const accepted = new Map<string, InboundMessage>();
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };
  const inOrder = <T>(msg: InboundMessage, task: () => Promise<T>) => bySender(`${msg.channel}:${msg.sender.userId}`, task);

  async function accept(msg: InboundMessage): Promise<boolean> {
    const now = deps.clock.now();
    const stamped: InboundMessage = { ...msg, receivedAt: msg.receivedAt ?? now };
    const fresh = await deps.store.claimMessage(msg.channel, msg.messageId, now, stamped);
    if (fresh) accepted.set(keyOf(msg), stamped);
    else deps.logger.info('duplicate delivery skipped', { channel: msg.channel, messageId: msg.messageId });
    return fresh;
  }

  async function withBudget<T>(work: Promise<T>): Promise<T> {
    const timer = deadline(timeoutMs);
    try {
      return await Promise.race([
        work,
        timer.promise.then(() => {
          throw new AppError('message.timeout', `handling took longer than ${timeoutMs} ms and was abandoned`, { timeoutMs });
        }),
      ]);
    } finally {
      timer.cancel();
    }
  }

  async function park(msg: InboundMessage, attempts: number, error: string): Promise<OutboundMessage[]> {
    deps.logger.error('message parked', { channel: msg.channel, messageId: msg.messageId, sender: msg.sender.userId, attempts, error });
    await deps.store.parkMessage(msg.channel, msg.messageId, error, deps.clock.now());
    return [parkedApology(msg)];
  }

  async function handle(msg: InboundMessage): Promise<OutboundMessage[]> {
    let lastError = 'failed or stopped the server in earlier attempts';
    for (;;) {
      const attempt = await deps.store.beginAttempt(msg.channel, msg.messageId);
      if (attempt > maxAttempts) return park(msg, attempt - 1, lastError);
      let replies: OutboundMessage[];
      try {
        replies = await withBudget(runBot(deps.handler, msg));
      } catch (err) {
        lastError = errorText(err);
        deps.logger.warn('message handling failed', { channel: msg.channel, messageId: msg.messageId, attempt, error: lastError });
        if (attempt === 0) return [{ kind: 'text', text: '系统繁忙，请稍后再试。' }]; // not in the inbox: nothing to park
        if (attempt >= maxAttempts) return park(msg, attempt, lastError);
        continue;
      }
      await deps.store.finishMessage(msg.channel, msg.messageId);
      return replies;
    }
  }

  function process(msg: InboundMessage): Promise<OutboundMessage[]> {
    const stamped = accepted.get(keyOf(msg)) ?? msg;
    accepted.delete(keyOf(msg));
    return track(inOrder(stamped, () => handle(stamped)));
  }

  return {
    accept,
    process,
    dispatch: (msg) =>
      track((async (): Promise<DispatchResult> => ((await accept(msg)) ? { kind: 'replies', replies: await process(msg) } : { kind: 'duplicate' }))()),
    async recover(send) {
      const pending = (await deps.store.inbox()).filter((e) => e.state === 'pending');
      if (pending.length > 0) deps.logger.warn('handling messages accepted before a restart', { count: pending.length });
      const runs = pending.map((entry) => {
        const msg: InboundMessage = { ...entry.message, receivedAt: entry.message.receivedAt ?? entry.receivedAt };
        deps.logger.info('handling a message accepted before a restart', { channel: msg.channel, messageId: msg.messageId, attempts: entry.attempts });
        return track(
          inOrder(msg, () => handle(msg))
            .then((replies) => send(msg, replies))
            .catch((err) => deps.logger.error('recovered message not handled', { channel: msg.channel, messageId: msg.messageId, error: errorText(err) })),
        );
      });
      await Promise.all(runs);
      return pending.length;
    },
    async retry(channel, messageId) {
      const entry = (await deps.store.inbox()).find((e) => e.state === 'parked' && e.message.channel === channel && e.message.messageId === messageId);
      if (!entry) return undefined;
      await deps.store.unparkMessage(channel, messageId);
      const msg: InboundMessage = { ...entry.message, receivedAt: entry.message.receivedAt ?? entry.receivedAt };
      deps.logger.info('retrying a parked message', { channel, messageId });
      return { message: msg, replies: await track(inOrder(msg, () => handle(msg))) };
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
