/** Test timing without sleeping: budget timers fired by hand, and signals a handler raises when it reaches a point. */
import type { Deadline } from '../../src/core/dispatcher.js';

/** Budget timers the test fires by hand (no test waits for real time). */
export function manualDeadlines() {
  const armed = new Set<() => void>();
  return {
    deadline(): Deadline {
      let fire!: () => void;
      const promise = new Promise<void>((r) => {
        fire = r;
      });
      armed.add(fire);
      return { promise, cancel: () => armed.delete(fire) };
    },
    fireAll() {
      for (const f of [...armed]) {
        armed.delete(f);
        f();
      }
    },
    get armed() {
      return armed.size;
    },
  };
}

/** A signal a test awaits until the handler reaches a point (e.g. the poison starts hanging). */
export function signal() {
  let fire!: () => void;
  let promise = new Promise<void>((r) => {
    fire = r;
  });
  return {
    next: () => promise,
    fire: () => {
      const f = fire;
      promise = new Promise<void>((r) => {
        fire = r;
      });
      f();
    },
  };
}
