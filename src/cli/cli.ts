/**
 * The command line as a function: `runCli(argv, env)` does what `npm run pufa -- …` does — reads the
 * configuration (`.env` in the project folder, with warnings about unknown variables), sends commands that
 * touch the store to a running server over its control socket or else opens the store itself, shows
 * progress on stderr (a bar on a terminal, plain lines otherwise) and turns every failure into one Chinese
 * line with its code (an internal error's stack goes to a log file, named on screen). Everything it touches
 * is injected, so tests run it in-process; src/cli/main.ts passes the real process.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatformChannels } from '../channels/platforms.js';
import { type Config, loadConfig, readEnvironment } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger } from '../core/log.js';
import type { Progress } from '../core/progress.js';
import { createDeps } from '../deps.js';
import { LowdbStore } from '../store/lowdb-store.js';
import { COMMANDS, type CommandIO } from './commands.js';
import { askServer } from './control.js';
import { describeError, errorLine } from './error-text.js';
import { lineProgress, terminalProgress } from './progress.js';
import { runCommand } from './run-command.js';

/** A stream the command line writes to: process.stdout / process.stderr, or a test's collector. */
export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliEnv {
  /** The environment (process.env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project folder, where `.env` is read (process.cwd(): npm runs scripts there). */
  readonly projectDir: string;
  /**
   * The directory the command was typed in, for relative paths. `npm run` changes to the project folder and
   * passes the original directory as INIT_CWD; without it, `projectDir`.
   */
  readonly invocationDir?: string;
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly clock?: Clock;
}

/** Where progress is shown: a bar when stderr is a terminal, plain lines otherwise. */
function progressOn(stderr: CliStream): Progress {
  if (stderr.isTTY) return terminalProgress(stderr as NodeJS.WriteStream);
  return lineProgress((line) => stderr.write(`${line}\n`));
}

/** Runs one command line; resolves to the exit code (0 done, 1 failed, 2 wrong use). Never rejects. */
export async function runCli(argv: readonly string[], cli: CliEnv): Promise<number> {
  const clock = cli.clock ?? systemClock;
  const err = (line: string) => cli.stderr.write(`${line}\n`);
  const cwd = cli.invocationDir ?? cli.env.INIT_CWD ?? cli.projectDir;
  const logLines: string[] = [];
  let config: Config | undefined;
  try {
    const environment = readEnvironment({ ...cli.env }, cli.projectDir);
    for (const w of environment.warnings) err(`提示：${w}`);
    config = loadConfig(environment.env);
    const progress = progressOn(cli.stderr);
    const io: CommandIO = { out: (line) => cli.stdout.write(`${line}\n`), progress };
    const spec = argv[0] ? COMMANDS[argv[0]] : undefined;
    try {
      if (!spec?.needsStore || argv.slice(1).some((w) => w === '--help' || w === '-h')) return await runCommand(argv, { config, io, cwd });
      const remote = await askServer(config.dataDir, argv, { cwd, progress });
      if (remote) {
        for (const line of remote.output) io.out(line);
        return remote.code;
      }
      // The store's own warnings (damaged files set aside, recovery) are kept for the log, not shown raw.
      const logger = createLogger({ level: 'warn', write: (line) => logLines.push(line) });
      const store = await LowdbStore.open({ dataDir: config.dataDir, logger, clock });
      try {
        // Pushes made by this process (run-job) go out through the configured platforms, as from the server.
        const channels = createPlatformChannels(config, {
          clock,
          logger,
          publicUrl: config.web.publicUrl,
          leaderTitles: new RegExp(config.contacts.leaderTitles),
        });
        const deps = await createDeps({
          config,
          clock,
          logger,
          store,
          senders: channels.senders,
          bulkSenders: channels.bulkSenders,
          contacts: channels.contacts,
        });
        return await runCommand(argv, { config, deps, io, cwd });
      } finally {
        await store.close();
      }
    } finally {
      progress.end();
    }
  } catch (error) {
    const described = describeError(error);
    err(errorLine(described));
    if (described.internal) {
      const file = writeLog(config?.dataDir, clock, [...logLines, `${(error as Error)?.stack ?? String(error)}`]);
      err(file ? `详细信息已写入 ${file}` : '详细信息无法写入日志文件。');
    }
    return 1;
  } finally {
    if (logLines.length > 0 && config) {
      const file = writeLog(config.dataDir, clock, logLines);
      if (file) err(`运行中有 ${logLines.length} 条警告，详见 ${file}`);
    }
  }
}

/** Appends lines to `<DATA_DIR>/logs/cli.log` (or the system's temporary folder); the file, or undefined. */
function writeLog(dataDir: string | undefined, clock: Clock, lines: readonly string[]): string | undefined {
  for (const dir of [dataDir ? join(dataDir, 'logs') : undefined, tmpdir()]) {
    if (!dir) continue;
    try {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'cli.log');
      appendFileSync(file, `${clock.now().toISOString()}\n${lines.join('\n')}\n`);
      return file;
    } catch {
      // try the next place
    }
  }
  return undefined;
}
