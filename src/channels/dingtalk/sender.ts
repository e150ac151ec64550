/**
 * The DingTalk Sender (dingtalk.md §1.3, §3, §9.1). Replies go through the message's sessionWebhook while it
 * is valid (expiresAt minus a margin); after that, and for every scheduled push, through the OpenAPI:
 * oToMessages/batchSend for people (≤ 20 a call, throttled users retried later) and groupMessages/send for groups.
 */
import type { Clock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Destination, OutboundMessage } from '../../core/message.js';
import type { BulkReport, RecallReport, Sender } from '../../core/ports/sender.js';
import { BATCH_SEND_MAX, type DingtalkApi, type OpenApiMessage } from './api.js';
import { type DingContent, openApiMessage, toDingContent, webhookBody } from './render.js';
import { parseSessionRoute } from './session-route.js';

export interface DingtalkSenderOptions {
  readonly api: Pick<DingtalkApi, 'batchSend' | 'batchRecall' | 'groupSend' | 'postSessionWebhook'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Origins a sessionWebhook may point at (the callback body is not MAC'd, so never POST elsewhere). */
  readonly webhookOrigins: readonly string[];
  /** Waits between retries of throttled users (tests pass a recording fake). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stop using a sessionWebhook this long before it expires. Default 60 s. */
  readonly sessionMarginMs?: number;
  /** Waits before each retry round of flow-controlled users. Default 2 s, 10 s, 60 s. */
  readonly throttleRetryDelaysMs?: readonly number[];
}

/** A Sender plus the bulk 1:1 push used by scheduled jobs. */
export interface DingtalkSender extends Sender {
  /** Sends one message to many people through batchSend; reports who got it, who is invalid, who failed. */
  sendToUsers(userIds: readonly string[], message: OutboundMessage): Promise<BulkReport>;
  /** Takes back 1:1 robot messages (robot/otoMessages/batchRecall). */
  recall(handles: readonly string[]): Promise<RecallReport>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createDingtalkSender(opts: DingtalkSenderOptions): DingtalkSender {
  const { api, clock } = opts;
  const log = opts.logger.child({ channel: 'dingtalk' });
  const sleep = opts.sleep ?? realSleep;
  const margin = opts.sessionMarginMs ?? 60_000;
  const delays = opts.throttleRetryDelaysMs ?? [2_000, 10_000, 60_000];
  const origins = new Set(opts.webhookOrigins.map((o) => new URL(o).origin));

  function webhookAllowed(url: string): boolean {
    try {
      return origins.has(new URL(url).origin);
    } catch {
      return false;
    }
  }

  async function bulk(userIds: readonly string[], msg: OpenApiMessage): Promise<BulkReport> {
    const delivered: string[] = [];
    const invalid: string[] = [];
    const failed: string[] = [];
    const handles: string[] = [];
    let pending = [...new Set(userIds)];
    for (let round = 0; pending.length > 0 && round <= delays.length; round++) {
      if (round > 0) {
        log.info('retrying flow-controlled users', { count: pending.length, round });
        await sleep(delays[round - 1]!);
      }
      const again: string[] = [];
      for (let i = 0; i < pending.length; i += BATCH_SEND_MAX) {
        const chunk = pending.slice(i, i + BATCH_SEND_MAX);
        try {
          const r = await api.batchSend(chunk, msg);
          if (r.processQueryKey) handles.push(r.processQueryKey);
          const bad = new Set(r.invalid);
          const slow = new Set(r.flowControlled);
          for (const id of chunk) (bad.has(id) ? invalid : slow.has(id) ? again : delivered).push(id);
        } catch (err) {
          // Transport failures (5xx, network) are retried with the throttled; API refusals are final.
          if (isAppError(err, 'platform.http_error')) again.push(...chunk);
          else failed.push(...chunk);
          log.warn('batchSend failed', { count: chunk.length, err, details: isAppError(err) ? err.details : undefined });
        }
      }
      pending = again;
    }
    failed.push(...pending);
    if (invalid.length)
      log.warn('batchSend rejected users', { invalid, check: 'are these userids in the org, and is the app visible to them (应用可见范围)?' });
    return { delivered, invalid, failed, handles };
  }

  /** Recalls 1:1 robot messages by processQueryKey, 20 a call; a refused call marks its keys failed. */
  async function recall(keys: readonly string[]): Promise<RecallReport> {
    const recalled: string[] = [];
    const failedKeys: Array<{ handle: string; reason: string }> = [];
    for (let i = 0; i < keys.length; i += BATCH_SEND_MAX) {
      const chunk = keys.slice(i, i + BATCH_SEND_MAX);
      try {
        const r = await api.batchRecall(chunk);
        recalled.push(...r.recalled);
        for (const [handle, reason] of Object.entries(r.failed)) failedKeys.push({ handle, reason });
      } catch (err) {
        for (const handle of chunk) failedKeys.push({ handle, reason: (err instanceof Error ? err.message : String(err)).slice(0, 200) });
      }
    }
    return { recalled, failed: failedKeys };
  }

  async function direct(to: { kind: 'user' | 'group'; id: string }, content: DingContent): Promise<void> {
    const msg = openApiMessage(content);
    if (to.kind === 'group') return api.groupSend(to.id, msg);
    const r = await bulk([to.id], msg);
    if (r.invalid.length) throw new AppError('platform.api_error', 'batchSend: user is invalid for this robot', { userId: to.id, invalid: true });
    if (r.failed.length) throw new AppError('platform.api_error', 'batchSend: message not delivered', { userId: to.id });
  }

  async function send(to: Destination, message: OutboundMessage): Promise<void> {
    if (to.channel !== 'dingtalk') throw new AppError('input.invalid', `not a DingTalk destination: ${to.channel}`);
    if (to.kind === 'user') return direct({ kind: 'user', id: to.id }, toDingContent(message, { group: false }));
    if (to.kind === 'group') return direct({ kind: 'group', id: to.id }, toDingContent(message, { group: true }));
    const route = parseSessionRoute(to.id);
    if (!route) throw new AppError('input.invalid', 'session destination was not issued by the DingTalk channel');
    const content = toDingContent(message, { group: route.fallback.kind === 'group' });
    const live = to.expiresAt !== undefined && to.expiresAt.getTime() - margin > clock.now().getTime();
    if (live && webhookAllowed(route.webhook)) {
      try {
        await api.postSessionWebhook(route.webhook, webhookBody(content));
        return;
      } catch (err) {
        if (!isAppError(err, 'platform.api_error') && !isAppError(err, 'platform.http_error')) throw err;
        // 300001 "session 不存在": the webhook expired early (3P agentscope-ai/QwenPaw#2221).
        log.warn('sessionWebhook failed; sending through the OpenAPI', { err, errcode: err.details.errcode });
      }
    } else if (live) {
      log.warn('sessionWebhook host not allowed; sending through the OpenAPI', { host: URL.canParse(route.webhook) ? new URL(route.webhook).host : 'invalid' });
    }
    return direct(route.fallback, content);
  }

  return {
    channel: 'dingtalk',
    send,
    recall,
    sendToUsers: (userIds, message) => bulk(userIds, openApiMessage(toDingContent(message, { group: false }))),
  };
}
