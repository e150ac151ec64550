/**
 * A shared, cached access token (dingtalk.md §3.1): one fetch for all concurrent callers, refreshed
 * `refreshMarginMs` before it expires, and dropped when the platform rejects it.
 */
import type { Clock } from '../../core/clock.js';
import { isAuthError } from './http.js';

export interface IssuedToken {
  readonly token: string;
  readonly expiresInSec: number;
}

export interface TokenCache {
  /** The cached token, fetching a new one when there is none or it is about to expire. */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (so several failing callers cause one refresh). */
  invalidate(token: string): void;
  /** Runs `call` with the token; on an auth error refreshes the token once and retries once. */
  withToken<T>(call: (token: string) => Promise<T>): Promise<T>;
}

export function createTokenCache(issue: () => Promise<IssuedToken>, clock: Clock, refreshMarginMs = 5 * 60_000): TokenCache {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function get(): Promise<string> {
    if (cached && clock.now().getTime() < cached.refreshAt) return cached.token;
    inFlight ??= issue()
      .then((t) => {
        cached = { token: t.token, refreshAt: clock.now().getTime() + Math.max(0, t.expiresInSec * 1000 - refreshMarginMs) };
        return t.token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  function invalidate(token: string): void {
    if (cached?.token === token) cached = undefined;
  }

  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = await get();
    try {
      return await call(token);
    } catch (err) {
      if (!isAuthError(err)) throw err;
      invalidate(token);
      return call(await get());
    }
  }

  return { get, invalidate, withToken };
}
