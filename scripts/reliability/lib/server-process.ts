/**
 * Reliability scripts: the real server in a child process on a temporary data directory, with the time it
 * took to listen and to answer /healthz, and small HTTP helpers for the playground JSON API.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export function tempDataDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `pufa-${name}-`));
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** ms from spawning the process to its "pufa-bot listening" log line. */
  readonly listeningMs: number;
  /** ms from spawning the process to the first /healthz 200. */
  readonly healthyMs: number;
  /** Every JSON log line the process wrote so far. */
  readonly logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/**
 * Spawns `entry` (default src/main.ts: the real start-up) with the environment given, and resolves once it
 * listens and /healthz answers 200. Rejects if the process exits first (with what it wrote).
 */
export async function startServerProcess(env: Record<string, string>, entry = 'src/main.ts'): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PLAYGROUND_MAX_PEOPLE: '100000', PLAYGROUND_RATE_LIMIT: '100000', ...env, LOG_LEVEL: 'info' }, // info: the listening line is timed
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let listeningMs: number | undefined;
  const onLines = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'pufa-bot listening' && listeningMs === undefined) listeningMs = performance.now() - t0;
      } catch {
        // not a log line
      }
    }
  };
  child.stdout!.on('data', onLines);
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
    onLines(c);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  for (;;) {
    if (dead) throw new Error(`the server exited before it was healthy:\n${stderr}`);
    if (listeningMs !== undefined) {
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
    }
    await sleep(10);
  }
  const healthyMs = performance.now() - t0;
  return { child, url, listeningMs: listeningMs!, healthyMs, logs, exited };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type Said = { ok: true; replies: string[] } | { ok: false; error: string };

/** Posts one playground message; a network failure (the server is down) is a value, not a throw. */
export async function say(url: string, userId: string, text: string, messageId: string, timeoutMs = 60_000): Promise<Said> {
  try {
    const res = await fetch(`${url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text, messageId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return { ok: false, error: `HTTP ${res.status} ${await res.text()}` };
    const body = (await res.json()) as { replies: Array<{ text: string }> };
    return { ok: true, replies: body.replies.map((r) => r.text) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** Messages the server pushed to a playground user since the last call (late and recovered replies). */
export async function inbox(url: string, userId: string): Promise<string[] | undefined> {
  try {
    const res = await fetch(`${url}/playground/inbox?userId=${encodeURIComponent(userId)}`);
    return ((await res.json()) as { messages: string[] }).messages;
  } catch {
    return undefined;
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
