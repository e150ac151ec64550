/**
 * Servers under test in their own child processes, and what the kernel says they used: CPU time from
 * /proc/<pid>/stat (utime + stime) and resident memory from /proc/<pid>/status.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const ROOT = new URL('../../', import.meta.url).pathname;
const TICKS_PER_SECOND = 100; // CLK_TCK on Linux

export interface ServerChild {
  readonly child: ChildProcess;
  readonly port: number;
  /** CPU milliseconds the process has used so far (user + system, all threads). */
  cpuMs(): number;
  rssMb(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Starts `node [--import tsx] <entry>` with `env` and PORT, and resolves once `ready` (a URL path answering
 * 200, or a line on stdout) says it serves. Its output is drained (and the last lines kept for errors).
 */
export async function startChild(entry: string, env: Record<string, string>, ready: { path: string } | { line: string }): Promise<ServerChild> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: a CPU profile of each server, written when it stops (node --cpu-prof).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', `${ROOT}${entry}`], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  let sawLine = false;
  const keep = (c: Buffer) => {
    tail = (tail + c.toString('utf8')).slice(-4000);
    if ('line' in ready && tail.includes(ready.line)) sawLine = true;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`${entry} exited before it was ready:\n${tail}`);
    if (
      'line' in ready
        ? sawLine
        : await fetch(`http://127.0.0.1:${port}${ready.path}`).then(
            (r) => r.ok,
            () => false,
          )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    port,
    cpuMs: () => cpuMsOf(child.pid!),
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await done;
    },
  };
}
