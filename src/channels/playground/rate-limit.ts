/**
 * Per-client request limits for the playground (issue 11 item 9): at most `limit` requests per client in each
 * window (fixed windows, injected clock), with memory bounded by `maxClients`. And which client addresses are
 * this machine's own (the playground answers only those when a platform is configured). Pure apart from the
 * counters it keeps.
 */
import type { Clock } from '../../core/clock.js';

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

export interface RateLimiter {
  /** Counts one request of `client`; refused when its window is full. */
  take(client: string): Take;
}

export function createRateLimiter(o: { limit: number; windowMs: number; clock: Clock; maxClients?: number }): RateLimiter {
  const maxClients = o.maxClients ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(client) {
      const now = o.clock.now().getTime();
      let w = windows.get(client);
      if (!w || now - w.start >= o.windowMs) {
        windows.delete(client);
        if (windows.size >= maxClients) {
          for (const [k, v] of windows) if (now - v.start >= o.windowMs) windows.delete(k);
          // Still full of live windows: forget the oldest (insertion order), never grow without bound.
          while (windows.size >= maxClients) windows.delete(windows.keys().next().value!);
        }
        w = { start: now, count: 0 };
        windows.set(client, w);
      }
      if (w.count >= o.limit) return { ok: false, retryAfterMs: w.start + o.windowMs - now };
      w.count++;
      return { ok: true };
    },
  };
}

/** Whether a client address is this machine (127.0.0.0/8, ::1, or IPv4-mapped 127.x). */
export function isLoopback(ip: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === '::1' || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(ip);
}
