/**
 * The control socket: a running server listens on `<DATA_DIR>/control.sock` so the command line can ask it
 * to run a command (the server owns the store lock; nothing is written behind its back).
 * Protocol: one JSON line `{"argv": [...]}` in, one JSON line `{"code": n, "output": [...]}` out.
 */
import { existsSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import type { Deps } from '../deps.js';
import { runCommand } from './run-command.js';

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

export async function startControlServer(deps: Deps): Promise<{ close(): Promise<void> }> {
  const path = controlSocketPath(deps.config.dataDir);
  if (existsSync(path)) rmSync(path); // we hold the store lock, so any socket file here is stale
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      const output: string[] = [];
      let argv: string[] = [];
      try {
        argv = (JSON.parse(buffer.slice(0, nl)) as { argv: string[] }).argv;
      } catch {
        socket.end(`${JSON.stringify({ code: 2, output: ['bad control request'] })}\n`);
        return;
      }
      deps.logger.info('control command', { argv });
      runCommand(argv, { config: deps.config, deps, io: { out: (l) => output.push(l) } })
        .then((code) => socket.end(`${JSON.stringify({ code, output })}\n`))
        .catch((err: Error) => socket.end(`${JSON.stringify({ code: 1, output: [...output, `error: ${err.message}`] })}\n`));
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Asks a running server to run `argv`; undefined when no server is listening. */
export function askServer(dataDir: string, argv: readonly string[]): Promise<{ code: number; output: string[] } | undefined> {
  const path = controlSocketPath(dataDir);
  if (!existsSync(path)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv })}\n`));
    socket.on('data', (c) => {
      data += c;
    });
    socket.on('end', () => {
      try {
        resolve(JSON.parse(data));
      } catch (err) {
        reject(err);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolve(undefined) : reject(err)));
  });
}
