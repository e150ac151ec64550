/**
 * `npm run pufa -- outbox [--all]`: the pushes not yet through, per job and day — pending ones (retried by
 * the running server until the end of their study day) and given-up ones (sent again by re-running the job).
 */
import { outboxListing } from '../../delivery/listing.js';
import type { CommandSpec } from '../commands.js';

/** Chinese names of the jobs (and of topic pushes) for the listing. */
const LABELS: Readonly<Record<string, string>> = {
  'daily-push': '每日答题推送',
  remind: '未学提醒',
  leaderboard: '上周排行榜',
  'study-night': '周一夜学',
  'monthly-report': '月度报告',
  topic: '学习专题',
  'exam-remind': '考试提醒',
  'exam-timeout': '考试到时交卷通知',
};

export const outboxCommand: CommandSpec = {
  usage: 'outbox [--all]',
  summary: '按任务和日期列出待重试或已放弃的推送（--all：也列出已全部送达的）',
  english: 'pushes still pending or given up',
  flags: { all: { help: '也列出已全部送达的推送' } },
  maxArgs: 0,
  needsStore: true,
  async run(args, { deps, io }) {
    const records = await deps!.store.outboxRecords();
    const lines = outboxListing(records, { timeZone: deps!.config.timeZone, all: args.flags.all === true, label: (job) => LABELS[job] });
    if (lines.length === 0) {
      io.out(args.flags.all ? '近几天没有推送记录。' : '没有待重试或已放弃的推送：近几天的推送都已送达。');
      return 0;
    }
    for (const line of lines) io.out(line);
    return 0;
  },
};
