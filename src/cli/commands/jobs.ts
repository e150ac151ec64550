/**
 * `run-job <任务> [--date 日期]` (one job now, sending only to people not yet reached that day) and `jobs`
 * (the scheduled jobs with their next run times).
 */
import { DATE_RULES_TEXT, checkDay } from '../../core/date-rules.js';
import { countsText, groupsText, skippedParts } from '../../delivery/format.js';
import { allReached } from '../../delivery/outbox-status.js';
import { JOB_NAMES, type JobName } from '../../schedule/jobs.js';
import type { CommandSpec } from '../commands.js';

/** Chinese names of the jobs, for the usage and the listing. */
export const JOB_LABELS: Readonly<Record<string, string>> = {
  'daily-push': '每日答题推送',
  remind: '未学提醒',
  leaderboard: '排行榜',
  'study-night': '周一夜学',
  'monthly-report': '月度报告',
  'sync-contacts': '通讯录同步',
};

const jobList = () => JOB_NAMES.map((j) => `${j}（${JOB_LABELS[j] ?? j}）`).join('、');

export const runJobCommand: CommandSpec = {
  usage: 'run-job <任务> [--date YYYY-MM-DD]',
  summary: '立即执行一个定时任务（只发给当天还没收到的人；有人没收到时退出码为 1）',
  english: 'run one scheduled job now',
  flags: { date: { value: '<YYYY-MM-DD>', help: '按哪一天执行（默认今天）' } },
  maxArgs: 1,
  needsStore: true,
  async run(args, { deps, io }) {
    const name = args.positional[0] as JobName | undefined;
    if (!name || !JOB_NAMES.includes(name)) {
      io.out(`${name ? `没有名为“${name}”的任务。` : '请写出任务名称。'}可用的任务：${jobList()}`);
      return 2;
    }
    const checked = checkDay(typeof args.flags.date === 'string' ? args.flags.date : deps!.study.today());
    if (!checked.ok) {
      io.out(`--date 无法使用：${checked.problem.message}`);
      io.out(DATE_RULES_TEXT);
      return 2;
    }
    const date = checked.value;
    // A bounded attempt (the retry budget); what is still undelivered stays pending for the server.
    const outcome = await deps!.runner.run(name, date, { wait: true });
    if (outcome.status !== 'ran') {
      io.out(`${name} ${date}：${outcome.status === 'not-a-study-day' ? '不是学习日，未执行' : '不是该任务的执行日，未执行'}`);
      return 0;
    }
    await deps!.audit.record({ kind: 'cli' }, 'cli', `job.run.${name}`, `运行任务 ${name}（${date}）：${outcome.sent} 人`, {
      job: name,
      date,
      sent: outcome.sent,
    });
    const skipped = skippedParts(name, outcome.skipped);
    io.out(`${name} ${date}：本次发送 ${outcome.sent} 人${skipped.length ? `；跳过 ${skipped.join('，')}` : ''}`);
    const groups = groupsText(outcome.groups);
    io.out(`当天合计（以推送记录为准）：共 ${outcome.day.people} 人，${countsText(outcome.day, { all: true })}${groups ? `；${groups}` : ''}`);
    if (allReached(outcome.day, outcome.groups)) return 0;
    if (outcome.day.pending + outcome.groups.pending > 0) {
      io.out('待重试的部分由运行中的服务在当天结束前按退避自动重试；也可稍后再次运行本命令补发（已送达的不会重复发送）。');
    }
    if (outcome.day.failed + outcome.groups.failed > 0) io.out('已放弃的部分：再次运行本命令即可补发。明细：npm run pufa -- outbox');
    if (outcome.day.invalid > 0) io.out('账号无效的人员被平台拒收（不在企业或应用可见范围外），请核对通讯录。');
    return 1;
  },
};

export const jobsCommand: CommandSpec = {
  usage: 'jobs',
  summary: '列出定时任务和下次执行时间（只在学习日执行）',
  english: 'list the scheduled jobs and their next runs',
  flags: {},
  maxArgs: 0,
  needsStore: true,
  async run(_args, { deps, io }) {
    const next = deps!.scheduler.nextRuns();
    const crons: Record<string, string | undefined> = { ...deps!.config.jobs.crons };
    if (deps!.contacts.channels.length > 0) crons['sync-contacts'] = deps!.config.contacts.syncCron;
    for (const [name, cron] of Object.entries(crons)) {
      const at = next[name];
      const when = at ? new Date(at).toLocaleString('zh-CN', { timeZone: deps!.config.timeZone, hour12: false }) : '—';
      io.out(`${name.padEnd(16)} ${(JOB_LABELS[name] ?? '').padEnd(8, '　')} ${(cron ?? '关闭').padEnd(14)} 下次：${when}`);
    }
    io.out(`错过的推送在 ${deps!.config.jobs.catchUpMinutes} 分钟内补发；时区 ${deps!.config.timeZone}`);
    return 0;
  },
};
