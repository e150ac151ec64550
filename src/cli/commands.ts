/**
 * The command-line commands. Each runs against Deps, so the same code runs in the CLI process (when no
 * server owns the data directory) or inside the running server (asked over the control socket).
 */
import { LOCK_FILE, formatIssue, loadBank, writeCitationLock } from '../bank/load-bank.js';
import type { Deps } from '../deps.js';
import { loadStatuteLibrary } from '../statutes/statute-library.js';
import type { Config } from '../config/load.js';
import { seedHistory } from '../directory/seed-history.js';
import { isQuizDay } from '../core/quiz-day.js';
import { JOB_NAMES, type JobName } from '../schedule/jobs.js';

export interface CommandIO {
  out(line: string): void;
}

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  /** Commands that only read files run without opening the store. */
  readonly needsStore: boolean;
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

function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const v = args.flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'run-job': {
    usage: 'run-job <name> [--date YYYY-MM-DD]',
    summary: `run one job now as if on that date (once per job and day): ${JOB_NAMES.join(', ')}`,
    needsStore: true,
    async run(args, { deps, io }) {
      const name = args.positional[0] as JobName | undefined;
      if (!name || !JOB_NAMES.includes(name)) {
        io.out(`unknown job ${name ?? ''}; jobs: ${JOB_NAMES.join(', ')}`);
        return 2;
      }
      const date = typeof args.flags.date === 'string' ? args.flags.date : deps!.study.today();
      if (!isQuizDay(date)) {
        io.out('--date must be YYYY-MM-DD');
        return 2;
      }
      const outcome = await deps!.runner.run(name, date);
      io.out(outcome.status === 'ran' ? `${name} ${date}: reached ${outcome.recipients} people in ${outcome.deliveries} deliveries` : `${name} ${date}: ${outcome.status}`);
      return 0;
    },
  },
  jobs: {
    usage: 'jobs',
    summary: 'list the scheduled jobs with their next run times (study days only)',
    needsStore: true,
    async run(_args, { deps, io }) {
      const next = deps!.scheduler.nextRuns();
      for (const [name, cron] of Object.entries(deps!.config.jobs.crons)) {
        const at = next[name];
        io.out(`${name.padEnd(16)} ${(cron ?? 'off').padEnd(14)} next: ${at ? new Date(at).toLocaleString('zh-CN', { timeZone: deps!.config.timeZone, hour12: false }) : '—'}`);
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
      io.out(`${report.questions.length} questions over ${byLaw.size} laws; ${report.errors.length} errors, ${report.warnings.length} warnings${args.flags.warnings ? '' : ' (--warnings to list)'}, ${report.needsReview.length} held for review`);
      io.out(`by type: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}`);
      for (const [law, n] of [...byLaw].sort((a, b) => b[1] - a[1])) io.out(`  ${law}: ${n}`);
      return report.errors.length > 0 ? 1 : 0;
    },
  },
  'seed-demo': {
    usage: 'seed-demo [--users N] [--days D] [--departments K]',
    summary: 'create synthetic departments and users with D days of quiz history (demos and benchmarks)',
    needsStore: true,
    async run(args, { deps, io }) {
      const users = intFlag(args, 'users', 100);
      const days = intFlag(args, 'days', 30);
      const departments = intFlag(args, 'departments', Math.max(1, Math.ceil(users / 100)));
      const result = await seedHistory(deps!, { users, days, departments });
      io.out(`seeded ${result.people} people in ${result.departments} departments, ${result.quizDays} completed quiz days over ${result.studyDays} study days`);
      return 0;
    },
  },
};
