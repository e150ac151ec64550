/**
 * The control socket: a running server listens on `<DATA_DIR>/control.sock` so the command line can ask it
 * to run a command (the server owns the store lock; nothing is written behind its back).
 * Protocol: one JSON line `{"argv": [...], "cwd": "/dir"}` in (`cwd`: the directory the command was run in,
 * for relative paths); out, zero or more `{"progress": event}` lines while long work runs, then one line
 * `{"code": n, "output": [...]}`.
 */
import { existsSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { isAbsolute, join } from 'node:path';
import type { Progress } from '../core/progress.js';
import type { Deps } from '../deps.js';
import { describeError, errorLine } from './error-text.js';
import { type ProgressEvent, remoteProgress, replay } from './progress.js';
import { runCommand } from './run-command.js';

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

interface ControlRequest {
  readonly argv: string[];
  readonly cwd?: string;
}

function parseRequest(line: string): ControlRequest | undefined {
  try {
    const r = JSON.parse(line) as { argv?: unknown; cwd?: unknown };
    if (!Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string')) return undefined;
    if (r.cwd !== undefined && (typeof r.cwd !== 'string' || !isAbsolute(r.cwd))) return undefined;
    return { argv: r.argv as string[], ...(typeof r.cwd === 'string' ? { cwd: r.cwd } : {}) };
  } catch {
    return undefined;
  }
}

export async function startControlServer(deps: Deps): Promise<{ close(): Promise<void> }> {
  const path = controlSocketPath(deps.config.dataDir);
  if (existsSync(path)) rmSync(path); // we hold the store lock, so any socket file here is stale
  const server = createServer((socket) => {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', () => {}); // a client that went away mid-command: the command still finishes
    socket.on('data', (chunk) => {
      buffer += chunk;
      const nl = buffer.indexOf('\n');
      if (nl < 0) return;
      socket.removeAllListeners('data');
      const request = parseRequest(buffer.slice(0, nl));
      if (!request) {
        socket.end(`${JSON.stringify({ code: 2, output: ['控制请求格式有误'] })}\n`);
        return;
      }
      const output: string[] = [];
      const progress = remoteProgress((e) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify({ progress: e })}\n`);
      });
      deps.logger.info('control command', { argv: request.argv });
      runCommand(request.argv, { config: deps.config, deps, io: { out: (l) => output.push(l), progress }, ...(request.cwd ? { cwd: request.cwd } : {}) })
        .then((code) => socket.end(`${JSON.stringify({ code, output })}\n`))
        .catch((err: unknown) => {
          const described = describeError(err);
          if (described.internal) deps.logger.error('control command failed', { argv: request.argv, err: String((err as Error)?.stack ?? err) });
          socket.end(`${JSON.stringify({ code: 1, output: [...output, errorLine(described)] })}\n`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Asks a running server to run `argv`; undefined when no server is listening. */
export function askServer(
  dataDir: string,
  argv: readonly string[],
  opts: { readonly cwd?: string; readonly progress?: Progress } = {},
): Promise<{ code: number; output: string[] } | undefined> {
  const path = controlSocketPath(dataDir);
  if (!existsSync(path)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let data = '';
    let result: { code: number; output: string[] } | undefined;
    const take = (line: string) => {
      if (line.trim() === '') return;
      const msg = JSON.parse(line) as { progress?: ProgressEvent; code?: number; output?: string[] };
      if (msg.progress) {
        if (opts.progress) replay(msg.progress, opts.progress);
      } else result = { code: msg.code ?? 1, output: msg.output ?? [] };
    };
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv, ...(opts.cwd ? { cwd: opts.cwd } : {}) })}\n`));
    socket.on('data', (c) => {
      data += c;
      for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n')) {
        const line = data.slice(0, nl);
        data = data.slice(nl + 1);
        try {
          take(line);
        } catch (err) {
          reject(err);
        }
      }
    });
    socket.on('end', () => {
      try {
        take(data);
        resolve(result);
      } catch (err) {
        reject(err);
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' || err.code === 'ENOENT' ? resolve(undefined) : reject(err)));
  });
}
