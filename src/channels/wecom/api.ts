/**
 * The WeCom server API client (wecom.md §3, §5): gettoken cached until shortly before expiry and shared by
 * all callers (one fetch in flight), refreshed once on 40014/42001; transient failures (network, timeout,
 * 5xx, 45009/45033/-1) retried with backoff; other errcodes surface with their meaning, and 60020 (server IP
 * not in the app's 企业可信IP) is logged in plain words for the operator.
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { type FetchLike, type RetryOptions, type Sleep, realSleep, requestJson, transportFor, withRetries } from './http.js';

/** What each errcode tells the operator (error-code table path/90455). */
export const ERRCODE_HINTS: Readonly<Record<number, string>> = {
  40001: 'the secret is wrong: check WECOM_SECRET (应用管理 → 应用 → Secret)',
  40091: 'the secret is wrong: check WECOM_SECRET (应用管理 → 应用 → Secret)',
  40013: 'the corp id is wrong: check WECOM_CORP_ID (我的企业 → 企业ID)',
  40056: 'the agent id is wrong: check WECOM_AGENT_ID (应用管理 → 应用 → AgentId)',
  48002: 'this API is not allowed for the app: check the app permissions',
  60011: "the member or department is outside the app's 可见范围 (visible range)",
  60020:
    "this server's outbound IP is not in the app's 企业可信IP: add it under 应用管理 → 应用 → 企业可信IP (set a 可信域名 or the 接收消息 URL first); incoming messages still work, outgoing ones fail until then",
  81013: "none of the recipients is a valid member inside the app's 可见范围",
  45009: 'WeCom rate limit reached',
};
const TOKEN_REJECTED = new Set([40014, 42001, 41001]);
const TRANSIENT = new Set([-1, 45009, 45033]);
/** Refresh this long before WeCom's expires_in runs out. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** Where the API is, the app credentials, and injectable I/O (fetch, sleep, clock). */
export interface WecomApiOptions {
  readonly apiBase: string;
  readonly corpId: string;
  readonly secret: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchLike;
  readonly sleep?: Sleep;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** Retries of a transient failure (default 3), after backoffMs, 2×, 4× (default 500 ms). */
  readonly retries?: number;
  readonly backoffMs?: number;
}

/** The low-level client: token management plus one authenticated call. */
export interface WecomApi {
  /** The cached access token, fetched when missing or about to expire. */
  accessToken(): Promise<string>;
  /** Calls `/cgi-bin/<path>` with the token; returns the JSON (errcode 0) or throws platform.*. */
  call(method: 'GET' | 'POST', path: string, opts?: { query?: Record<string, string>; body?: unknown }): Promise<Record<string, unknown>>;
}

/** Creates the API client. One per app and process: the token cache lives here. */
export function createWecomApi(o: WecomApiOptions): WecomApi {
  const transport = transportFor(o.fetch);
  const timeoutMs = o.timeoutMs ?? 10_000;
  const retry: RetryOptions = { retries: o.retries ?? 3, backoffMs: o.backoffMs ?? 500, sleep: o.sleep ?? realSleep, logger: o.logger };
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  function apiError(what: string, json: Record<string, unknown>): AppError {
    const errcode = Number(json.errcode);
    const errmsg = String(json.errmsg ?? '');
    const hint = ERRCODE_HINTS[errcode];
    if (errcode === 60020) o.logger.error("WeCom refused the call: this server's IP is not a trusted IP of the app", { what, errcode, errmsg, fix: hint });
    return new AppError('platform.api_error', `${what}: errcode ${errcode} ${errmsg}${hint ? ` — ${hint}` : ''}`, {
      errcode,
      errmsg,
      what,
      retryable: TRANSIENT.has(errcode),
    });
  }

  /** One HTTP exchange with retries; transient errcodes count as failures to retry. */
  function exchange(what: string, url: string, method: 'GET' | 'POST', body?: unknown): Promise<Record<string, unknown>> {
    return withRetries(
      what,
      async () => {
        const json = await requestJson(transport, url, { method, body }, timeoutMs, what);
        if (TRANSIENT.has(Number(json.errcode))) throw apiError(what, json);
        return json;
      },
      retry,
    );
  }

  async function fetchToken(): Promise<string> {
    const q = new URLSearchParams({ corpid: o.corpId, corpsecret: o.secret });
    const json = await exchange('gettoken', `${o.apiBase}/cgi-bin/gettoken?${q}`, 'GET');
    if (Number(json.errcode ?? 0) !== 0 || typeof json.access_token !== 'string') throw apiError('gettoken', json);
    const lifeMs = Number(json.expires_in ?? 7200) * 1000;
    cached = { token: json.access_token, refreshAt: o.clock.now().getTime() + Math.max(lifeMs - TOKEN_MARGIN_MS, lifeMs / 2) };
    o.logger.info('WeCom access token fetched', { expiresInS: lifeMs / 1000 });
    return json.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached && o.clock.now().getTime() < cached.refreshAt) return Promise.resolve(cached.token);
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  async function call(method: 'GET' | 'POST', path: string, opts: { query?: Record<string, string>; body?: unknown } = {}) {
    let refreshed = false;
    for (;;) {
      const token = await accessToken();
      const q = new URLSearchParams({ access_token: token, ...opts.query });
      const json = await exchange(path, `${o.apiBase}/cgi-bin/${path}?${q}`, method, opts.body);
      const errcode = Number(json.errcode ?? 0);
      if (errcode === 0) return json;
      if (TOKEN_REJECTED.has(errcode) && !refreshed) {
        // Refresh once and retry once; never loop (WxJava#1381).
        refreshed = true;
        if (cached?.token === token) cached = undefined;
        o.logger.info('WeCom access token rejected; refreshing once', { what: path, errcode });
        continue;
      }
      throw apiError(path, json);
    }
  }

  return { accessToken, call };
}
