/**
 * The jobs and the outbox in the console. Jobs: each scheduled job's time (cron), whether it is on (switched
 * off in the console, persisted in the admin store; the scheduler reads it at each firing), and its next runs
 * from the scheduler with the injected clock and the holiday calendar. Outbox: the same records as
 * `npm run pufa -- outbox` (pending and given-up deliveries), and a retry of one item now.
 */
import type { AdminStore } from '../../core/admin-store.js';
import type { Outbox } from '../../delivery/outbox.js';
import { splitReason } from '../../delivery/listing.js';
import { JOB_NAMES, type JobName } from '../../schedule/jobs.js';
import type { Scheduler } from '../../schedule/scheduler.js';
import type { OutboxRecord } from '../../core/model.js';
import type { Store } from '../../core/ports/store.js';

/** Chinese names of the jobs (as the command line's outbox listing names them). */
export const JOB_LABELS: Readonly<Record<string, string>> = {
  'daily-push': '每日答题推送',
  remind: '未学提醒',
  leaderboard: '上周排行榜',
  'study-night': '周一夜学',
  'monthly-report': '月度报告',
  topic: '学习专题',
};

export function createOpsConsole(deps: {
  admin: AdminStore;
  scheduler: Scheduler;
  crons: Readonly<Partial<Record<JobName, string>>>;
  store: Pick<Store, 'outboxRecords' | 'reviveOutbox' | 'pendingOutbox'>;
  outbox: Pick<Outbox, 'drain'>;
}) {
  async function jobs() {
    const off = new Set(await deps.admin.disabledJobs());
    return JOB_NAMES.map((name) => ({
      name,
      label: JOB_LABELS[name] ?? name,
      cron: deps.crons[name] ?? null,
      configured: deps.crons[name] !== undefined,
      enabled: deps.crons[name] !== undefined && !off.has(name),
      nextRuns: deps.crons[name] !== undefined && !off.has(name) ? deps.scheduler.upcoming(name, 3) : [],
    }));
  }

  const isJob = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name);

  async function outbox(all: boolean) {
    const records = await deps.store.outboxRecords();
    const shown = records.filter((r) => all || r.state !== 'delivered');
    return shown.map((r: OutboxRecord) => {
      const { job, day } = splitReason(r.reason);
      return {
        id: r.id,
        reason: r.reason,
        label: JOB_LABELS[job] ?? job,
        day: day ?? null,
        channel: r.channel ?? null,
        state: r.state,
        recipients: r.to?.kind === 'users' ? r.to.userIds.length : 0,
        group: r.to?.kind === 'group' ? r.to.id : null,
        attempts: r.attempts,
        at: r.at ?? null,
        deadline: r.deadline ?? null,
        error: r.error ?? null,
        recalled: r.error === '已撤回',
      };
    });
  }

  /** Retries one item now: a pending one gets an attempt, a given-up one is revived first. Recalled ones never. */
  async function retry(id: string): Promise<{ ok: true; state: string } | { ok: false; status: number; code: string; message: string }> {
    const r = (await deps.store.outboxRecords()).find((x) => x.id === id);
    if (!r) return { ok: false, status: 404, code: 'input.invalid', message: '没有这条推送记录' };
    if (r.state === 'delivered') return { ok: false, status: 409, code: 'outbox.delivered', message: '已送达，无需重试' };
    if (r.error === '已撤回') return { ok: false, status: 409, code: 'outbox.recalled', message: '已撤回的推送不再发送' };
    if (r.state === 'failed') await deps.store.reviveOutbox([id]);
    await deps.outbox.drain({ reason: r.reason, rounds: 1 });
    const after = (await deps.store.outboxRecords()).find((x) => x.id === id);
    return { ok: true, state: after?.state ?? 'delivered' };
  }

  return { jobs, isJob, outbox, retry, setJob: (name: JobName, on: boolean) => deps.admin.setJobEnabled(name, on) };
}

export type OpsConsole = ReturnType<typeof createOpsConsole>;
