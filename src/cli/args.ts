/**
 * Command-line arguments against what a command declares: its flags (switches, or flags that take a value)
 * and how many words it takes. Unknown flags, a flag without its value and extra words are refused with a
 * Chinese reason (and the nearest flag when one is close); file arguments are made absolute against the
 * directory the command was run in. Pure.
 */
import { isAbsolute, resolve } from 'node:path';

export interface FlagSpec {
  /** The value's placeholder ('<文件>', 'wecom|dingtalk'); absent for a switch (`--dry-run`). */
  readonly value?: string;
  /** The value is a file path: resolved against the directory the command was run in. */
  readonly path?: boolean;
  /** What the flag does (Chinese), for `help <command>`. */
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
}

export interface ArgRules {
  readonly flags: FlagSpecs;
  /** Most words (positional arguments) the command takes. */
  readonly maxArgs: number;
  /** How many of the first words are file paths. */
  readonly pathArgs?: number;
  /** Which words are file paths, when that depends on the words (`exam create <file>`: the second). */
  readonly pathWords?: (positional: readonly string[]) => readonly number[];
}

export type ArgsResult = { readonly ok: true; readonly args: ParsedArgs } | { readonly ok: false; readonly problem: string };

/** The flag among `known` closest to `name` (one or two letters off, or a prefix), if any. */
function nearestFlag(name: string, known: readonly string[]): string | undefined {
  const close = (a: string, b: string) => {
    if (b.startsWith(a) || a.startsWith(b)) return true;
    if (Math.abs(a.length - b.length) > 2) return false;
    const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diag = prev[0]!;
      prev[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const up = prev[j]!;
        prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
        diag = up;
      }
    }
    return prev[b.length]! <= 2;
  };
  return known.find((k) => close(name, k));
}

const flagList = (flags: FlagSpecs) =>
  Object.keys(flags)
    .map((f) => `--${f}`)
    .join('、');

/** Parses `argv` (the words after the command's name) against the command's rules; `cwd` resolves paths. */
export function parseArgs(argv: readonly string[], rules: ArgRules, cwd: string): ArgsResult {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  const known = Object.keys(rules.flags);
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--') || word.length === 2) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const spec = rules.flags[name];
    if (!spec) {
      const near = nearestFlag(name, known);
      const options = known.length > 0 ? `这个命令可用的选项：${flagList(rules.flags)}。` : '这个命令没有选项。';
      return { ok: false, problem: `不认识的选项 --${name}。${near ? `您是不是想写 --${near}？` : ''}${options}` };
    }
    if (!spec.value) {
      if (eq >= 0) return { ok: false, problem: `--${name} 不带值，请去掉“=${word.slice(eq + 1)}”。` };
      flags[name] = true;
      continue;
    }
    let value = eq >= 0 ? word.slice(eq + 1) : argv[i + 1];
    if (eq < 0) i++;
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      return { ok: false, problem: `--${name} 后面需要写${spec.value}，例如 --${name} ${example(spec)}。` };
    }
    if (spec.path) value = absolute(value, cwd);
    flags[name] = value;
  }
  if (positional.length > rules.maxArgs) {
    const extra = positional.slice(rules.maxArgs);
    const spaces = (rules.pathArgs ?? 0) > 0 ? '文件名中有空格时，请用引号把整个文件名括起来。' : '';
    return { ok: false, problem: `多余的参数：${extra.map((x) => `“${x}”`).join(' ')}。${spaces}` };
  }
  const pathWords = new Set(rules.pathWords?.(positional) ?? []);
  const words = positional.map((w, k) => (k < (rules.pathArgs ?? 0) || pathWords.has(k) ? absolute(w, cwd) : w));
  return { ok: true, args: { positional: words, flags } };
}

function example(spec: FlagSpec): string {
  if (spec.path) return '报表.xlsx';
  const first = spec.value!.replace(/[<>]/g, '').split('|')[0]!;
  return first;
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
