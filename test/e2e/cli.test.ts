import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { startControlServer } from '../../src/cli/control.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { ROOT, makeTestDeps } from '../helpers/test-deps.js';

const run = promisify(execFile);
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function pufa(dataDir: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('node', ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...argv], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), LOG_LEVEL: 'error' },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

describe('command line', () => {
  test('without a server: import-roster, then report as xlsx; an unknown command gets the usage', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-cli-'));
    const roster = await pufa(dataDir, 'import-roster', join(ROOT, 'test/fixtures/roster/good.csv'));
    expect(roster.code).toBe(0);
    const again = await pufa(dataDir, 'import-roster', join(ROOT, 'test/fixtures/roster/good.csv'));
    expect(again.out).toMatch(/0/);
    const out = join(dataDir, 'report.xlsx');
    const report = await pufa(dataDir, 'report', '--period', 'month', '--format', 'xlsx', '--out', out);
    expect(report.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    const unknown = await pufa(dataDir, 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('unknown command: frobnicate');
    expect((await pufa(dataDir, 'check-bank')).out).toMatch(/\d+ questions over \d+ laws; 0 errors/);
  }, 60_000);

  test('with a server running on the same DATA_DIR: commands go through the control socket and take effect at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-cli-srv-'));
    const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    const { deps } = await makeTestDeps({ store, env: { DATA_DIR: dataDir } });
    const control = await startControlServer(deps);
    closers.push(async () => {
      await control.close();
      await store.close();
    });
    const before = deps.bank.size;

    const imported = await pufa(dataDir, 'import-bank', join(ROOT, 'test/fixtures/bank/good.csv'), '--bank', 'county');
    expect(imported.out).toContain('题库“county”');
    expect(deps.bank.size).toBeGreaterThan(before); // the running server serves the new questions already

    const off = await pufa(dataDir, 'banks', 'disable', 'county');
    expect(off.out).toContain('已停用');
    expect(deps.bank.size).toBe(before);

    const roster = await pufa(dataDir, 'import-roster', join(ROOT, 'test/fixtures/roster/good.csv'));
    expect(roster.code).toBe(0);
    expect((await store.listPeople()).some((p) => p.name === '李四' && p.identities.dingtalk === 'ding-lisi')).toBe(true);

    const job = await pufa(dataDir, 'run-job', 'daily-push', '--date', '2026-11-24');
    expect(job.out).toMatch(
      /daily-push 2026-11-24：本次发送 (\d+) 人(?:；跳过 \d+ 人没有可用的平台账号)?\n当天合计（以推送记录为准）：共 \1 人，送达 \1 人，失败 0 人，待重试 0 人，账号无效 0 人/,
    );
    expect(job.code).toBe(0);
    const again = await pufa(dataDir, 'run-job', 'daily-push', '--date', '2026-11-24');
    expect(again.out).toMatch(/本次发送 0 人；跳过 \d+ 人今天已收到（不再重复发送）/);
    expect(again.code).toBe(0);
    expect((await pufa(dataDir, 'jobs')).out).toMatch(/daily-push\s+0 9 \* \* \*/);
    expect(existsSync(join(dataDir, 'control.sock'))).toBe(true);
  }, 120_000);
});
