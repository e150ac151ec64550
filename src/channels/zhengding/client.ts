/**
 * The 浙政钉 gateway client (zhengding.md §3): every call signed (sign.ts), parameters as a form body (POST)
 * or query (GET), lists as repeated keys; answers `{success, content:{success, data, responseCode,
 * responseMessage, …}, bizErrorCode}`. An HTTP status ≥ 300 or 203 is an error, as in the official SDK
 * (§3.3); `content.success === false` is an API error carrying `responseCode`. A request the gateway never
 * answered is retried (the SDK retries NoHttpResponseException up to 3 times); an answer is never retried here.
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Transport } from '../http-kit/transport.js';
import { type ZzdParam, keptParams, zzdFormBody, zzdNonce, zzdSignedHeaders } from './sign.js';

/** responseCode of a rejected access token (§4.1: "accessToken not correct"). */
export const ZZD_BAD_TOKEN = '250027';
/** responseCode of an organisation outside the app's scope (§6: "…没有[GO_…]组织的操作权限"). */
export const ZZD_OUT_OF_SCOPE = '300037';
/** The gateway's code for a signature mismatch (§3.2: SignatureDoesNotMatch). */
export const ZZD_BAD_SIGNATURE = 'OPF-B001-05-16-0009';

export interface ZzdClientOptions {
  readonly apiBase: string;
  readonly appKey: string;
  readonly appSecret: string;
  readonly clock: Clock;
  readonly transport: Transport;
  /** For the nonce's 4 random digits (tests pin it). */
  readonly random?: () => number;
  /** Per request (the SDK's default is 5000 ms). */
  readonly timeoutMs?: number;
  /** Retries of a request that got no answer at all (default 3, as the SDK). */
  readonly retries?: number;
}

/** One signed call: the answer's `content` (the gateway's envelope checked). */
export type ZzdCall = (method: 'GET' | 'POST', path: string, params: readonly ZzdParam[]) => Promise<Record<string, unknown>>;

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The API error of a failed call, or undefined. Details never carry the parameters (they may hold a token). */
function apiError(path: string, json: Record<string, unknown>): AppError | undefined {
  const content = obj(json.content);
  if (json.success !== false && content?.success !== false) return undefined;
  const code = String(content?.responseCode ?? json.bizErrorCode ?? content?.bizErrorCode ?? 'unknown');
  const message = String(content?.responseMessage ?? '');
  return new AppError('platform.api_error', `${path}: ${code} ${message}`.trim(), {
    what: path,
    responseCode: code,
    responseMessage: message,
    bizErrorCode: json.bizErrorCode ?? content?.bizErrorCode,
    auth: code === ZZD_BAD_TOKEN,
    signature: code === ZZD_BAD_SIGNATURE || json.bizErrorCode === ZZD_BAD_SIGNATURE,
  });
}

export function createZzdClient(o: ZzdClientOptions): ZzdCall {
  const random = o.random ?? Math.random;
  const retries = o.retries ?? 3;
  return async (method, path, params) => {
    const kept = keptParams(params);
    const form = zzdFormBody(kept);
    const url = method === 'GET' && form ? `${o.apiBase}${path}?${form}` : `${o.apiBase}${path}`;
    for (let attempt = 0; ; attempt++) {
      // Signed afresh for each attempt: a new nonce and timestamp.
      const now = o.clock.now();
      const headers = {
        ...zzdSignedHeaders({ appKey: o.appKey, appSecret: o.appSecret, method, path, params: kept, now, nonce: zzdNonce(now, random) }),
        accept: 'application/json',
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' } : {}),
      };
      let answer: { status: number; text: string };
      try {
        answer = await o.transport(url, { method, headers, body: method === 'POST' ? form : undefined, timeoutMs: o.timeoutMs ?? 5000 });
      } catch (err) {
        if (attempt < retries && (err as Error).name !== 'TimeoutError') continue;
        throw new AppError(
          'platform.http_error',
          `${path}: request failed (${(err as Error).message}); check the route to ZZD_API_BASE`,
          { what: path },
          { cause: err },
        );
      }
      let json: Record<string, unknown> | undefined;
      try {
        json = obj(JSON.parse(answer.text));
      } catch {
        json = undefined;
      }
      const error = json ? apiError(path, json) : undefined;
      if (error) throw error;
      if (answer.status >= 300 || answer.status === 203) {
        throw new AppError('platform.http_error', `${path}: HTTP ${answer.status}`, { what: path, status: answer.status });
      }
      if (!json) throw new AppError('platform.http_error', `${path}: answer is not JSON`, { what: path, status: answer.status });
      return obj(json.content) ?? {};
    }
  };
}
