/**
 * The group robot (群机器人 / 消息推送, wecom.md §4): `POST /cgi-bin/webhook/send?key=KEY` with text or
 * markdown, for leaderboards posted into an internal group. WeCom allows 20 messages a minute per robot,
 * counting failed sends, so sends are queued and paced (injectable clock and sleep). Outbound only.
 * The key is the credential: it is never logged.
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type OutboundMessage, plainText } from '../../core/message.js';
import { type FetchLike, type Sleep, realSleep, requestJson, transportFor, withRetries } from './http.js';
import { cutBytes } from './limits.js';
import { createRateWindow } from './rate-window.js';

/** Where the robot posts, its key, and injectable I/O. */
export interface WecomRobotOptions {
  readonly apiBase: string;
  readonly key: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchLike;
  readonly sleep?: Sleep;
  /** Default 20 (WeCom's limit per robot per minute). */
  readonly perMinute?: number;
  readonly timeoutMs?: number;
}

/** A queued, paced group robot. */
export interface WecomRobot {
  /** Queues one message; resolves when WeCom accepted it (rejects with platform.* otherwise). */
  send(message: OutboundMessage): Promise<void>;
  /** Messages waiting in the queue. */
  pending(): number;
}

/** The robot's JSON body for a message (pure). */
export function robotBody(m: OutboundMessage): Record<string, unknown> {
  if (m.kind === 'markdown') {
    const mentions = (m.mentionUserIds ?? []).map((u) => `<@${u}>`).join(' ');
    return { msgtype: 'markdown', markdown: { content: cutBytes(mentions ? `${m.markdown}\n${mentions}` : m.markdown, 4096) } };
  }
  const mentioned = m.kind === 'text' ? m.mentionUserIds : undefined;
  return { msgtype: 'text', text: { content: cutBytes(plainText(m), 2048), ...(mentioned?.length ? { mentioned_list: mentioned } : {}) } };
}

/** Creates the robot with its send queue. */
export function createWecomRobot(o: WecomRobotOptions): WecomRobot {
  const sleep = o.sleep ?? realSleep;
  const transport = transportFor(o.fetch);
  const windowMs = 60_000;
  const pace = createRateWindow({ limit: o.perMinute ?? 20, windowMs, clock: o.clock, sleep });
  const url = `${o.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(o.key)}`;
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;

  async function post(body: Record<string, unknown>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const json = await withRetries(
        'webhook/send',
        async () => {
          await pace.take('robot'); // failed sends count too
          return requestJson(transport, url, { method: 'POST', body }, o.timeoutMs ?? 10_000, 'webhook/send');
        },
        { retries: 2, backoffMs: 1000, sleep, logger: o.logger },
      );
      const errcode = Number(json.errcode ?? 0);
      if (errcode === 0) return;
      if (errcode === 45009 && attempt === 0) {
        o.logger.warn('WeCom group robot rate limit hit; waiting a minute', { errcode });
        await sleep(windowMs);
        continue;
      }
      const hint = errcode === 93000 ? 'the webhook key is invalid: check WECOM_WEBHOOK_KEY' : undefined;
      throw new AppError('platform.api_error', `webhook/send: errcode ${errcode} ${String(json.errmsg ?? '')}${hint ? ` — ${hint}` : ''}`, {
        errcode,
        what: 'webhook/send',
      });
    }
  }

  return {
    send(message) {
      waiting++;
      const job = tail
        .then(() => post(robotBody(message)))
        .finally(() => {
          waiting--;
        });
      tail = job.catch(() => undefined);
      return job;
    },
    pending: () => waiting,
  };
}
