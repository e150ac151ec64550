/**
 * The app's access token (zhengding.md §4.1): `GET /gettoken.json` (signed, appkey and appsecret as query),
 * valid 7200 s. One fetch for all concurrent callers, refreshed `refreshMarginMs` (default 10 min) before it
 * expires, and dropped when a call says it is bad (250027), then that call is retried once. Kept small and
 * local so the shared HTTP kit's cache can replace it.
 */
import type { Clock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { ZzdCall } from './client.js';

export interface ZzdTokens {
  get(): Promise<string>;
  /** Runs `call` with the token; on a rejected token refreshes it once and retries once. */
  withToken<T>(call: (token: string) => Promise<T>): Promise<T>;
}

export function createZzdTokens(call: ZzdCall, creds: { appKey: string; appSecret: string }, clock: Clock, refreshMarginMs = 10 * 60_000): ZzdTokens {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function issue(): Promise<string> {
    const content = await call('GET', '/gettoken.json', [
      ['appkey', creds.appKey],
      ['appsecret', creds.appSecret],
    ]);
    const data = (content.data ?? {}) as { accessToken?: unknown; expiresIn?: unknown };
    const expiresIn = Number(data.expiresIn ?? 7200);
    if (typeof data.accessToken !== 'string' || !data.accessToken) {
      throw new AppError('platform.api_error', '/gettoken.json: no accessToken in the answer', { what: '/gettoken.json' });
    }
    cached = {
      token: data.accessToken,
      refreshAt: clock.now().getTime() + Math.max(0, (Number.isFinite(expiresIn) ? expiresIn : 7200) * 1000 - refreshMarginMs),
    };
    return data.accessToken;
  }

  async function get(): Promise<string> {
    if (cached && clock.now().getTime() < cached.refreshAt) return cached.token;
    inFlight ??= issue().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    get,
    async withToken(run) {
      const token = await get();
      try {
        return await run(token);
      } catch (err) {
        if (!(isAppError(err, 'platform.api_error') && err.details.auth === true)) throw err;
        if (cached?.token === token) cached = undefined;
        return run(await get());
      }
    },
  };
}
