/** The first-hour script's check: English error text and stack traces are caught; operator Chinese passes. */
import { describe, expect, test } from 'vitest';
import { problemsIn } from '../../../scripts/first-hour/check-output.js';

describe('first-hour output check', () => {
  test('English errors and stack traces are caught', () => {
    expect(problemsIn('unknown command: frobnicate')).toHaveLength(1);
    expect(problemsIn('error: ENOENT: no such file or directory')).toHaveLength(1);
    expect(problemsIn('wrote report.xlsx: 2026-11-01 to 2026-11-30')).toHaveLength(1);
    expect(problemsIn('Error: boom\n    at main (/app/src/cli/main.ts:12:3)')).toHaveLength(2);
    expect(problemsIn('pufa-bot cannot start [config.invalid]: invalid configuration')).toHaveLength(1);
  });

  test('the Chinese operator text passes, with file names, options and codes in it', () => {
    const ok = [
      '已生成报表 /tmp/x/上月学法统计.xlsx：本月（2026-11-01 至 2026-11-30），5 个部门、9 人',
      '错误 [store.locked]：数据目录 /data 正被另一个 pufa-bot 进程使用。',
      '不认识的选项 --perod。您是不是想写 --period？',
      '找不到文件：/tmp/x/expected-roster.csv',
      '用法（usage）：npm run pufa -- <命令> [选项]',
      '      (write the participation report (xlsx))',
    ];
    for (const line of ok) expect(problemsIn(line)).toEqual([]);
  });
});
