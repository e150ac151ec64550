/**
 * `sync-contacts [--platform wecom|dingtalk|zhengding] [--dry-run] [--force]`: reads the platforms' 通讯录 now (the
 * nightly job does the same) and prints what changed. Exit code 1 when a platform could not be read in full.
 */
import type { ContactChannel } from '../../core/contacts.js';
import { formatSyncReport } from '../../directory/sync/sync-report.js';
import type { CommandSpec } from '../commands.js';
import { UsageError, switchFlag } from './shared.js';

const USAGE = 'sync-contacts [--platform wecom|dingtalk|zhengding] [--dry-run] [--force]';

export const syncContactsCommand: CommandSpec = {
  usage: USAGE,
  summary: '立即从企业微信/钉钉/浙政钉通讯录同步部门和人员（--force：停用人数超过 10% 时仍执行）',
  english: 'sync departments and people from WeCom/DingTalk/浙政钉 now',
  flags: {
    platform: { value: 'wecom|dingtalk|zhengding', help: '只同步一个平台' },
    'dry-run': { help: '只报告将做的修改，不保存' },
    force: { help: '停用人数超过 10% 时仍执行' },
  },
  maxArgs: 0,
  needsStore: true,
  async run(args, { deps, io }) {
    try {
      const dryRun = switchFlag(args, 'dry-run');
      const force = switchFlag(args, 'force');
      const platform = args.flags.platform;
      if (platform !== undefined && platform !== 'wecom' && platform !== 'dingtalk' && platform !== 'zhengding')
        throw new UsageError(`--platform 须为 wecom、dingtalk 或 zhengding（收到 ${String(platform)}）`);
      const channels = deps!.contacts.channels;
      if (channels.length === 0) {
        io.out('未配置企业微信、钉钉或浙政钉，无法同步通讯录（见 README“通讯录同步”）。');
        return 1;
      }
      if (platform && !channels.includes(platform)) {
        io.out(`未配置${platform === 'wecom' ? '企业微信' : platform === 'dingtalk' ? '钉钉' : '浙政钉'}。`);
        return 1;
      }
      const reports = await deps!.contacts.sync({
        channel: platform as ContactChannel | undefined,
        dryRun,
        force,
        ...(io.progress ? { progress: io.progress } : {}),
      });
      for (const r of reports) for (const line of formatSyncReport(r)) io.out(line);
      return reports.some((r) => r.failures.length > 0) ? 1 : 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      io.out(err.message);
      return 2;
    }
  },
};
