import { expect, test } from 'vitest';
import { hashToken, randomToken, safeReturnTo, sameSecret } from '../../../src/web/auth/tokens.js';

test('return paths stay on this site: no scheme, no //host, no backslash tricks, no control characters', () => {
  for (const ok of ['/dash', '/dash/people/zhangsan?period=本月', '/dash/unstudied#x']) expect(safeReturnTo(ok)).toBe(ok);
  for (const bad of [
    '//evil.example/x',
    '/\\evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    'dash',
    '/dash\nSet-Cookie: x',
    '',
    42,
    undefined,
    `/${'a'.repeat(600)}`,
  ]) {
    expect(safeReturnTo(bad)).toBe('/dash');
  }
});

test('tokens are 256-bit, base64url; only their hash is kept; comparison is exact', () => {
  const t = randomToken();
  expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(randomToken()).not.toBe(t);
  expect(hashToken(t)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(hashToken(t)).not.toBe(t);
  expect(sameSecret(t, t)).toBe(true);
  expect(sameSecret(t, `${t}x`)).toBe(false);
  expect(sameSecret(t, t.replace(/.$/, t.endsWith('A') ? 'B' : 'A'))).toBe(false);
});
