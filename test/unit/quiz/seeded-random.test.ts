import { describe, expect, it } from 'vitest';
import { createRandom, seedOf, seedsFor } from '../../../src/quiz/seeded-random.js';

describe('seedsFor: one hash per context, a cheap seed per item', () => {
  it('is deterministic per (context, item) and differs across items and contexts', () => {
    const a = seedsFor('p1', '2026-12-02');
    const b = seedsFor('p1', '2026-12-02');
    const other = seedsFor('p2', '2026-12-02');
    expect(a('q-001')).toBe(b('q-001'));
    expect(a('q-001')).not.toBe(a('q-002'));
    expect(a('q-001')).not.toBe(other('q-001'));
    expect(seedsFor('position', 'p1', '2026-12-02')('q-001')).not.toBe(a('q-001'));
  });

  it('spreads similar ids evenly over 32 bits (the picker turns seeds into weighted-sampling keys)', () => {
    const seed = seedsFor('p1', '2026-12-02');
    const buckets = new Array(16).fill(0);
    const n = 16_000;
    for (let i = 0; i < n; i++) {
      const s = seed(`xingfa-${String(i).padStart(4, '0')}`);
      expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
      buckets[s >>> 28]++;
    }
    // Each of 16 buckets expects 1000; a uniform draw stays within ±15% (over 4 standard deviations).
    for (const count of buckets) expect(Math.abs(count - n / 16)).toBeLessThan(150);
  });

  it('leaves seedOf and createRandom as they were (stored option orders stay reproducible)', () => {
    expect(seedOf('options', 'p1', '2026-12-02', 'q-001')).toBe(seedOf('options', 'p1', '2026-12-02', 'q-001'));
    const r = createRandom(42);
    expect(r()).toBeGreaterThanOrEqual(0);
  });
});
