/** Delivery counts in Chinese, for chat replies and the command line. Pure. */
import type { DeliveryCounts, GroupCounts } from './outbox-status.js';

/**
 * '送达 298 人，失败 1 人，待重试 1 人（今天内自动重试）'. Zero counts other than 送达 are left out unless
 * `all` (the command line prints every count).
 */
export function countsText(c: DeliveryCounts, opts: { all?: boolean } = {}): string {
  const parts = [`送达 ${c.delivered} 人`];
  if (opts.all || c.failed) parts.push(`失败 ${c.failed} 人${c.failed && !opts.all ? '（已放弃，可再次发起补发）' : ''}`);
  if (opts.all || c.pending) parts.push(`待重试 ${c.pending} 人${c.pending && !opts.all ? '（今天内自动重试）' : ''}`);
  if (opts.all || c.invalid) parts.push(`账号无效 ${c.invalid} 人${c.invalid && !opts.all ? '（平台拒收，请核对通讯录）' : ''}`);
  return parts.join('，');
}

/** '群消息 1 条已发出，1 条待重试', or '' when there are no group posts. */
export function groupsText(g: GroupCounts): string {
  if (g.posted + g.pending + g.failed === 0) return '';
  const parts = [`群消息 ${g.posted} 条已发出`];
  if (g.pending) parts.push(`${g.pending} 条待重试`);
  if (g.failed) parts.push(`${g.failed} 条失败`);
  return parts.join('，');
}

/** Who a run left out, and why ('3 人今天已收到（不再重复发送）', …); empty parts are left out. */
export function skippedParts(
  job: string,
  s: { readonly alreadySent: number; readonly finished: number; readonly invalid: number; readonly noAddress: number },
): string[] {
  const got = job === 'remind' ? '今天已提醒过' : '今天已收到';
  return [
    s.alreadySent ? `${s.alreadySent} 人${got}（不再重复发送）` : '',
    s.finished ? `${s.finished} 人${job === 'exam-remind' ? '已参加考试' : '今天已完成答题'}` : '',
    s.invalid ? `${s.invalid} 人账号无效（平台拒收，请核对通讯录）` : '',
    s.noAddress ? `${s.noAddress} 人没有可用的平台账号` : '',
  ].filter(Boolean);
}
