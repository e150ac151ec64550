import { describe, expect, test } from 'vitest';
import { codeOrNone } from '../../helpers/error-code.js';
import { computeSign, customRobotSignParams, verifyCallbackSign } from '../../../src/channels/dingtalk/sign.js';

/** dingtalk.md §6, vectors 1–4 (robot sign b64(HMAC256(secret, ts + "\n" + secret))). */
const VECTORS = [
  { n: 1, ts: '1577262236757', secret: 'this is secret', sign: 'hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=' },
  { n: 2, ts: '1577262236757', secret: 'this is a secret', sign: 'DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=' },
  { n: 3, ts: '1700000000000', secret: 'SEC1234567890abcdef', sign: 'RqBq3E1RTBDv3n2QBCh4adZ2WHk9mVklyUoDBLxarjI=' },
  { n: 4, ts: '1546084445901', secret: 'testappSecret', sign: 'fYP0TV8RJULxGabs59wSO94FZbNekbH7ebQJu2oy+/0=' },
];

describe('computeSign', () => {
  test.each(VECTORS)('vector $n', ({ ts, secret, sign }) => {
    expect(computeSign(secret, ts)).toBe(sign);
  });

  test('custom robot sign is URL-encoded with a fresh timestamp (vector 1)', () => {
    expect(customRobotSignParams('this is secret', new Date(1577262236757))).toEqual({
      timestamp: '1577262236757',
      sign: 'hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D',
    });
  });
});

describe('verifyCallbackSign', () => {
  const { ts, secret, sign } = VECTORS[0]!;
  const at = (offset: number) => new Date(Number(ts) + offset);

  test.each(VECTORS)('accepts vector $n at its own time', (v) => {
    expect(() => verifyCallbackSign({ timestamp: v.ts, sign: v.sign }, v.secret, new Date(Number(v.ts)))).not.toThrow();
  });

  test.each([3_600_000, -3_600_000])('accepts a clock %i ms away (inside ±1 h)', (offset) => {
    expect(codeOrNone(() => verifyCallbackSign({ timestamp: ts, sign }, secret, at(offset)))).toBeUndefined();
  });

  test.each([3_600_001, -3_600_001])('rejects a clock %i ms away as stale', (offset) => {
    expect(codeOrNone(() => verifyCallbackSign({ timestamp: ts, sign }, secret, at(offset)))).toBe('channel.stale_request');
  });

  test.each([
    ['missing sign', { timestamp: ts }],
    ['missing timestamp', { sign }],
    ['tampered sign', { timestamp: ts, sign: sign.replace('h', 'H') }],
    ['short sign', { timestamp: ts, sign: 'abc' }],
    ['sign of another secret', { timestamp: ts, sign: VECTORS[1]!.sign }],
    ['non-numeric timestamp', { timestamp: 'yesterday', sign }],
    ['timestamp of another sign', { timestamp: '1577262236758', sign }],
  ])('rejects %s', (_name, headers) => {
    expect(codeOrNone(() => verifyCallbackSign(headers, secret, at(0)))).toBe('channel.bad_signature');
  });
});
