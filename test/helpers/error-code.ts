/** The AppError code `fn` throws; fails the test when nothing is thrown (a test that cannot fail is no test). */
import type { AppError } from '../../src/core/errors.js';

export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  throw new Error('expected a throw, nothing was thrown');
}

/** Like codeOf, but undefined when nothing is thrown (for asserting that input is accepted). */
export function codeOrNone(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
}
