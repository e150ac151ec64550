/**
 * The command-line commands. Each runs against Deps, so the same code runs in the CLI process (when no
 * server owns the data directory) or inside the running server (asked over the control socket).
 */
import { basename } from 'node:path';
import { LOCK_FILE, formatIssue, loadBank, writeCitationLock } from '../bank/load-bank.js';
import type { Deps } from '../deps.js';
import { loadStatuteLibrary } from '../statutes/statute-library.js';
import type { Config } from '../config/load.js';
import { seedHistory } from '../directory/seed-history.js';
import { DATE_RULES_TEXT, MAX_RANGE_DAYS, checkDay } from '../core/date-rules.js';
import { importBank, listBanks, loadAllBanks, setBankEnabled } from '../bank/bank-registry.js';
import { exportBankXlsx } from '../bank/export-xlsx.js';
import { BUILTIN_BANK } from '../bank/question-schema.js';
import { balanceFindings, bankBalance, formatBalance, questionRuleFindings } from '../bank/bank-rules.js';
import { formatRosterReport, importRoster } from '../directory/roster/index.js';
import { parsePeriod } from '../stats/period.js';
import { collectReportInput, writeReport } from '../stats/report-xlsx.js';
import { JOB_NAMES, type JobName } from '../schedule/jobs.js';
import { countsText, groupsText, skippedParts } from '../delivery/format.js';
import { allReached } from '../delivery/outbox-status.js';
import { outboxCommand } from './commands/outbox.js';
import { departmentsCommand } from './commands/departments.js';
import { peopleCommand } from './commands/people.js';
import { syncContactsCommand } from './commands/sync-contacts.js';
import { demoCommand } from './commands/demo.js';
import { inboxCommand } from './commands/inbox.js';
import { loginLinkCommand } from './commands/login-link.js';

export interface CommandIO {
  out(line: string): void;
}

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  /** Commands that only read files run without opening the store. */
  readonly needsStore: boolean;
  /** File arguments, made absolute before a command is sent to a running server (it has its own cwd). */
  readonly paths?: (args: ParsedArgs) => string[];
  run(args: ParsedArgs, ctx: { config: Config; deps?: Deps; io: CommandIO }): Promise<number>;
}

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) flags[k!] = v;
      else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) flags[k!] = argv[++i]!;
      else flags[k!] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

/** A whole-number flag within min..max (loops over people and days stay bounded); the Chinese reason when not. */
function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number | string {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) return `--${name} 须为 ${min} 到 ${max} 之间的整数（收到 ${String(v).slice(0, 20)}）`;
  return n;
}

/** Most synthetic people `seed-demo` creates (a large bureau several times over). */
const SEED_MAX_USERS = 100_000;

/** `--period` names on the command line → the chat's period words. */
const PERIODS: Readonly<Record<string, string>> = {
  today: '今日',
  week: '本周',
  'last-week': '上周',
  month: '本月',
  'last-month': '上月',
  quarter: '本季度',
  year: '本年',
};

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'import-bank': {
    usage: 'import-bank <file.xlsx|.csv|.json|.txt> [--bank name] [--skip-invalid]',
    summary: "import a bureau's question bank (all-or-nothing unless --skip-invalid; re-importing updates by id)",
    needsStore: true,
    paths: (args) => args.positional.slice(0, 1),
    async run(args, { config, deps, io }) {
      const file = args.positional[0];
      if (!file) {
        io.out('usage: import-bank <file.xlsx|.csv|.json|.txt> [--bank name] [--skip-invalid]');
        return 2;
      }
      const skipInvalid = !!args.flags['skip-invalid'];
      const r = await importBank(file, {
        dataDir: config.dataDir,
        laws: deps!.laws,
        questionsDir: config.questionsDir,
        skipInvalid,
        bankName: typeof args.flags.bank === 'string' ? args.flags.bank : undefined,
      });
      for (const e of r.errors) io.out(`错误 ${e.message}`);
      for (const w of r.warnings) io.out(`提示 ${w.message}`);
      io.out(
        r.written
          ? `题库“${r.bank}”：新增 ${r.imported} 题，更新 ${r.updated} 题，未变 ${r.unchanged} 题，跳过 ${r.skipped} 行（共 ${r.rows} 行）`
          : `未导入：${r.errors.length} 处错误，请按行号修改后重新导入${skipInvalid ? '' : '（或加 --skip-invalid 只导入正确的行）'}`,
      );
      if (r.written) {
        const loaded = await deps!.reloadBank();
        io.out(`题库已生效：当前可出题 ${loaded.questions} 道`);
      }
      return !r.written || (r.errors.length > 0 && !skipInvalid) ? 1 : 0;
    },
  },
  'export-bank': {
    usage: 'export-bank --format xlsx --out <file> [--bank name]',
    summary: 'write a bank in the import template (edit it in Excel and import it again)',
    needsStore: false,
    async run(args, { config, io }) {
      if ((args.flags.format ?? 'xlsx') !== 'xlsx' || typeof args.flags.out !== 'string') {
        io.out('usage: export-bank --format xlsx --out <file.xlsx> [--bank name]');
        return 2;
      }
      const name = typeof args.flags.bank === 'string' ? args.flags.bank : BUILTIN_BANK;
      const { report } = await loadAllBanks({ questionsDir: config.questionsDir, dataDir: config.dataDir, laws: await loadStatuteLibrary(config.lawsDir) });
      const questions = report.questions.filter((q) => q.bank === name);
      if (questions.length === 0) {
        io.out(`no questions in bank ${name}`);
        return 1;
      }
      const { rows } = await exportBankXlsx(questions, args.flags.out);
      io.out(`wrote ${args.flags.out}: ${rows} questions of bank ${name}`);
      return 0;
    },
  },
  banks: {
    usage: 'banks [enable|disable <name>]',
    summary: 'list the question banks (shipped and imported), or switch one on or off',
    needsStore: true,
    async run(args, { config, deps, io }) {
      const [verb, name] = args.positional;
      if (verb === 'enable' || verb === 'disable') {
        if (!name) {
          io.out('usage: banks enable|disable <name>');
          return 2;
        }
        await setBankEnabled(config.dataDir, name, verb === 'enable');
        const loaded = await deps!.reloadBank();
        io.out(`${name}: ${verb === 'enable' ? '已启用' : '已停用'}；当前可出题 ${loaded.questions} 道`);
        return 0;
      }
      for (const b of await listBanks(config.dataDir)) {
        io.out(
          `${b.name.padEnd(20)} ${b.builtin ? '内置' : '导入'}  ${b.enabled ? '启用' : '停用'}  ${b.questions ?? ''}${b.source ? `  来源 ${b.source}` : ''}`,
        );
      }
      return 0;
    },
  },
  'import-roster': {
    usage: 'import-roster <file.xlsx|file.csv> [--skip-invalid] [--deactivate-missing] [--dry-run]',
    summary: 'create/update departments and people from a roster sheet (all-or-nothing unless --skip-invalid)',
    needsStore: true,
    paths: (args) => args.positional.slice(0, 1),
    async run(args, { deps, io }) {
      const file = args.positional[0];
      if (!file) {
        io.out('usage: import-roster <file.xlsx|file.csv> [--skip-invalid] [--deactivate-missing] [--dry-run]');
        return 2;
      }
      const r = await deps!.contacts.exclusive(() =>
        importRoster(deps!.store, file, {
          today: deps!.stats.today(),
          skipInvalid: !!args.flags['skip-invalid'],
          deactivateMissing: !!args.flags['deactivate-missing'],
          dryRun: !!args.flags['dry-run'],
          leaderTitles: new RegExp(deps!.config.contacts.leaderTitles),
        }),
      );
      for (const line of formatRosterReport(r)) io.out(line);
      if (r.applied) {
        await deps!.audit.record(
          { kind: 'cli' },
          'cli',
          'roster.apply',
          `导入花名册 ${basename(file)}：新增 ${r.peopleCreated} 人，更新 ${r.peopleUpdated} 人，停用 ${r.deactivated} 人`,
          {
            file: basename(file),
            peopleCreated: r.peopleCreated,
            peopleUpdated: r.peopleUpdated,
            deactivated: r.deactivated,
          },
        );
      }
      return r.fatal || (r.errors.length > 0 && !r.applied) ? 1 : 0;
    },
  },
  report: {
    usage: 'report [--period month] --format xlsx --out <file>',
    summary: `write the participation report (汇总 + 明细 sheets); periods: ${Object.keys(PERIODS).join(', ')} or YYYY-MM-DD~YYYY-MM-DD`,
    needsStore: true,
    paths: (args) => (typeof args.flags.out === 'string' ? [args.flags.out] : []),
    async run(args, { deps, io }) {
      const raw = typeof args.flags.period === 'string' ? args.flags.period : 'month';
      const parsed = parsePeriod(PERIODS[raw] ?? raw, deps!.stats.today());
      if (!parsed.ok) {
        io.out(`--period ${raw} 无法使用：${parsed.problem?.message ?? `可用 ${Object.keys(PERIODS).join(', ')} 或 YYYY-MM-DD~YYYY-MM-DD`}`);
        io.out(DATE_RULES_TEXT);
        return 2;
      }
      const period = parsed.period;
      if ((args.flags.format ?? 'xlsx') !== 'xlsx' || typeof args.flags.out !== 'string') {
        io.out('usage: report [--period month] --format xlsx --out <file.xlsx>');
        return 2;
      }
      await writeReport(args.flags.out, await collectReportInput(deps!, period));
      io.out(`wrote ${args.flags.out}: ${period.from} to ${period.to}`);
      return 0;
    },
  },
  'run-job': {
    usage: 'run-job <name> [--date YYYY-MM-DD]',
    summary: `run one job now for that date, sending only to people not yet reached that day (exit 1 if anyone is not reached): ${JOB_NAMES.join(', ')}`,
    needsStore: true,
    async run(args, { deps, io }) {
      const name = args.positional[0] as JobName | undefined;
      if (!name || !JOB_NAMES.includes(name)) {
        io.out(`unknown job ${name ?? ''}; jobs: ${JOB_NAMES.join(', ')}`);
        return 2;
      }
      if (args.flags.date === true) {
        io.out('--date 后面需要一个日期，例如 --date 2026-11-24');
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
  },
  outbox: outboxCommand,
  'login-link': loginLinkCommand,
  jobs: {
    usage: 'jobs',
    summary: 'list the scheduled jobs with their next run times (study days only)',
    needsStore: true,
    async run(_args, { deps, io }) {
      const next = deps!.scheduler.nextRuns();
      const crons: Record<string, string | undefined> = { ...deps!.config.jobs.crons };
      if (deps!.contacts.channels.length > 0) crons['sync-contacts'] = deps!.config.contacts.syncCron;
      for (const [name, cron] of Object.entries(crons)) {
        const at = next[name];
        io.out(
          `${name.padEnd(16)} ${(cron ?? 'off').padEnd(14)} next: ${at ? new Date(at).toLocaleString('zh-CN', { timeZone: deps!.config.timeZone, hour12: false }) : '—'}`,
        );
      }
      io.out(`catch-up window: ${deps!.config.jobs.catchUpMinutes} minutes; time zone ${deps!.config.timeZone}`);
      return 0;
    },
  },
  'check-bank': {
    usage: 'check-bank [--warnings] [--write-lock]',
    summary: 'validate the question bank against its schema and the statute texts; print a summary',
    needsStore: false,
    async run(args, { config, io }) {
      const laws = await loadStatuteLibrary(config.lawsDir);
      const report = await loadBank(config.questionsDir, laws);
      if (args.flags['write-lock'] && report.errors.length === 0) {
        const lock = await writeCitationLock(config.questionsDir, report.questions, laws);
        io.out(`wrote ${LOCK_FILE}: ${Object.keys(lock).length} cited articles`);
      }
      for (const e of report.errors) io.out(`ERROR   ${formatIssue(e)}`);
      if (args.flags.warnings) for (const w of report.warnings) io.out(`warning ${formatIssue(w)}`);
      const byLaw = new Map<string, number>();
      const byType = new Map<string, number>();
      for (const q of report.questions) {
        byLaw.set(q.basis.law, (byLaw.get(q.basis.law) ?? 0) + 1);
        byType.set(q.type, (byType.get(q.type) ?? 0) + 1);
      }
      io.out(
        `${report.questions.length} questions over ${byLaw.size} laws; ${report.errors.length} errors, ${report.warnings.length} warnings${args.flags.warnings ? '' : ' (--warnings to list)'}, ${report.needsReview.length} held for review`,
      );
      io.out(`by type: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`);
      for (const [law, n] of [...byLaw].sort((a, b) => b[1] - a[1])) io.out(`  ${law}: ${n}`);
      const shipped = report.questions.filter((q) => q.bank === BUILTIN_BANK);
      const balance = bankBalance(shipped);
      for (const line of formatBalance(balance)) io.out(line);
      const ruleFindings = shipped.flatMap((q) => questionRuleFindings(q).map((f) => ({ file: q.file, id: q.id, ...f })));
      const balanceIssues = balanceFindings(
        balance,
        laws.statutes.map((s) => s.shortTitle),
      );
      if (args.flags.warnings) for (const f of ruleFindings) io.out(`rule    ${formatIssue(f)}`);
      for (const b of balanceIssues) io.out(`RULE    ${b}`);
      io.out(
        `structural rules (questions/README.md): ${ruleFindings.length} question findings${args.flags.warnings ? '' : ' (--warnings to list)'}, ${balanceIssues.length} bank-wide`,
      );
      return report.errors.length > 0 || ruleFindings.length > 0 || balanceIssues.length > 0 ? 1 : 0;
    },
  },
  'sync-contacts': syncContactsCommand,
  departments: departmentsCommand,
  people: peopleCommand,
  demo: demoCommand,
  inbox: inboxCommand,
  'seed-demo': {
    usage: 'seed-demo [--users N] [--days D] [--departments K]',
    summary: 'create synthetic departments and users with D days of quiz history (demos and benchmarks)',
    needsStore: true,
    async run(args, { deps, io }) {
      const users = intFlag(args, 'users', 100, 1, SEED_MAX_USERS);
      const days = intFlag(args, 'days', 30, 0, MAX_RANGE_DAYS);
      const departments = intFlag(args, 'departments', Math.max(1, Math.ceil((typeof users === 'number' ? users : 1) / 100)), 1, SEED_MAX_USERS);
      if (typeof users === 'string' || typeof days === 'string' || typeof departments === 'string') {
        io.out([users, days, departments].filter((x) => typeof x === 'string').join('\n'));
        return 2;
      }
      const result = await seedHistory(deps!, { users, days, departments });
      io.out(`seeded ${result.people} people in ${result.departments} departments, ${result.quizDays} completed quiz days over ${result.studyDays} study days`);
      return 0;
    },
  },
};
