/** The playground's per-client limit and loopback check (issue 11 item 9). */
import { describe, expect, test } from 'vitest';
import { createRateLimiter, isLoopback } from '../../../src/channels/playground/rate-limit.js';
import { fixedClock } from '../../../src/core/clock.js';

describe('createRateLimiter', () => {
  test('allows `limit` per client and window, says how long to wait, and starts afresh in the next window', () => {
    const clock = fixedClock('2026-11-24T02:00:00Z');
    const limiter = createRateLimiter({ limit: 2, windowMs: 60_000, clock });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('b')).toEqual({ ok: true });
    clock.advance(15_000);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 45_000 });
    clock.advance(45_000);
    expect(limiter.take('a')).toEqual({ ok: true });
  });

  test('memory stays bounded however many clients come', () => {
    const clock = fixedClock('2026-11-24T02:00:00Z');
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, clock, maxClients: 100 });
    for (let i = 0; i < 10_000; i++) limiter.take(`client-${i}`);
    // The oldest were forgotten (a fresh window), the newest are still counted.
    expect(limiter.take('client-0')).toEqual({ ok: true });
    expect(limiter.take('client-9999').ok).toBe(false);
  });
});

test.each([
  ['127.0.0.1', true],
  ['127.3.2.1', true],
  ['::1', true],
  ['::ffff:127.0.0.1', true],
  ['192.0.2.2', false],
  ['::ffff:192.0.2.2', false],
  ['fd00::2', false],
  ['', false],
])('isLoopback(%s) = %s', (ip, loopback) => {
  expect(isLoopback(ip)).toBe(loopback);
});
