/**
 * The HTTP transport every platform client shares: one request in, status and body text out, with a total
 * time limit. The default goes through node:http/node:https with keep-alive agents (one per process, so
 * all clients of a platform reuse their connections); it costs a fraction of the CPU of the global fetch
 * (undici and web streams), which showed as the largest single cost of a WeCom callback in the callback
 * benchmark's profile (bench/callback.ts). Tests may inject a fetch instead (`fetchTransport`).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The fetch signature clients accept from tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Whole request, connect to last byte. */
  readonly timeoutMs: number;
}

export interface TransportAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends one request. Rejects with an Error named 'TimeoutError' when no full answer came within the limit,
 * and with the network error otherwise; never for an HTTP status.
 */
export type Transport = (url: string, req: TransportRequest) => Promise<TransportAnswer>;

/** Idle connections are kept for reuse; at most this many per host at once. */
const MAX_SOCKETS = 64;
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }), https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }) };

function timeoutError(ms: number): Error {
  const err = new Error(`no answer within ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

/** The default transport: node:http(s) over shared keep-alive agents. */
export const nodeTransport: Transport = (url, req) =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    const secure = u.protocol === 'https:';
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string | number> = { ...req.headers };
    if (body) headers['content-length'] = body.length;
    const send = secure ? httpsRequest : httpRequest;
    let done = false;
    const r = send(u, { method: req.method, headers, agent: secure ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', fail);
    });
    function fail(err: Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(err);
    }
    const timer = setTimeout(() => {
      const err = timeoutError(req.timeoutMs);
      fail(err);
      r.destroy(err);
    }, req.timeoutMs);
    r.on('error', fail);
    r.end(body);
  });

/** A transport over an injected fetch (tests). */
export function fetchTransport(fetchFn: FetchLike): Transport {
  return async (url, req) => {
    const res = await fetchFn(url, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(req.timeoutMs) });
    return { status: res.status, text: await res.text() };
  };
}
