/**
 * Dispatches argv to a command (shared by the CLI process and the control socket): `help`, `帮助`, `-h` or
 * nothing print the usage (exit 0); `help <命令>` a command's options; an unknown command, an unknown flag or
 * extra words are refused with the reason (exit 2) before anything runs.
 */
import type { Config } from '../config/load.js';
import type { Deps } from '../deps.js';
import { parseArgs } from './args.js';
import { COMMANDS, type CommandIO, type CommandSpec } from './commands.js';

/** Words that ask for the usage. */
const HELP_WORDS = new Set(['help', '帮助', '-h', '--help', '用法']);

/** The usage: every command with its Chinese summary and a few English words. */
export function usage(): string {
  return [
    '用法（usage）：npm run pufa -- <命令> [选项]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}\n      (${c.english})`),
    '',
    '查看某个命令的选项：npm run pufa -- help <命令>　　文件路径按运行命令时所在的目录计算。',
  ].join('\n');
}

/** One command's usage with its options. */
export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(spec.flags).map(([f, s]) => `  --${f}${s.value ? ` ${s.value}` : ''}`.padEnd(32) + s.help);
  return [`用法（usage）：npm run pufa -- ${spec.usage}`, `  ${spec.summary}（${spec.english}）`, ...(flags.length ? ['选项：', ...flags] : [])].join('\n');
}

export interface RunContext {
  readonly config: Config;
  readonly deps?: Deps;
  readonly io: CommandIO;
  /** The directory the command was run in: relative paths resolve from it (default: this process's). */
  readonly cwd?: string;
}

export async function runCommand(argv: readonly string[], ctx: RunContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_WORDS.has(name)) {
    const about = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    if (rest[0] !== undefined && !about) {
      ctx.io.out(`没有名为“${rest[0]}”的命令。\n\n${usage()}`);
      return 2;
    }
    ctx.io.out(about ? commandHelp(about) : usage());
    return 0;
  }
  const spec = COMMANDS[name];
  if (!spec) {
    ctx.io.out(`没有名为“${name}”的命令。\n\n${usage()}`);
    return 2;
  }
  if (rest.some((w) => w === '--help' || w === '-h')) {
    ctx.io.out(commandHelp(spec));
    return 0;
  }
  const parsed = parseArgs(rest, spec, ctx.cwd ?? process.cwd());
  if (!parsed.ok) {
    ctx.io.out(`${parsed.problem}\n用法：npm run pufa -- ${spec.usage}`);
    return 2;
  }
  return spec.run(parsed.args, ctx);
}
