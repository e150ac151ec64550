/**
 * `npm run first-hour`: the operator's first hour, as a new bureau would do it (after `npm ci`): start the
 * server (`npm start`), then from another folder import the shipped sample roster and bank
 * (samples/人员名单示例.csv, samples/题库示例.csv) with relative paths, export a report, ask for help and
 * make one typical mistake (a file that is not there). Every command goes through `npm run pufa` while the
 * server runs (the control socket), exactly as the README says. Fails (exit 1) when a step fails or when
 * anything shown to the operator has an English error sentence or a stack trace (check-output.ts).
 * Uses a fresh data directory and a free port; stops the server at the end.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { problemsIn } from './check-output.js';

const ROOT = resolve(new URL('../../', import.meta.url).pathname);
const dataDir = mkdtempSync(join(tmpdir(), 'pufa-first-hour-data-'));
const desk = mkdtempSync(join(tmpdir(), 'pufa-first-hour-desk-')); // the operator's own folder
const problems: string[] = [];

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

const env = (port: number) => ({ ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PLAYGROUND: 'true', LOG_LEVEL: 'warn' });

/** `npm run pufa -- …argv` typed in the operator's folder. */
function pufa(port: number, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile('npm', ['run', '--silent', '--prefix', ROOT, 'pufa', '--', ...argv], { cwd: desk, env: env(port) }, (error, out, err) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

function step(title: string, r: { code: number; out: string; err: string }, expect: { code: number; contains?: string }): void {
  process.stdout.write(`\n=== ${title}（退出码 ${r.code}）\n${r.out}${r.err}`);
  if (r.code !== expect.code) problems.push(`${title}：退出码为 ${r.code}，应为 ${expect.code}`);
  if (expect.contains && !`${r.out}${r.err}`.includes(expect.contains)) problems.push(`${title}：输出中没有“${expect.contains}”`);
  for (const p of problemsIn(`${r.out}${r.err}`)) problems.push(`${title}：${p}`);
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

async function main(): Promise<number> {
  const port = await freePort();
  copyFileSync(join(ROOT, 'samples/人员名单示例.csv'), join(desk, '人员名单.csv'));
  copyFileSync(join(ROOT, 'samples/题库示例.csv'), join(desk, '本局题库.csv'));

  let serverErr = '';
  const server: ChildProcess = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: env(port), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr!.on('data', (c) => (serverErr += String(c)));
  server.stdout!.resume();
  try {
    if (!(await waitFor(() => existsSync(join(dataDir, 'control.sock')), 120_000))) {
      problems.push(`服务在 120 秒内没有启动：${serverErr.slice(-500)}`);
      return 1;
    }
    const page = await fetch(`http://127.0.0.1:${port}/`);
    if (!page.ok) problems.push(`本地体验页面打不开（HTTP ${page.status}）`);

    step('帮助', await pufa(port, '帮助'), { code: 0, contains: '用法（usage）' });
    step('导入人员名单', await pufa(port, 'import-roster', '人员名单.csv'), { code: 0, contains: '新增' });
    step('导入本局题库', await pufa(port, 'import-bank', '本局题库.csv', '--bank', '本局题库'), { code: 0, contains: '题库已生效' });
    step('查看题库', await pufa(port, 'banks'), { code: 0, contains: '本局题库' });
    step('导出报表', await pufa(port, 'report', '--period', 'month', '--out', '本月学法统计.xlsx'), { code: 0, contains: '已生成报表' });
    if (!existsSync(join(desk, '本月学法统计.xlsx'))) problems.push('报表文件没有写在运行命令的目录中');
    step('写错文件名', await pufa(port, 'import-roster', '人员名单（旧）.csv'), { code: 1, contains: '找不到文件' });
    step('写错选项', await pufa(port, 'report', '--perod', 'month'), { code: 2, contains: '您是不是想写 --period' });
  } finally {
    if (server.pid) process.kill(-server.pid, 'SIGTERM'); // the whole group: npm and the server it started
  }
  for (const p of problemsIn(serverErr).filter((x) => x.startsWith('调用栈'))) problems.push(`服务：${p}`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.stdout.write(
      code === 0 ? '\n首小时流程：全部通过。\n' : `\n首小时流程：发现 ${problems.length} 个问题：\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(code);
  },
  (err: unknown) => {
    process.stdout.write(`\n首小时流程未能完成：${String(err)}\n`);
    process.exit(1);
  },
);
