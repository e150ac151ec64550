/**
 * Staying within a platform's rate limits: a pacer spaces calls of one kind evenly (at most `perSecond`
 * starts a second), and a pool runs at most `concurrency` tasks at once. Time comes from the injected
 * clock and waits from the injected sleep, so tests run at once and the benchmark runs at the real pace.
 */
import type { Clock } from './clock.js';

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** Spaces calls per key (e.g. per API path): each `wait(key)` resolves at the next free slot. */
export interface Pacer {
  wait(key: string): Promise<void>;
}

export function createPacer(perSecond: number, clock: Clock, sleep: Sleep): Pacer {
  const interval = 1000 / perSecond;
  const next = new Map<string, number>();
  return {
    async wait(key) {
      const now = clock.now().getTime();
      const at = Math.max(now, next.get(key) ?? 0);
      next.set(key, at + interval);
      if (at > now) await sleep(at - now);
    },
  };
}

/** Runs added tasks with at most `concurrency` at once; `idle()` resolves when all added tasks (and those they add) are done. */
export function createPool(concurrency: number) {
  let running = 0;
  const queue: Array<() => Promise<void>> = [];
  let waiters: Array<() => void> = [];
  const pump = () => {
    while (running < concurrency && queue.length > 0) {
      const task = queue.shift()!;
      running++;
      void task().finally(() => {
        running--;
        pump();
        if (running === 0 && queue.length === 0) {
          for (const w of waiters) w();
          waiters = [];
        }
      });
    }
  };
  return {
    /** Queues a task; its failure is its own business (tasks handle their errors). */
    add(task: () => Promise<void>): void {
      queue.push(() => task().catch(() => undefined));
      pump();
    },
    idle(): Promise<void> {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
