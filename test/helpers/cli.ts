/** Test helper: the command line in-process (src/cli/cli.ts) with collected stdout/stderr and a chosen environment. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/cli.js';
import { ROOT } from './test-deps.js';

export interface PufaRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface PufaOptions {
  /** Variables on top of a clean environment (DATA_DIR and the shipped bank and laws are set). */
  readonly env?: Record<string, string>;
  /** Where `.env` is read (default: an empty temporary folder, so the developer's own .env plays no part). */
  readonly projectDir?: string;
  /** The directory the command was typed in (INIT_CWD). */
  readonly invocationDir?: string;
  /** stderr is a terminal (progress bars). */
  readonly tty?: boolean;
}

/** A collector that looks like a stream. */
function sink(tty: boolean): {
  write(s: string): boolean;
  text: string;
  readonly isTTY: boolean;
  columns: number;
  cursorTo(): boolean;
  clearLine(): boolean;
  moveCursor(): boolean;
} {
  return {
    text: '',
    isTTY: tty,
    columns: 100,
    write(s: string) {
      this.text += s;
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  };
}

/** `npm run pufa -- …argv` in-process. */
export async function pufa(dataDir: string, argv: readonly string[], opts: PufaOptions = {}): Promise<PufaRun> {
  const stdout = sink(false);
  const stderr = sink(opts.tty ?? false);
  const code = await runCli(argv, {
    env: { DATA_DIR: dataDir, QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), LOG_LEVEL: 'error', ...opts.env },
    projectDir: opts.projectDir ?? mkdtempSync(join(tmpdir(), 'pufa-project-')),
    ...(opts.invocationDir ? { invocationDir: opts.invocationDir } : {}),
    stdout,
    stderr,
  });
  return { code, out: stdout.text, err: stderr.text };
}

/** English words of three letters or more, or a stack frame: what an operator must never be shown. */
export const ENGLISH_OR_STACK = /\n\s+at \S|\b(?:error|unknown|wrote|cannot|invalid|failed|must|expected|undefined)\b/i;
