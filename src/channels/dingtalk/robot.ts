/**
 * The custom group robot (自定义机器人, dingtalk.md §4): send-only, into one group, for leaderboards.
 * With 加签, every request gets a fresh timestamp and sign (a timestamp computed once fails after 1 h,
 * 3P labulakalia/crocodile#37), built on a fresh URL (appending to a kept URL grows it, 3P DingtalkChatbot#29).
 * At most 20 messages a minute (beyond that DingTalk throttles the robot for 10 minutes): sends are queued.
 */
import type { Clock } from '../../core/clock.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { OutboundMessage } from '../../core/message.js';
import type { CustomRobotConfig } from './config.js';
import { type FetchFn, requestJson } from './http.js';
import { toDingContent, webhookBody } from './render.js';
import { customRobotSignParams } from './sign.js';

/** errcode for "send too fast, exceed 20 times per minute" (3P ccfos/nightingale#369). */
const TOO_FAST = 130101;
const WINDOW_MS = 60_000;

export interface CustomRobot {
  /** Queues a message to the robot's group; resolves when it was sent. */
  send(message: OutboundMessage): Promise<void>;
}

export interface CustomRobotOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchFn;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Messages per minute; default 20 (DingTalk's limit). */
  readonly perMinute?: number;
}

export function createCustomRobot(config: CustomRobotConfig, opts: CustomRobotOptions): CustomRobot {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const perMinute = opts.perMinute ?? 20;
  const sentAt: number[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  function url(): string {
    const base = `${config.oapiBase}/robot/send?access_token=${encodeURIComponent(config.token)}`;
    if (!config.secret) return base;
    const { timestamp, sign } = customRobotSignParams(config.secret, opts.clock.now());
    return `${base}&timestamp=${timestamp}&sign=${sign}`;
  }

  /** Waits until one more message fits in the last minute. */
  async function slot(): Promise<void> {
    const now = opts.clock.now().getTime();
    while (sentAt.length > 0 && now - sentAt[0]! >= WINDOW_MS) sentAt.shift();
    if (sentAt.length >= perMinute) {
      await sleep(sentAt[0]! + WINDOW_MS - now);
      return slot();
    }
  }

  async function post(message: OutboundMessage, retried = false): Promise<void> {
    await slot();
    sentAt.push(opts.clock.now().getTime());
    try {
      await requestJson(fetchFn, { method: 'POST', url: url(), body: webhookBody(toDingContent(message, { group: true })), what: 'robot/send' });
    } catch (err) {
      if (!retried && isAppError(err) && err.details.errcode === TOO_FAST) {
        opts.logger.warn('custom robot throttled; retrying in a minute', { channel: 'dingtalk' });
        await sleep(WINDOW_MS);
        return post(message, true);
      }
      if (isAppError(err) && err.details.errcode === 310000) {
        opts.logger.error('custom robot refused the message', {
          channel: 'dingtalk',
          err,
          check: 'DINGTALK_WEBHOOK_SECRET (加签) and the server clock, or the robot keyword / IP settings',
        });
      }
      throw err;
    }
  }

  return {
    send(message) {
      const run = queue.then(() => post(message));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
