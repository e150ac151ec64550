/**
 * The operator's view of the outbox (`npm run pufa -- outbox`): per job and day, how many people were
 * reached, which deliveries are still pending (attempts, next try, deadline, last error) and which were
 * given up (and to whom). Pure: records in, Chinese lines out.
 */
import type { OutboxRecord } from '../core/model.js';
import { countsText } from './format.js';
import { countStates, groupCounts, recipientStates } from './outbox-status.js';

export interface ListingOptions {
  readonly timeZone: string;
  /** Also list days where everything was delivered. */
  readonly all?: boolean;
  /** A name for a reason's job ('daily-push' → '每日答题推送'). */
  readonly label?: (job: string) => string | undefined;
  /** Recipients named per given-up day (default 20). */
  readonly maxNames?: number;
}

const recipients = (r: OutboxRecord) => (r.to?.kind === 'users' ? r.to.userIds.length - (r.moved?.length ?? 0) : 0);

/** 'daily-push:2026-11-24' → job and day; other reasons (e.g. 'topic:<id>') have no day. */
export function splitReason(reason: string): { job: string; day?: string } {
  const m = /^(.*):(\d{4}-\d{2}-\d{2})$/.exec(reason);
  return m ? { job: m[1]!, day: m[2] } : { job: reason.split(':')[0] ?? reason };
}

export function outboxListing(records: readonly OutboxRecord[], o: ListingOptions): string[] {
  const time = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: o.timeZone, hour12: false }) : '立即');
  const byReason = new Map<string, OutboxRecord[]>();
  for (const r of records) byReason.set(r.reason, [...(byReason.get(r.reason) ?? []), r]);
  const reasons = [...byReason.keys()].filter(Boolean).sort((a, b) => (splitReason(b).day ?? '').localeCompare(splitReason(a).day ?? '') || a.localeCompare(b));
  const lines: string[] = [];
  for (const reason of reasons) {
    const list = byReason.get(reason)!;
    const pending = list.filter((r) => r.state === 'pending');
    const failed = list.filter((r) => r.state === 'failed');
    if (!o.all && pending.length + failed.length === 0) continue;
    const { job, day } = splitReason(reason);
    const label = o.label?.(job);
    const counts = countStates(recipientStates(list).values());
    lines.push(`【${day ? `${job} ${day}` : reason}${label ? ` ${label}` : ''}】${countsText(counts, { all: true })}`);
    if (pending.length > 0) {
      const next = pending.map((r) => r.at ?? '').sort()[0];
      const last = [...pending].sort((a, b) => b.attempts - a.attempts)[0]!;
      lines.push(
        `  待重试：${pending.length} 条消息（${pending.reduce((n, r) => n + recipients(r), 0)} 人）` +
          `，已尝试 ${last.attempts} 次，下次重试 ${time(next || undefined)}，截止 ${time(last.deadline)}` +
          `${last.error ? `，最近错误：${last.error}` : ''}`,
      );
    }
    if (failed.length > 0) {
      const names = failed.flatMap((r) => (r.to?.kind === 'users' ? r.to.userIds : [])).sort();
      const shown = names.slice(0, o.maxNames ?? 20);
      lines.push(
        `  已放弃：${failed.length} 条消息（${failed.reduce((n, r) => n + recipients(r), 0)} 人），时间 ${time(failed[0]!.at)}` +
          `${failed[0]!.error ? `，原因：${failed[0]!.error}` : ''}`,
      );
      if (names.length > 0) lines.push(`  未送达：${shown.join('、')}${names.length > shown.length ? `…（共 ${names.length} 人）` : ''}`);
      lines.push('  再次运行该任务（npm run pufa -- run-job <任务> --date <日期>，或在聊天中发送“推送”/“提醒”）只补发未送达的部分。');
    }
    const g = groupCounts(list);
    if (g.pending + g.failed > 0) lines.push(`  群消息：已发出 ${g.posted} 条，待重试 ${g.pending} 条，已放弃 ${g.failed} 条`);
  }
  return lines;
}
