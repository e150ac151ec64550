/**
 * The command line in-process (runCli with injected argv, environment, directories and streams), as
 * `npm run pufa -- …` runs it; one test spawns the real `npm run pufa` to prove the wiring (INIT_CWD, exit codes).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { startControlServer } from '../../src/cli/control.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { ENGLISH_OR_STACK, pufa } from '../helpers/cli.js';
import { ROOT, makeTestDeps } from '../helpers/test-deps.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('command line (in-process)', () => {
  test('import-roster, then report as xlsx; results in Chinese', async () => {
    const dataDir = tmp('pufa-cli-');
    const roster = await pufa(dataDir, ['import-roster', join(ROOT, 'test/fixtures/roster/good.csv')]);
    expect(roster.code).toBe(0);
    const out = join(dataDir, 'report.xlsx');
    const report = await pufa(dataDir, ['report', '--period', 'month', '--format', 'xlsx', '--out', out]);
    expect(report).toMatchObject({ code: 0, out: expect.stringMatching(/^已生成报表 .*report\.xlsx：本月/) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
    expect(`${roster.out}${roster.err}${report.out}${report.err}`).not.toMatch(ENGLISH_OR_STACK);
  });

  test('help, 帮助 and no arguments print the usage (Chinese with English) and exit 0; an unknown command exits 2', async () => {
    const dataDir = tmp('pufa-cli-help-');
    for (const argv of [[], ['help'], ['帮助'], ['--help']]) {
      const r = await pufa(dataDir, argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('用法（usage）：npm run pufa -- <命令> [选项]');
      expect(r.out).toContain('导入人员名单');
      expect(r.out).toContain('(write the participation report (xlsx))');
    }
    const one = await pufa(dataDir, ['help', 'report']);
    expect(one).toMatchObject({ code: 0, out: expect.stringContaining('--from <YYYY-MM-DD>') });
    const unknown = await pufa(dataDir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/^没有名为“frobnicate”的命令。/);
  });

  test('unknown flags and extra words are refused before anything runs; the nearest flag is named', async () => {
    const dataDir = tmp('pufa-cli-flags-');
    const out = join(dataDir, 'r.xlsx');
    const typo = await pufa(dataDir, ['report', '--perod', 'month', '--out', out]);
    expect(typo.code).toBe(2);
    expect(typo.out).toMatch(/^不认识的选项 --perod。您是不是想写 --period？/);
    expect(existsSync(out)).toBe(false);
    const extra = await pufa(dataDir, ['import-roster', 'a.csv', 'b.csv']);
    expect(extra).toMatchObject({ code: 2, out: expect.stringContaining('多余的参数：“b.csv”') });
    const noValue = await pufa(dataDir, ['report', '--out']);
    expect(noValue).toMatchObject({ code: 2, out: expect.stringContaining('--out 后面需要写<文件.xlsx>') });
  });

  test('a reversed date range says so (both --from/--to and --period a~b)', async () => {
    const dataDir = tmp('pufa-cli-dates-');
    const out = join(dataDir, 'r.xlsx');
    for (const argv of [
      ['--from', '2026-11-30', '--to', '2026-11-01'],
      ['--period', '2026-11-30~2026-11-01'],
    ]) {
      const r = await pufa(dataDir, ['report', ...argv, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.out).toContain('开始日期 2026-11-30 晚于结束日期 2026-11-01');
    }
    expect(existsSync(out)).toBe(false);
  });

  test('relative paths resolve from the directory the command was typed in (INIT_CWD), not the project folder', async () => {
    const dataDir = tmp('pufa-cli-rel-');
    const here = tmp('pufa-cli-here-');
    cpSync(join(ROOT, 'test/fixtures/roster/good.csv'), join(here, '名单.csv'));
    const imported = await pufa(dataDir, ['import-roster', '名单.csv'], { invocationDir: here });
    expect(imported.code).toBe(0);
    const report = await pufa(dataDir, ['report', '--out', '报表.xlsx'], { env: { INIT_CWD: here } });
    expect(report.code).toBe(0);
    expect(existsSync(join(here, '报表.xlsx'))).toBe(true);
    const missing = await pufa(dataDir, ['import-roster', '没有这个文件.csv'], { invocationDir: here });
    expect(missing).toMatchObject({ code: 1, out: `找不到文件：${join(here, '没有这个文件.csv')}\n` });
  });

  test('banks delete <name> removes an imported bank (kept aside); the shipped bank cannot be deleted; check-bank covers imported banks', async () => {
    const dataDir = tmp('pufa-cli-banks-');
    expect((await pufa(dataDir, ['import-bank', join(ROOT, 'test/fixtures/bank/good.csv'), '--bank', 'county'])).code).toBe(0);
    const check = await pufa(dataDir, ['check-bank']);
    expect(check.out).toMatch(/ {2}题库 county：\d+ 题\n/);
    expect(check.out).toMatch(/ {2}题库 builtin：\d+ 题（内置）/);
    const gone = await pufa(dataDir, ['banks', 'delete', 'county']);
    expect(gone.code).toBe(0);
    expect(gone.out).toMatch(/^已删除题库“county”（\d+ 题），不再出题/);
    expect((await pufa(dataDir, ['banks'])).out).not.toContain('county');
    expect((await pufa(dataDir, ['check-bank'])).out).not.toContain('题库 county');
    const builtin = await pufa(dataDir, ['banks', 'delete', 'builtin']);
    expect(builtin.code).toBe(1);
    expect(builtin.err).toContain('内置题库「builtin」不能删除');
    expect((await pufa(dataDir, ['banks', 'delete', 'nothing'])).code).toBe(1);
  });

  test('progress: plain lines when stderr is not a terminal, a bar when it is', async () => {
    const dataDir = tmp('pufa-cli-progress-');
    const plain = await pufa(dataDir, ['seed-demo', '--users', '20', '--days', '10']);
    expect(plain.code).toBe(0);
    expect(plain.err).toContain('生成答题记录（按学习日）：开始（共');
    expect(plain.err).toMatch(/生成答题记录（按学习日）：完成（(\d+)\/\1）/);
    expect(plain.err).not.toContain('\u001b[');
    const bar = await pufa(dataDir, ['import-roster', join(ROOT, 'test/fixtures/roster/good.csv')], { tty: true });
    expect(bar.code).toBe(0);
    expect(bar.err).toMatch(/核对人员 \[[█░]+\] 100% \| (\d+)\/\1/);
    const report = await pufa(dataDir, ['report', '--out', join(dataDir, 'r.xlsx')]);
    expect(report.err).toContain('写入 Excel：完成（1/1）');
  });

  test('errors are one Chinese line with the code; an internal error names a log file instead of a stack', async () => {
    const dataDir = tmp('pufa-cli-errors-');
    writeFileSync(join(dataDir, 'banks'), 'not a directory');
    const r = await pufa(dataDir, ['import-bank', join(ROOT, 'test/fixtures/bank/good.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^错误 \[E\w+\]：/);
    expect(r.err).not.toMatch(ENGLISH_OR_STACK);
  });

  test('configuration errors name the variable, its meaning, the value and the real limit; unknown variables are warned about', async () => {
    const dataDir = tmp('pufa-cli-config-');
    const big = await pufa(dataDir, ['banks'], { env: { QUIZ_SIZE: '50' } });
    expect(big.code).toBe(1);
    expect(big.err).toContain('QUIZ_SIZE（每人每天的题数）：须为 1 到 15 之间的整数；当前为 "50"。');
    expect(big.err).toMatch(/^错误 \[config\.invalid\]：配置有误：/);
    const project = tmp('pufa-cli-env-');
    writeFileSync(join(project, '.env'), 'PORT=4311 # 端口\nWECOM_CORPID=ww123\nADMIN_USERS=张三，李四、王五\n');
    const warned = await pufa(dataDir, ['banks'], { projectDir: project });
    expect(warned.code).toBe(0);
    expect(warned.err).toContain('提示：.env 中的 WECOM_CORPID 不是 pufa-bot 的配置变量，已忽略。您是不是想写 WECOM_CORP_ID（企业微信企业ID）？');
  });

  test('with a server running on the same DATA_DIR: commands go through the control socket and take effect at once', async () => {
    const dataDir = tmp('pufa-cli-srv-');
    const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    const { deps } = await makeTestDeps({ store, env: { DATA_DIR: dataDir } });
    const control = await startControlServer(deps);
    closers.push(async () => {
      await control.close();
      await store.close();
    });
    const before = deps.bank.size;
    const here = tmp('pufa-cli-srv-here-');
    cpSync(join(ROOT, 'test/fixtures/bank/good.csv'), join(here, 'county.csv'));

    const imported = await pufa(dataDir, ['import-bank', 'county.csv', '--bank', 'county'], { invocationDir: here });
    expect(imported.out).toContain('题库“county”');
    expect(imported.err).toContain('检查题目：完成'); // progress from inside the server, drawn by the command line
    expect(deps.bank.size).toBeGreaterThan(before); // the running server serves the new questions already

    const off = await pufa(dataDir, ['banks', 'disable', 'county']);
    expect(off.out).toContain('已停用');
    expect(deps.bank.size).toBe(before);

    const roster = await pufa(dataDir, ['import-roster', join(ROOT, 'test/fixtures/roster/good.csv')]);
    expect(roster.code).toBe(0);
    expect((await store.listPeople()).some((p) => p.name === '李四' && p.identities.dingtalk === 'ding-lisi')).toBe(true);

    const job = await pufa(dataDir, ['run-job', 'daily-push', '--date', '2026-11-24']);
    expect(job.out).toMatch(
      /daily-push 2026-11-24：本次发送 (\d+) 人(?:；跳过 \d+ 人没有可用的平台账号)?\n当天合计（以推送记录为准）：共 \1 人，送达 \1 人，失败 0 人，待重试 0 人，账号无效 0 人/,
    );
    expect(job.code).toBe(0);
    const again = await pufa(dataDir, ['run-job', 'daily-push', '--date', '2026-11-24']);
    expect(again.out).toMatch(/本次发送 0 人；跳过 \d+ 人今天已收到（不再重复发送）/);
    expect((await pufa(dataDir, ['jobs'])).out).toMatch(/daily-push\s+每日答题推送\s+0 9 \* \* \*/);
    const typo = await pufa(dataDir, ['banks', 'disable', 'county', '--al']);
    expect(typo.code).toBe(2); // refused by the server as by the command line
    expect(existsSync(join(dataDir, 'control.sock'))).toBe(true);
  }, 60_000);
});

describe('command line (a real process)', () => {
  test('npm run pufa from another directory: relative paths from there, Chinese output, exit codes', async () => {
    const dataDir = tmp('pufa-cli-npm-');
    const here = tmp('pufa-cli-npm-here-');
    cpSync(join(ROOT, 'test/fixtures/roster/good.csv'), join(here, 'roster.csv'));
    const run = async (...argv: string[]) => {
      try {
        const r = await promisify(execFile)('npm', ['run', '--silent', '--prefix', ROOT, 'pufa', '--', ...argv], {
          cwd: here,
          env: { ...process.env, DATA_DIR: dataDir, QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws') },
        });
        return { code: 0, out: r.stdout, err: r.stderr };
      } catch (e) {
        const x = e as { code: number; stdout: string; stderr: string };
        return { code: x.code, out: x.stdout, err: x.stderr };
      }
    };
    const r = await run('import-roster', 'roster.csv');
    expect(r.err).toContain('读取名单文件：开始（共 1）\n读取名单文件：完成（1/1）\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/新增/);
    const missing = await run('import-roster', 'nothing.csv');
    expect(missing).toMatchObject({ code: 1, out: `找不到文件：${join(here, 'nothing.csv')}\n` });
  }, 60_000);
});
