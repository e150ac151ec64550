/**
 * Deterministic randomness from a string seed: the same (person, day) always draws the same quiz and
 * the same option order, without storing any random state.
 */
import { createHash } from 'node:crypto';

/** 32-bit seed from a string (first 4 bytes of its SHA-256). */
export function seedOf(...parts: readonly string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/**
 * Seeds for many items under one context (a person's day): the context is hashed once with SHA-256, and
 * each item then costs a 32-bit FNV-1a over its id, finished with murmur3's avalanche (fmix32). Picking a
 * quiz draws a key for every question of the bank, so this replaces one SHA-256 per question.
 */
export function seedsFor(...context: readonly string[]): (item: string) => number {
  const base = seedOf(...context);
  return (item) => {
    let h = (0x811c9dc5 ^ base) >>> 0;
    for (let i = 0; i < item.length; i++) h = Math.imul(h ^ item.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
}

/** mulberry32: a small, fast PRNG with good enough distribution for shuffling. Returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
