/**
 * The command-line commands. Each runs against Deps, so the same code runs in the CLI process (when no
 * server owns the data directory) or inside the running server (asked over the control socket). Each
 * declares its flags and how many words it takes; run-command.ts refuses anything else before it runs.
 */
import type { Config } from '../config/load.js';
import type { Progress } from '../core/progress.js';
import type { Deps } from '../deps.js';
import type { FlagSpecs, ParsedArgs } from './args.js';
import { bankCommands } from './commands/bank.js';
import { examCommand } from './commands/exam.js';
import { demoCommand } from './commands/demo.js';
import { departmentsCommand } from './commands/departments.js';
import { inboxCommand } from './commands/inbox.js';
import { jobsCommand, runJobCommand } from './commands/jobs.js';
import { loginLinkCommand } from './commands/login-link.js';
import { outboxCommand } from './commands/outbox.js';
import { peopleCommand } from './commands/people.js';
import { reportCommand } from './commands/report.js';
import { importRosterCommand } from './commands/roster.js';
import { seedDemoCommand } from './commands/seed-demo.js';
import { syncContactsCommand } from './commands/sync-contacts.js';

export type { ParsedArgs } from './args.js';

export interface CommandIO {
  out(line: string): void;
  /** Where long work shows its progress (absent: nowhere). */
  readonly progress?: Progress;
}

export interface CommandContext {
  readonly config: Config;
  /** Present for commands that need the store. */
  readonly deps?: Deps;
  readonly io: CommandIO;
}

export interface CommandSpec {
  /** The command with its words and options, as typed: `import-roster <名单文件> [--dry-run]`. */
  readonly usage: string;
  /** What it does, in Chinese. */
  readonly summary: string;
  /** The same in a few English words (the usage is read by IT staff of every background). */
  readonly english: string;
  readonly flags: FlagSpecs;
  /** Most words after the command's name. */
  readonly maxArgs: number;
  /** How many of the first words are file paths (made absolute against the directory the command was run in). */
  readonly pathArgs?: number;
  /** Which words are file paths, when that depends on the words (`exam create <file>`: the second). */
  readonly pathWords?: (positional: readonly string[]) => readonly number[];
  /** Commands that only read files run without opening the store. */
  readonly needsStore: boolean;
  run(args: ParsedArgs, ctx: CommandContext): Promise<number>;
}

/** Every command, in the order the usage lists them (first what a new bureau does first). */
export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  'import-roster': importRosterCommand,
  'import-bank': bankCommands['import-bank'],
  banks: bankCommands.banks,
  'check-bank': bankCommands['check-bank'],
  'export-bank': bankCommands['export-bank'],
  report: reportCommand,
  departments: departmentsCommand,
  people: peopleCommand,
  'sync-contacts': syncContactsCommand,
  'run-job': runJobCommand,
  jobs: jobsCommand,
  outbox: outboxCommand,
  exam: examCommand,
  inbox: inboxCommand,
  'login-link': loginLinkCommand,
  demo: demoCommand,
  'seed-demo': seedDemoCommand,
};
