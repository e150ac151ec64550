/**
 * The one API client of the pages: same-origin requests with the session cookie, the CSRF token on every
 * POST, JSON errors as ApiError (status + code), and a sign-in redirect when the session has ended.
 */
let csrfToken = '';

/** Set once /api/me answered (the session's anti-CSRF token). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

/** `path?query` with empty values left out. */
export function withQuery(path: string, query: Query = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Sends the browser to sign in, coming back here afterwards. */
export function goSignIn(): void {
  const here = location.pathname + location.search;
  location.assign(`/signin?returnTo=${encodeURIComponent(here)}`);
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, file?: Blob): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(file ? { 'content-type': 'application/octet-stream' } : body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}),
    },
    body: file ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/')) goSignIn();
    throw new ApiError(res.status, json?.error?.code ?? 'http', json?.error?.message ?? `请求失败（${res.status}）`);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  /** Uploads a file as the raw body (the server reads `?name=` for its type). */
  upload: <T>(path: string, file: File, query: Query = {}) => request<T>('POST', withQuery(path, { ...query, name: file.name }), undefined, file),
};
