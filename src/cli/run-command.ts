/** Dispatches argv to a command (shared by the CLI process and the control socket). */
import type { Config } from '../config/load.js';
import type { Deps } from '../deps.js';
import { COMMANDS, type CommandIO, parseArgs } from './commands.js';

export function usage(): string {
  return ['usage: npm run pufa -- <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(52)} ${c.summary}`)].join('\n');
}

export async function runCommand(argv: readonly string[], ctx: { config: Config; deps?: Deps; io: CommandIO }): Promise<number> {
  const [name, ...rest] = argv;
  const spec = name ? COMMANDS[name] : undefined;
  if (!spec) {
    ctx.io.out(name ? `unknown command: ${name}\n\n${usage()}` : usage());
    return 2;
  }
  return spec.run(parseArgs(rest), ctx);
}
