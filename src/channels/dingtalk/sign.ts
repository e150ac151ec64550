/**
 * DingTalk signatures (dingtalk.md §1.1, §4, vectors §6). Pure: every function takes `now` or a timestamp.
 * - Robot HTTP callback: header `sign` = Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret)), not URL-encoded,
 *   accepted within ±1 hour of `timestamp`.
 * - Custom robot 加签: the same HMAC, URL-encoded, appended with a fresh timestamp to every request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';

/** How far a callback timestamp may be from our clock (both directions), per the receive-message doc. */
export const SIGN_WINDOW_MS = 60 * 60 * 1000;

/** Base64(HmacSHA256(key = secret, msg = timestamp + "\n" + secret)) over UTF-8. */
export function computeSign(secret: string, timestamp: string | number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Verifies the `timestamp` and `sign` headers of a robot callback. Throws AppError
 * `channel.bad_signature` (missing, malformed or wrong) or `channel.stale_request` (outside ±1 h).
 * The sign covers only the timestamp, never the body: dedupe by msgId and use HTTPS.
 */
export function verifyCallbackSign(headers: { timestamp?: string; sign?: string }, secret: string, now: Date): void {
  const { timestamp, sign } = headers;
  if (!timestamp || !sign) throw new AppError('channel.bad_signature', 'missing timestamp or sign header');
  if (!/^\d{1,16}$/.test(timestamp)) throw new AppError('channel.bad_signature', 'timestamp header is not a number of milliseconds');
  const expected = Buffer.from(computeSign(secret, timestamp), 'utf8');
  const given = Buffer.from(sign, 'utf8');
  // timingSafeEqual needs equal lengths; compare against itself to keep the timing flat when they differ.
  const lengthsMatch = given.length === expected.length;
  const same = timingSafeEqual(lengthsMatch ? given : expected, expected) && lengthsMatch;
  if (!same) throw new AppError('channel.bad_signature', 'sign header does not match the app secret');
  const skew = Math.abs(now.getTime() - Number(timestamp));
  if (skew > SIGN_WINDOW_MS) throw new AppError('channel.stale_request', `timestamp is ${Math.round(skew / 1000)} s away from our clock`, { skewMs: skew });
}

/** Query parameters for one custom-robot request: a fresh timestamp and the URL-encoded sign. */
export function customRobotSignParams(secret: string, now: Date): { timestamp: string; sign: string } {
  const timestamp = String(now.getTime());
  return { timestamp, sign: encodeURIComponent(computeSign(secret, timestamp)) };
}
