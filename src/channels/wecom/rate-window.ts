/**
 * A sliding-window pacer: at most `limit` takes per key within `windowMs`; a take beyond that waits
 * (injectable clock and sleep). Used for the group robot (20/min) and per-member app messages (30/min),
 * because WeCom drops the excess silently (wecom.md §3, §4).
 */
import type { Clock } from '../../core/clock.js';
import type { Sleep } from './http.js';

/** A per-key pacer. */
export interface RateWindow {
  /** Resolves when one more send for `key` fits in the window (and counts it). */
  take(key: string): Promise<void>;
}

/** Creates a pacer. */
export function createRateWindow(o: { limit: number; windowMs: number; clock: Clock; sleep: Sleep }): RateWindow {
  const sent = new Map<string, number[]>();
  return {
    async take(key) {
      for (;;) {
        const now = o.clock.now().getTime();
        const recent = (sent.get(key) ?? []).filter((t) => now - t < o.windowMs);
        if (recent.length < o.limit) {
          recent.push(now);
          sent.set(key, recent);
          return;
        }
        sent.set(key, recent);
        await o.sleep(Math.max(1, recent[0]! + o.windowMs - now));
      }
    },
  };
}
