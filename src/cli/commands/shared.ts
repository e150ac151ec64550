/** Small helpers of the directory commands (departments, people, sync-contacts). */
import type { ParsedArgs } from '../commands.js';

/** A flag without a value; a value means the flag swallowed the next word (options go last). */
export function switchFlag(args: ParsedArgs, name: string): boolean {
  const v = args.flags[name];
  if (typeof v === 'string') throw new UsageError(`--${name} 不带参数，请把它放在命令末尾`);
  return v === true;
}

/** A wrong use of a command: the message is shown and the exit code is 2. */
export class UsageError extends Error {}

/** The line closing a change: saved, or only tried. */
export function outcomeLine(dryRun: boolean): string {
  return dryRun ? '试运行：未保存。' : '已保存。';
}
