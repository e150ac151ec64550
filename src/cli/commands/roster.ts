/** `import-roster <名单文件>`: departments and people from a roster sheet (directory/roster). */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { NO_PROGRESS } from '../../core/progress.js';
import { formatRosterReport, importRoster } from '../../directory/roster/index.js';
import type { CommandSpec } from '../commands.js';

export const importRosterCommand: CommandSpec = {
  usage: 'import-roster <名单文件> [--skip-invalid] [--deactivate-missing] [--dry-run]',
  summary: '导入人员名单（.xlsx/.csv）：建立部门树，新增和更新人员；有错误的行逐行报告，默认一行有错就整个文件不导入',
  english: 'create or update departments and people from a roster sheet',
  flags: {
    'skip-invalid': { help: '有错误的行跳过，只导入正确的行' },
    'deactivate-missing': { help: '名单中没有的在职人员设为离职' },
    'dry-run': { help: '只检查、报告将做的修改，不保存' },
  },
  maxArgs: 1,
  pathArgs: 1,
  needsStore: true,
  async run(args, { deps, io }) {
    const file = args.positional[0];
    if (!file) {
      io.out('请写出要导入的名单文件，例如：import-roster 人员名单.xlsx');
      return 2;
    }
    if (!existsSync(file)) {
      io.out(`找不到文件：${file}`);
      return 1;
    }
    const r = await deps!.contacts.exclusive(() =>
      importRoster(deps!.store, file, {
        today: deps!.stats.today(),
        skipInvalid: !!args.flags['skip-invalid'],
        deactivateMissing: !!args.flags['deactivate-missing'],
        dryRun: !!args.flags['dry-run'],
        leaderTitles: new RegExp(deps!.config.contacts.leaderTitles),
        progress: io.progress ?? NO_PROGRESS,
      }),
    );
    for (const line of formatRosterReport(r)) io.out(line);
    if (r.applied) {
      await deps!.audit.record(
        { kind: 'cli' },
        'cli',
        'roster.apply',
        `导入花名册 ${basename(file)}：新增 ${r.peopleCreated} 人，更新 ${r.peopleUpdated} 人，停用 ${r.deactivated} 人`,
        { file: basename(file), peopleCreated: r.peopleCreated, peopleUpdated: r.peopleUpdated, deactivated: r.deactivated },
      );
    }
    return r.fatal || (r.errors.length > 0 && !r.applied) ? 1 : 0;
  },
};
