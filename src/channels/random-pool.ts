/**
 * Small random values (a passive reply's 16 bytes and nonce, task ids) cut from one larger block of
 * crypto-random bytes, refilled when used up: one `randomBytes` call per few hundred replies instead of
 * two per reply (each call is a trip into OpenSSL that costs more than the bytes).
 */
import { randomBytes } from 'node:crypto';

/** Returns `take(n)`: n fresh random bytes. A block is never reused once cut, so the views stay valid. */
export function createRandomPool(blockBytes = 4096): (n: number) => Buffer {
  let block = randomBytes(blockBytes);
  let at = 0;
  return (n) => {
    if (n > blockBytes) return randomBytes(n);
    if (at + n > block.length) {
      block = randomBytes(blockBytes);
      at = 0;
    }
    const out = block.subarray(at, at + n);
    at += n;
    return out;
  };
}
