/**
 * JSON over HTTP for the WeCom API and the group robot: the shared transport (http-kit; tests inject a
 * fetch), a timeout, errors as
 * AppError('platform.http_error') marked retryable or not, and retries with exponential backoff over an
 * injectable sleep. URLs are never put in errors or logs (they carry corpsecret / the robot key).
 */
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type FetchLike, type Transport, fetchTransport, nodeTransport } from '../http-kit/transport.js';

/** The fetch signature the clients accept (tests may inject their own). */
export type { FetchLike } from '../http-kit/transport.js';

/** The transport for an optional injected fetch: the shared keep-alive transport unless a test gives one. */
export function transportFor(fetchFn: FetchLike | undefined): Transport {
  return fetchFn ? fetchTransport(fetchFn) : nodeTransport;
}
/** Waits `ms` milliseconds (tests inject a fake that records or advances a clock). */
export type Sleep = (ms: number) => Promise<void>;

/** Waits on the real timer (production default). */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when the error is worth retrying (network failure, timeout, 5xx, or a transient errcode). */
export function isRetryable(err: unknown): boolean {
  return err instanceof AppError && err.details.retryable === true;
}

/** One request; `what` names it in errors (e.g. "message/send"). */
export async function requestJson(
  transport: Transport,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  timeoutMs: number,
  what: string,
): Promise<Record<string, unknown>> {
  let res: { status: number; text: string };
  try {
    res = await transport(url, {
      method: init.method,
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      timeoutMs,
    });
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    throw new AppError(
      'platform.http_error',
      `${what}: ${timeout ? `no answer within ${timeoutMs} ms` : `network error (${(err as Error).message})`}`,
      { retryable: true, timeout, what },
      { cause: err },
    );
  }
  const text = res.text;
  if (res.status < 200 || res.status > 299) {
    throw new AppError('platform.http_error', `${what}: HTTP ${res.status}`, { status: res.status, retryable: res.status >= 500 || res.status === 429, what });
  }
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    /* handled below */
  }
  throw new AppError('platform.http_error', `${what}: the answer is not a JSON object`, { status: res.status, retryable: false, what });
}

/** How often and how patiently to retry transient failures. */
export interface RetryOptions {
  readonly retries: number;
  readonly backoffMs: number;
  readonly sleep: Sleep;
  readonly logger: Logger;
}

/** Runs `fn`, retrying retryable failures `retries` times after backoffMs, 2×, 4×… */
export async function withRetries<T>(what: string, fn: () => Promise<T>, o: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || attempt >= o.retries) throw err;
      const delayMs = o.backoffMs * 2 ** attempt;
      o.logger.warn('WeCom call failed; retrying', { what, attempt: attempt + 1, delayMs, reason: (err as Error).message });
      await o.sleep(delayMs);
    }
  }
}
