/**
 * 工作通知 (zhengding.md §5) as the platform's BulkSender and Sender: `POST /message/workNotification`
 * {tenantId, receiverIds (accountIds, comma-separated), bizMsgId, msg}, at most 1,000 recipients a call,
 * at least 10 minutes between sends and never two at once (the platform's rules, quoted from docKey=2674860).
 * `bizMsgId` is deduplicated by the platform ("同样的ID调用多次会提示“重复”错误"): it is derived from the outbox
 * item (job, day and the batch of people), so a resumed push sends the same id again and nobody gets it twice;
 * the "重复" answer then means the first call went through and is taken as delivered.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Destination, OutboundMessage } from '../../core/message.js';
import { type Sleep, createPacer } from '../../core/pace.js';
import type { BulkReport, SendContext } from '../../core/ports/sender.js';
import type { ZzdCall } from './client.js';
import { workNoticeMsg } from './render.js';

/** Recipients a call (receiverIds + organizationCodes ≤ 1000). */
export const ZZD_MAX_RECIPIENTS = 1000;
/** Spacing between two sends (≥ 10 min). */
export const ZZD_SEND_SPACING_MS = 10 * 60_000;

export interface WorkNoticeOptions {
  readonly call: ZzdCall;
  readonly tenantId: string;
  readonly publicUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: Sleep;
  /** Default 10 minutes (only benchmarks against a fake change it). */
  readonly spacingMs?: number;
}

export interface WorkNotices {
  sendToUsers(accountIds: readonly string[], message: OutboundMessage, context?: SendContext): Promise<BulkReport>;
  send(to: Destination, message: OutboundMessage): Promise<void>;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The bizMsgId of a send: readable (`pufa-<job>-<day>-…`) and unique per outbox item, i.e. per job, day and
 * batch of people; without an item, per message, recipients and day.
 */
export function bizMsgIdOf(accountIds: readonly string[], message: OutboundMessage, day: string, context?: SendContext): string {
  if (context?.key) {
    const readable = context.key
      .split(':')
      .slice(0, 2)
      .join('-')
      .replace(/[^A-Za-z0-9-]/g, '');
    return `pufa-${readable}-${hash(context.key).slice(0, 24)}`;
  }
  return `pufa-${day}-${hash(`${[...accountIds].sort().join(',')}|${JSON.stringify(message)}`).slice(0, 24)}`;
}

/** The platform's answer to a bizMsgId it has seen ("重复"). */
const isDuplicate = (err: unknown) => isAppError(err, 'platform.api_error') && /重复/.test(String(err.details.responseMessage ?? ''));

export function createWorkNotices(o: WorkNoticeOptions): WorkNotices {
  const pacer = createPacer(1000 / (o.spacingMs ?? ZZD_SEND_SPACING_MS), o.clock, o.sleep);
  const log = o.logger.child({ channel: 'zhengding', part: 'work-notice' });
  // One send at a time ("禁止使用多线程方式调用").
  let queue: Promise<unknown> = Promise.resolve();

  function post(accountIds: readonly string[], message: OutboundMessage, context?: SendContext): Promise<BulkReport> {
    const run = queue.then(async (): Promise<BulkReport> => {
      await pacer.wait('workNotification');
      const now = o.clock.now();
      const msg = workNoticeMsg({ message, publicUrl: o.publicUrl, now });
      const bizMsgId = bizMsgIdOf(accountIds, message, new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10), context);
      try {
        const content = await o.call('POST', '/message/workNotification', [
          ['tenantId', o.tenantId],
          ['receiverIds', accountIds.join(',')],
          ['bizMsgId', bizMsgId],
          ['msg', msg],
        ]);
        const msgId = typeof content.msgId === 'string' ? content.msgId : undefined;
        return { delivered: [...accountIds], invalid: [], failed: [], handles: msgId ? [msgId] : [] };
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        log.info('work notice already sent under this bizMsgId; counted as delivered', { bizMsgId, recipients: accountIds.length });
        return { delivered: [...accountIds], invalid: [], failed: [] };
      }
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    async sendToUsers(accountIds, message, context) {
      if (accountIds.length === 0) return { delivered: [], invalid: [], failed: [] };
      if (accountIds.length > ZZD_MAX_RECIPIENTS) {
        throw new AppError('platform.api_error', `workNotification takes at most ${ZZD_MAX_RECIPIENTS} recipients a call`, { what: 'workNotification' });
      }
      const bad = accountIds.filter((id) => !/^\d+$/.test(id));
      const good = accountIds.filter((id) => /^\d+$/.test(id));
      if (good.length === 0) return { delivered: [], invalid: bad, failed: [] };
      const report = await post(good, message, context);
      return { ...report, invalid: [...report.invalid, ...bad] };
    },
    async send(to, message) {
      if (to.kind !== 'user') {
        throw new AppError('platform.api_error', `浙政钉 cannot reply to a ${to.kind} (no inbound chat)`, { what: 'workNotification', kind: to.kind });
      }
      await post([to.id], message, { key: `reply:${o.clock.now().toISOString()}:${to.id}:${hash(JSON.stringify(message)).slice(0, 12)}` });
    },
  };
}
