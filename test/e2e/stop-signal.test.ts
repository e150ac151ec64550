/**
 * Stopping as an operator or a service manager does it (issue 13): `npm start` on a fresh data directory, then
 * SIGTERM or SIGINT to the npm process itself. The server must finish the request in flight, close the store
 * (snapshot, lock released), leave no process behind, free its port, and npm must exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/test-deps.js';

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** Resolves with the first stdout line of `child` that contains `text` (the server logs JSON lines). */
function waitForLine(child: ChildProcess, output: { text: string }, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const line = output.text.split('\n').find((l) => l.includes(text));
      if (line) {
        child.stdout!.off('data', check);
        child.off('exit', early);
        resolve(line);
      }
    };
    const early = () => reject(new Error(`exited before "${text}":\n${output.text}`));
    child.stdout!.on('data', check);
    child.once('exit', early);
    check();
  });
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts a playground message by hand and sends all but the last byte of its body: a request in flight. */
async function halfSentMessage(port: number, text: string): Promise<{ socket: Socket; finish: () => Promise<string> }> {
  const body = Buffer.from(JSON.stringify({ userId: 'zhangsan', text }));
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((r) => socket.once('connect', () => r()));
  let response = '';
  socket.on('data', (d) => {
    response += d.toString('utf8');
  });
  const ended = new Promise<void>((r) => socket.once('close', () => r()));
  socket.write(`POST /playground/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  socket.write(body.subarray(0, body.length - 1));
  return {
    socket,
    finish: async () => {
      socket.end(body.subarray(body.length - 1));
      await ended;
      return response;
    },
  };
}

describe('stopping npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to npm: the request in flight is answered, the store is closed, nothing is left running, exit 0`, { timeout: 120_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'pufa-stop-'));
      const port = await freePort();
      const npm = spawn('npm', ['start'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PLAYGROUND: 'true', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = { text: '' };
      npm.stdout!.on('data', (d) => {
        output.text += d.toString('utf8');
      });
      npm.stderr!.on('data', (d) => {
        output.text += d.toString('utf8');
      });
      const exited = new Promise<{ code: number | null; signal: string | null }>((r) => npm.once('exit', (code, sig) => r({ code, signal: sig })));
      await waitForLine(npm, output, 'pufa-bot listening');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      // The compiled server finds the files beside its sources (the playground page is copied into dist/server).
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toContain('/playground/messages');
      const serverPid = (JSON.parse(readFileSync(join(dataDir, '.lock-owner.json'), 'utf8')) as { pid: number }).pid;
      expect(serverPid).not.toBe(npm.pid);

      const inFlight = await halfSentMessage(port, '答题');
      npm.kill(signal);
      await waitForLine(npm, output, '"shutting down"');
      const response = await inFlight.finish();
      expect(response).toMatch(/^HTTP\/1\.1 200/);
      expect(response).toContain('今日答题');

      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output.text).toContain('"stopped"');
      expect(alive(serverPid)).toBe(false);
      expect(await listening(port)).toBe(false);
      // The store was closed: the lock released and the state snapshotted.
      expect(existsSync(join(dataDir, '.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'snapshot.json'))).toBe(true);
    });
  }
});
