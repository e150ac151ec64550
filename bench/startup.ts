/**
 * Benchmark: start-up (issue 14: the server answers /healthz ≤ 2 s on 1 year × 3,000 people; a CLI command ≤ 1.5 s).
 * Seeds a data directory once with `seed-demo` (BENCH_USERS × BENCH_DAYS, default 3,000 × 365; kept under the temp
 * directory and reused, or BENCH_DATA_DIR), then, BENCH_RUNS times each, alternating:
 * - the server: spawn → first 200 from /healthz (wall time, the server's CPU time by then, RSS), then SIGTERM → exit,
 *   compiled (`node dist/server/main.js`, what `npm start` runs) and, as the "before", through tsx (`src/main.ts`);
 * - a command that opens the store (`inbox`): `npm run pufa -- inbox` (the operator's path: npm, the staleness
 *   check, the compiled CLI), `node scripts/pufa.mjs inbox`, and through tsx (`src/cli/main.ts`), with the CPU
 *   time of the whole process tree (bash `times`).
 * Prints the load average before and after: wall times on a shared machine mean little without it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_DIR, ensureServerBuilt } from '../scripts/server-build.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const USERS = Number(process.env.BENCH_USERS ?? 3_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round = (n: number) => Math.round(n);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** CPU time (ms) and RSS (MB) of a live process, from /proc. */
function procStats(pid: number): { cpuMs: number; rssMb: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  const rssMb = (Number(fields[21]) * 4096) / 1024 / 1024;
  return { cpuMs, rssMb: +rssMb.toFixed(0) };
}

function envFor(dataDir: string, port = 0): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
}

/** A data directory with the seeded history (made once, then reused). */
function seededDataDir(): string {
  const dir = process.env.BENCH_DATA_DIR ?? join(tmpdir(), `pufa-bench-startup-${USERS}x${DAYS}`);
  const done = join(dir, '.bench-seeded');
  if (existsSync(done)) return dir;
  process.stderr.write(`seeding ${USERS} people × ${DAYS} days into ${dir} (once)…\n`);
  execFileSync(process.execPath, [join(SERVER_DIR, 'cli', 'main.js'), 'seed-demo', '--users', String(USERS), '--days', String(DAYS)], {
    cwd: ROOT,
    env: envFor(dir),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(done, `${USERS} ${DAYS}\n`);
  return dir;
}

/** Starts the server, times the first /healthz 200, then stops it with SIGTERM. */
async function timeServer(args: string[], dataDir: string): Promise<{ readyMs: number; cpuMs: number; rssMb: number; stopMs: number; exit: number | null }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: envFor(dataDir, port), stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (;;) {
    if (dead) throw new Error(`the server exited before answering /healthz: ${args.join(' ')}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const readyMs = performance.now() - t0;
  const { cpuMs, rssMb } = procStats(child.pid!);
  const t1 = performance.now();
  child.kill('SIGTERM');
  const exit = await exited;
  return { readyMs: round(readyMs), cpuMs: round(cpuMs), rssMb, stopMs: round(performance.now() - t1), exit };
}

/** Runs a command to its end; wall time and the CPU time of its whole process tree (bash `times`). */
function timeCommand(cmd: string[], dataDir: string): { wallMs: number; cpuMs: number } {
  const t0 = performance.now();
  const out = execFileSync('bash', ['-c', '"$@" >/dev/null 2>&1; times', 'bench', ...cmd], { cwd: ROOT, env: envFor(dataDir), encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  // `times`: the shell's user/sys, then its children's: "0m1.234s 0m0.056s".
  const children = out.trim().split('\n')[1] ?? '';
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wallMs: round(wallMs), cpuMs: round(cpuMs) };
}

export async function benchStartup(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg();
  if (!(await ensureServerBuilt())) throw new Error('the server could not be compiled (npm run build:server)');
  const dataDir = seededDataDir();
  const servers: Record<string, string[]> = {
    compiled: [join(SERVER_DIR, 'main.js')],
    tsx: ['--import', 'tsx', join(ROOT, 'src/main.ts')],
  };
  const commands: Record<string, string[]> = {
    'npm run pufa': ['npm', 'run', '--silent', 'pufa', '--', 'inbox'],
    'node scripts/pufa.mjs': [process.execPath, join(ROOT, 'scripts/pufa.mjs'), 'inbox'],
    tsx: [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'inbox'],
  };
  const serverRuns = Object.fromEntries(Object.keys(servers).map((n) => [n, [] as Array<Awaited<ReturnType<typeof timeServer>>>]));
  const commandRuns = Object.fromEntries(Object.keys(commands).map((n) => [n, [] as Array<ReturnType<typeof timeCommand>>]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(servers)) serverRuns[name]!.push(await timeServer(args, dataDir));
    for (const [name, cmd] of Object.entries(commands)) commandRuns[name]!.push(timeCommand(cmd, dataDir));
  }
  const server = Object.fromEntries(
    Object.entries(serverRuns).map(([name, runs]) => [
      name,
      {
        readyMsMedian: median(runs.map((r) => r.readyMs)),
        cpuMsMedian: median(runs.map((r) => r.cpuMs)),
        rssMb: median(runs.map((r) => r.rssMb)),
        stopMsMedian: median(runs.map((r) => r.stopMs)),
        exitCodes: [...new Set(runs.map((r) => r.exit))],
        readyMs: runs.map((r) => r.readyMs),
      },
    ]),
  );
  const cli = Object.fromEntries(
    Object.entries(commandRuns).map(([name, runs]) => [
      name,
      { wallMsMedian: median(runs.map((r) => r.wallMs)), cpuMsMedian: median(runs.map((r) => r.cpuMs)), wallMs: runs.map((r) => r.wallMs) },
    ]),
  );
  return {
    users: USERS,
    days: DAYS,
    runs: RUNS,
    dataDir,
    goals: { serverReadyMs: 2000, cliMs: 1500 },
    server,
    cli,
    loadavg: { before: loadBefore, after: loadavg() },
  };
}
