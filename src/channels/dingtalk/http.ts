/**
 * One JSON request helper for every DingTalk endpoint. DingTalk reports many errors as HTTP 200 with a
 * non-zero `errcode` (dingtalk.md §9.2), and the v1.0 APIs as 4xx with `{code, message}`: both become AppErrors.
 */
import { AppError } from '../../core/errors.js';

export type FetchFn = typeof fetch;

/** Legacy errcodes meaning "the access token is bad or expired": refresh it once and retry. */
const AUTH_ERRCODES = new Set([40014, 42001]);
/** v1.0 error codes with the same meaning (3P satorijs/satori#240: `{"code":"InvalidAuthentication"}` with HTTP 400). */
const AUTH_CODES = new Set(['InvalidAuthentication', 'Forbidden.AccessDenied.AccessTokenPermissionDenied']);

export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Names the call in errors and logs, e.g. 'robot/oToMessages/batchSend'. */
  readonly what: string;
  readonly timeoutMs?: number;
}

/** True when an error says the access token was rejected. */
export function isAuthError(err: unknown): boolean {
  return err instanceof AppError && err.details.auth === true;
}

/**
 * Sends a request and returns the JSON body. Throws AppError('platform.http_error') for network errors
 * and non-JSON error answers, AppError('platform.api_error') for `errcode ≠ 0` or a v1.0 `{code}` error.
 * Error details never carry the URL's query (it may hold an access token).
 */
export async function requestJson(fetchFn: FetchFn, req: JsonRequest): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(req.url, {
      method: req.method,
      headers: { accept: 'application/json', ...(req.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...req.headers },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      signal: AbortSignal.timeout(req.timeoutMs ?? 10_000),
    });
  } catch (err) {
    throw new AppError(
      'platform.http_error',
      `${req.what}: request failed (${(err as Error).message}); check outbound access to DingTalk`,
      { what: req.what },
      { cause: err },
    );
  }
  const raw = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    if (json && typeof json.code === 'string') {
      throw new AppError('platform.api_error', `${req.what}: HTTP ${res.status} ${json.code} ${String(json.message ?? '')}`.trim(), {
        what: req.what,
        status: res.status,
        code: json.code,
        auth: res.status === 401 || AUTH_CODES.has(json.code),
      });
    }
    throw new AppError('platform.http_error', `${req.what}: HTTP ${res.status}`, { what: req.what, status: res.status, auth: res.status === 401 });
  }
  if (!json) throw new AppError('platform.http_error', `${req.what}: answer is not JSON`, { what: req.what, status: res.status });
  const errcode = json.errcode;
  if (errcode !== undefined && errcode !== 0 && errcode !== '0') {
    throw new AppError('platform.api_error', `${req.what}: errcode ${String(errcode)} ${String(json.errmsg ?? '')}`.trim(), {
      what: req.what,
      errcode: Number(errcode),
      errmsg: json.errmsg,
      auth: AUTH_ERRCODES.has(Number(errcode)),
    });
  }
  return json;
}
