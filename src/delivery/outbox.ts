/**
 * The durable outbox: every push is written to the store before it is sent, then sent through the
 * channels' BulkSenders. What happened to each recipient is recorded there (delivered, rejected by the
 * platform, pending, given up), and every summary is read back from it.
 *
 * - A failed attempt leaves the item pending with a backoff (2 s, doubling, at most 10 min). A job run
 *   makes a bounded attempt (one round, or the retry budget of 5 rounds for the command line); the
 *   running server keeps retrying in the background (`startRetrying`) until the item's deadline, the end
 *   of its study day, and then gives it up (logged, listed by `npm run pufa -- outbox`).
 * - A restart resumes from the pending items; a re-run of the job sends the given-up items again.
 * - An item settled as delivered is never sent again. The only window for a double delivery is a crash
 *   between the platform accepting a call and the settle being written (one synchronous journal write
 *   later); WeCom's enable_duplicate_check covers it there.
 * - Attempts never overlap: a job's own attempt and the background retries take turns.
 * - Replies (`reply`): what a message's HTTP response could not carry (the next question's card after the
 *   passive text) is written here before the response goes out, then sent at once in the background through
 *   the channel's Sender, in order per destination and concurrently across people, outside the turns above
 *   (the background pass skips an item while it is being sent). A failed send stays pending and is retried
 *   like a push until its deadline. A delivered reply is not kept (delivery/replies.ts).
 */
import type { BulkSender, Sender } from '../core/ports/sender.js';
import type { Clock } from '../core/clock.js';
import { createKeyedQueue } from '../core/keyed-queue.js';
import type { Logger } from '../core/log.js';
import type { ChannelId, InboundMessage, OutboundMessage } from '../core/message.js';
import type { OutboxItem } from '../core/model.js';
import type { OutboxStore } from '../core/ports/outbox-store.js';
import { quizDayOf } from '../core/quiz-day.js';
import { endOfDay } from './day-end.js';
import { countStates, groupCounts, recipientStates } from './outbox-status.js';
import { createPlanner } from './plan.js';
import { REPLY_REASON_PREFIX, planReplies } from './replies.js';

export interface OutboxDeps {
  readonly store: OutboxStore;
  readonly senders: ReadonlyMap<ChannelId, BulkSender>;
  /** The channels' Senders, for replies (`reply`); a channel without one gets no reply items. */
  readonly replySenders?: ReadonlyMap<ChannelId, Sender>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The bot's time zone: a push is retried until the end of its study day there. */
  readonly timeZone: string;
  /** Waits between rounds and between background retries (tests advance a fake clock instead). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The retry budget: rounds of a bounded attempt (the command line's run-job); default 5. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 2 s). */
  readonly backoffMs?: number;
  /** Longest delay between two background retries (default 10 min). */
  readonly maxBackoffMs?: number;
  /** Told the platform's message ids of each send (the console keeps those of a 发布 for its recall). */
  readonly onSent?: (item: OutboxItem, handles: readonly string[]) => Promise<void>;
}

/** Background retries of pending pushes; stop() ends them (on shutdown). */
export interface RetryLoop {
  stop(): Promise<void>;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

export function createOutbox(deps: OutboxDeps) {
  const { store, logger } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const budget = deps.maxAttempts ?? 5;
  const backoffMs = deps.backoffMs ?? 2000;
  const maxBackoffMs = deps.maxBackoffMs ?? 10 * 60_000;
  const planner = createPlanner(deps);
  const now = () => deps.clock.now();
  const replySenders = deps.replySenders ?? new Map<ChannelId, Sender>();
  /** Whether the outbox can send this item now (its channel has the sender its kind needs). */
  const canSend = (item: OutboxItem) => (item.to.kind === 'reply' ? replySenders.has(item.channel) : deps.senders.has(item.channel));
  /** Reply items being sent by the reply lane: the background pass and job rounds leave them alone. */
  const inLane = new Set<string>();

  // Attempts take turns: a job's round, the background pass, the give-up sweep.
  let turn: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = turn.then(task, task);
    turn = run.catch(() => undefined);
    return run;
  }

  // Wakes the background loop when a job leaves pending items behind.
  let kicked = false;
  let waiter: (() => void) | undefined;
  const kick = () => {
    kicked = true;
    waiter?.();
  };

  /** When an item that failed `attempts` times is tried next. */
  const retryAt = (attempts: number) => new Date(now().getTime() + Math.min(backoffMs * 2 ** Math.max(0, attempts - 1), maxBackoffMs)).toISOString();

  /** One attempt: settles the item (true), or counts the failure and schedules the next try (false). */
  async function attempt(item: OutboxItem): Promise<boolean> {
    const sender = deps.senders.get(item.channel)!;
    const attempts = (item.attempts ?? 0) + 1;
    try {
      if (item.to.kind === 'reply') {
        const { expiresAt, ...to } = item.to.destination;
        await replySenders.get(item.channel)!.send({ ...to, ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}) }, item.message);
        await store.settleOutbox({ id: item.id, sentAt: now().toISOString() });
        return true;
      }
      if (item.to.kind === 'group') {
        await sender.sendToGroup(item.to.id, item.message);
        await store.settleOutbox({ id: item.id, sentAt: now().toISOString() });
        return true;
      }
      const report = await sender.sendToUsers(item.to.userIds, item.message, { key: item.id });
      if (report.delivered.length === 0 && report.invalid.length === 0 && report.failed.length > 0) {
        throw new Error(`the platform took none of the ${report.failed.length} recipients`);
      }
      await store.settleOutbox({
        id: item.id,
        sentAt: now().toISOString(),
        invalid: report.invalid,
        retry: report.failed.length > 0 ? report.failed : undefined,
        retryAt: report.failed.length > 0 ? retryAt(attempts) : undefined,
      });
      if (report.handles?.length && deps.onSent) {
        await deps.onSent(item, report.handles).catch((err) => logger.warn('could not keep the message ids of a send', { item: item.id, err }));
      }
      if (report.invalid.length > 0) logger.warn('platform rejected recipients', { item: item.id, invalid: report.invalid });
      if (report.failed.length > 0) logger.info('throttled recipients will be retried', { item: item.id, count: report.failed.length });
      return true;
    } catch (err) {
      const next = retryAt(attempts);
      await store.retryOutbox(item.id, { at: next, error: errorText(err) });
      logger.warn('push failed; will retry', { item: item.id, reason: item.reason, attempts, next, err });
      return false;
    }
  }

  /** Gives up an item whose study day is over; it stays listed and a re-run sends it again. */
  async function giveUp(item: OutboxItem): Promise<void> {
    const recipients = item.to.kind === 'users' ? item.to.userIds.length : 0;
    await store.settleOutbox({ id: item.id, sentAt: now().toISOString(), failed: item.lastError ?? 'not delivered by the end of its study day' });
    logger.error('push given up: not delivered by the end of its study day', {
      item: item.id,
      reason: item.reason,
      recipients,
      group: item.to.kind === 'group' ? item.to.id : undefined,
      attempts: item.attempts ?? 0,
      lastError: item.lastError,
    });
  }

  /** An item's deadline; items written before deadlines existed end with the day they were created. */
  const deadlineOf = (item: OutboxItem) => item.deadline ?? endOfDay(quizDayOf(new Date(item.createdAt), deps.timeZone), deps.timeZone).toISOString();
  const expired = (item: OutboxItem) => deadlineOf(item) <= now().toISOString();

  /** Logs the final counts of each reason whose last pending item was just settled. */
  async function logFinished(reasons: ReadonlySet<string>): Promise<void> {
    if (reasons.size === 0) return;
    const pending = new Set((await store.pendingOutbox()).map((i) => i.reason));
    for (const reason of reasons) {
      if (pending.has(reason) || reason.startsWith(REPLY_REASON_PREFIX)) continue;
      const records = await store.outboxRecords(reason);
      const counts = countStates(recipientStates(records).values());
      const groups = groupCounts(records);
      const fields = { reason, ...counts, groupsPosted: groups.posted, groupsFailed: groups.failed };
      if (counts.failed + groups.failed > 0) logger.error('push finished with deliveries given up', fields);
      else logger.info('push finished', fields);
    }
  }

  /**
   * A bounded attempt: sends every pending item (of `reason`, when given) now, in up to `rounds` rounds
   * (default: the retry budget) with a backoff between rounds; what is still undelivered stays pending for
   * the background retries, or is given up if its study day is over.
   */
  async function drain(opts: { reason?: string; rounds?: number } = {}): Promise<void> {
    const mine = (i: OutboxItem) => (opts.reason === undefined || i.reason === opts.reason) && canSend(i) && !inLane.has(i.id);
    const rounds = opts.rounds ?? budget;
    for (let round = 0; round < rounds; round++) {
      if (round > 0) await sleep(backoffMs * 2 ** (round - 1));
      const left = await exclusive(async () => {
        for (const item of (await store.pendingOutbox()).filter(mine)) await attempt(item);
        return (await store.pendingOutbox()).some(mine);
      });
      if (!left) break;
    }
    await exclusive(async () => {
      const reasons = new Set<string>();
      for (const item of await store.pendingOutbox()) {
        if ((opts.reason === undefined || item.reason === opts.reason) && expired(item) && !inLane.has(item.id)) {
          await giveUp(item);
          reasons.add(item.reason);
        }
      }
      await logFinished(reasons);
    });
    kick();
  }

  /** One background pass: gives up what is past its deadline, retries what is due. */
  async function pass(): Promise<void> {
    const touched = new Set<string>();
    for (const item of await store.pendingOutbox()) {
      if (inLane.has(item.id)) continue;
      if (expired(item)) await giveUp(item);
      else if (canSend(item) && (item.nextAt === undefined || item.nextAt <= now().toISOString())) await attempt(item);
      else continue;
      touched.add(item.reason);
    }
    await logFinished(touched);
  }

  /** Milliseconds until the next item is due or reaches its deadline; undefined when nothing is pending. */
  async function untilNext(): Promise<number | undefined> {
    let next = Number.POSITIVE_INFINITY;
    for (const item of await store.pendingOutbox()) {
      if (inLane.has(item.id)) continue;
      next = Math.min(next, Date.parse(deadlineOf(item)));
      if (canSend(item)) next = Math.min(next, item.nextAt ? Date.parse(item.nextAt) : 0);
    }
    return Number.isFinite(next) ? Math.max(1000, next - now().getTime()) : undefined;
  }

  /**
   * Starts the background retries (the running server): resumes what a previous process left, then retries
   * each pending item when its backoff is over, until its deadline. Needs a `sleep` that really waits (or,
   * in tests, advances the clock).
   */
  function startRetrying(): RetryLoop {
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        kicked = false;
        try {
          await exclusive(pass);
        } catch (err) {
          logger.error('retrying pending pushes failed', { err });
        }
        if (stopped) break;
        const wait = await untilNext();
        if (kicked) continue;
        const woken = new Promise<void>((r) => {
          waiter = r;
        });
        await (wait === undefined ? woken : Promise.race([sleep(wait), woken]));
        waiter = undefined;
      }
    })();
    return {
      async stop() {
        stopped = true;
        waiter?.();
        await loop;
      },
    };
  }

  const lane = createKeyedQueue();
  const laneRuns = new Set<Promise<void>>();
  let replySeq = 0;
  /** Waits for the check phase of the event loop: the HTTP response written just before goes out first. */
  const afterResponse = () => new Promise<void>((r) => setImmediate(r));

  /**
   * Writes `replies` to `msg` durably (resolved: they survive a crash or a failed send) and sends them in the
   * background, in order per destination. A failed send is retried by the background pass (woken for it).
   */
  async function reply(msg: InboundMessage, replies: readonly OutboundMessage[]): Promise<void> {
    if (replies.length === 0) return;
    if (!replySenders.has(msg.channel)) throw new Error(`no sender for replies on ${msg.channel}`);
    const at = now();
    const items = planReplies(msg, replies, at, deps.timeZone, `${at.getTime().toString(36)}${(replySeq++).toString(36)}`);
    await store.enqueue(items);
    for (const item of items) inLane.add(item.id);
    const key = `${msg.channel}:${msg.replyTo.kind}:${msg.replyTo.id}`;
    for (const item of items) {
      const sending = lane(key, async () => {
        await afterResponse();
        return attempt(item);
      })
        .then(
          (sent) => sent,
          (err) => {
            logger.error('reply not sent', { item: item.id, err });
            return false;
          },
        )
        .then((sent) => {
          inLane.delete(item.id);
          laneRuns.delete(sending);
          if (!sent) kick(); // pending again: the background pass schedules its retry
        });
      laneRuns.add(sending);
    }
  }

  /** Resolves when the replies being sent now are done (shutdown, tests). */
  async function repliesSent(): Promise<void> {
    while (laneRuns.size > 0) await Promise.all([...laneRuns]);
  }

  return { ...planner, drain, startRetrying, reply, repliesSent };
}

export type Outbox = ReturnType<typeof createOutbox>;
