/** Small helpers of the directory commands (departments, people, sync-contacts). */
import type { ParsedArgs } from '../commands.js';

/** A switch (a flag without a value; args.ts never lets a switch take one). */
export function switchFlag(args: ParsedArgs, name: string): boolean {
  return args.flags[name] === true;
}

/** A wrong use of a command: the message is shown and the exit code is 2. */
export class UsageError extends Error {}

/** The line closing a change: saved, or only tried. */
export function outcomeLine(dryRun: boolean): string {
  return dryRun ? '试运行：未保存。' : '已保存。';
}
