/** Random values cut from a block: the right sizes, never the same bytes twice, refilled across blocks. */
import { expect, test } from 'vitest';
import { createRandomPool } from '../../../src/channels/random-pool.js';

test('each take is n bytes of its own, also across a refill and beyond the block size', () => {
  const take = createRandomPool(64);
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const b = take(16);
    expect(b.length).toBe(16);
    seen.add(b.toString('hex'));
  }
  expect(seen.size).toBe(100);
  const first = take(16);
  const copy = Buffer.from(first);
  for (let i = 0; i < 20; i++) take(16); // refills: an earlier value is never overwritten
  expect(first.equals(copy)).toBe(true);
  expect(take(100).length).toBe(100);
});
