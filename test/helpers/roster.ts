/** Test helper: the roster of the issue-20 scenario (a 3-level tree, an admin 乙, 甲 在职 or 离职) and importing it through the CLI command in-process. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import type { Deps } from '../../src/deps.js';

const HEADER = '姓名,部门,userid,角色,状态';
const ROWS = [
  '乙,执法局/办公室,yi,管理员,在职',
  '戊,执法局/执法大队,wu,部门领导,在职',
  '丙,执法局/执法大队/一队,bing,成员,在职',
  '丁,执法局/执法大队/二队,ding,成员,在职',
];

/** A roster CSV file: 乙 (admin, 办公室), 戊 (leader, 执法大队), 丙 and 甲 (一队), 丁 (二队). */
export function rosterFile(jiaStatus: '在职' | '离职'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pufa-roster-')), 'roster.csv');
  writeFileSync(file, [HEADER, ...ROWS, `甲,执法局/执法大队/一队,jia,成员,${jiaStatus}`].join('\n'));
  return file;
}

/** `npm run pufa -- import-roster <file>` in-process; returns what it printed. */
export async function importRosterCommand(deps: Deps, file: string): Promise<string> {
  const lines: string[] = [];
  expect(await runCommand(['import-roster', file], { config: deps.config, deps, io: { out: (l) => lines.push(l) } })).toBe(0);
  return lines.join('\n');
}
