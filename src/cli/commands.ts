/**
 * The command-line commands. Each runs against Deps, so the same code runs in the CLI process (when no
 * server owns the data directory) or inside the running server (asked over the control socket).
 */
import { LOCK_FILE, formatIssue, loadBank, writeCitationLock } from '../bank/load-bank.js';
import type { Deps } from '../deps.js';
import { loadStatuteLibrary } from '../statutes/statute-library.js';
import type { Config } from '../config/load.js';
import { seedHistory } from '../directory/seed-history.js';

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
