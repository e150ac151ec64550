/**
 * 浙政钉 request signing (zhengding.md §3, verified against the official SDK's Signature.class): every call
 * carries `apiKey` and `X-Hmac-Auth-*` headers; the signature is Base64(HMAC-SHA256(AppSecret, string-to-sign)).
 * Pure: the caller passes the time and the nonce.
 */
import { createHmac } from 'node:crypto';

/** One request parameter; a list is the same key several times (zhengding.md §3.3). */
export type ZzdParam = readonly [key: string, value: string];

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * `X-Hmac-Auth-Timestamp`: ISO-8601 with milliseconds and +08:00, e.g. `2024-03-01T09:30:00.000+08:00`
 * (§3.1), computed from the instant alone, so it is the same whatever the server's time zone.
 */
export function zzdTimestamp(now: Date): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** The parameters that are sent and signed: those with an empty name or value are dropped (§3.2). */
export function keptParams(params: readonly ZzdParam[]): ZzdParam[] {
  return params.filter(([k, v]) => k !== '' && v !== '');
}

/** Java's String.CASE_INSENSITIVE_ORDER for one pair of keys (compares upper- then lower-cased chars). */
function caseInsensitive(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a[i]!;
    let y = b[i]!;
    if (x === y) continue;
    x = x.toUpperCase();
    y = y.toUpperCase();
    if (x === y) continue;
    x = x.toLowerCase();
    y = y.toLowerCase();
    if (x !== y) return x.charCodeAt(0) - y.charCodeAt(0);
  }
  return a.length - b.length;
}

/** Java's Collections.sort on strings (UTF-16 code units). */
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical parameter line: keys in case-insensitive order (a TreeMap with CASE_INSENSITIVE_ORDER, so
 * keys differing only in case are one entry spelled as first given), a key's several values sorted, each
 * pair `key=value` with the raw (not URL-encoded) value, joined by `&`.
 */
export function canonicalParams(params: readonly ZzdParam[]): string {
  const groups: Array<{ key: string; values: string[] }> = [];
  for (const [k, v] of keptParams(params)) {
    const g = groups.find((x) => caseInsensitive(x.key, k) === 0);
    if (g) g.values.push(v);
    else groups.push({ key: k, values: [v] });
  }
  groups.sort((a, b) => caseInsensitive(a.key, b.key));
  return groups.flatMap((g) => [...g.values].sort(codeUnitOrder).map((v) => `${g.key}=${v}`)).join('&');
}

/** `METHOD\nTIMESTAMP\nNONCE\nPATH[\nPARAMS]` (the last line only when a parameter is left, §3.2). */
export function zzdStringToSign(method: 'GET' | 'POST', timestamp: string, nonce: string, path: string, params: readonly ZzdParam[]): string {
  const canonical = canonicalParams(params);
  return [method, timestamp, nonce, path].join('\n') + (canonical ? `\n${canonical}` : '');
}

/** Base64(HMAC-SHA256(key = AppSecret, message = string-to-sign)), both UTF-8. */
export function zzdSignature(appSecret: string, stringToSign: string): string {
  return createHmac('sha256', appSecret).update(stringToSign, 'utf8').digest('base64');
}

export interface SignInput {
  readonly appKey: string;
  readonly appSecret: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly params: readonly ZzdParam[];
  readonly now: Date;
  readonly nonce: string;
}

/** The signing headers of one request (§3.1; the informational IP and MAC headers are left out, as davycun/eta does). */
export function zzdSignedHeaders(s: SignInput): Record<string, string> {
  const timestamp = zzdTimestamp(s.now);
  return {
    apiKey: s.appKey,
    'X-Hmac-Auth-Timestamp': timestamp,
    'X-Hmac-Auth-Nonce': s.nonce,
    'X-Hmac-Auth-Version': '1.0',
    'X-Hmac-Auth-Signature': zzdSignature(s.appSecret, zzdStringToSign(s.method, timestamp, s.nonce, s.path, s.params)),
  };
}

/** A nonce as the doc copies describe it: the 13-digit millisecond time and 4 random digits (§3.1). */
export function zzdNonce(now: Date, random: () => number): string {
  return `${now.getTime()}${String(Math.floor(random() * 10_000)).padStart(4, '0')}`;
}

/** The form body (or query) of the kept parameters, percent-encoded, lists as repeated keys (§3.3). */
export function zzdFormBody(params: readonly ZzdParam[]): string {
  const form = new URLSearchParams();
  for (const [k, v] of keptParams(params)) form.append(k, v);
  return form.toString();
}
