/** Secrets of the web sign-in: random tokens, their stored hashes, and safe return paths. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url (login-link tokens, session ids, CSRF tokens). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of a secret: its sha256, base64url. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Constant-time string comparison. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A same-origin path to return to after signing in, or the fallback: only `/…` paths, never `//host`, `/\host`,
 * a scheme, control characters or an over-long value (no open redirect).
 */
export function safeReturnTo(value: unknown, fallback = '/dash'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 512) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  return value;
}
