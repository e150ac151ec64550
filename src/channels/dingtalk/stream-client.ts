/**
 * Stream mode (dingtalk.md §2, §8, §9.4): an outbound WebSocket, so no public IP is needed.
 * - POST {apiBase}/v1.0/gateway/connections/open → {endpoint, ticket}; connect `${endpoint}?ticket=…`.
 * - Hand every CALLBACK and EVENT frame to `deliver` (the inbound pipeline, through the Stream receiver) and
 *   ack it once that resolves (the message is durably claimed); a rejection leaves it unacked for redelivery.
 *   Echo SYSTEM ping.
 * - SYSTEM disconnect: connect anew at once and close the old socket once the new one is open (warm).
 * - Watchdog: a WebSocket ping every interval; a socket silent for `silentTicks` intervals is dead.
 * - One reconnect path: every failure funnels into `schedule()`, which keeps at most one attempt queued or
 *   running, with exponential backoff and jitter. (dingtalk-stream@2.1.5 schedules from both `error` and
 *   `close` and storms at 1→2→4→8→16 attempts a second.)
 */
import WebSocket from 'ws';
import { AppError } from '../../core/errors.js';
import { requestJson } from './http.js';
import { STREAM_DEFAULTS, type StreamClient, type StreamClientOptions, type StreamTuning, connectHint, localIp } from './stream-options.js';
import { type DownFrame, OpenConnection, callbackAck, eventAck, openConnectionBody, parseFrame, pingAck, socketUrl } from './stream-frames.js';

export type { StreamClient, StreamClientOptions, StreamHealth, StreamTuning } from './stream-options.js';

interface Conn {
  readonly ws: WebSocket;
  opened: boolean;
  timer?: NodeJS.Timeout;
  heard: boolean;
  missed: number;
  ticks: number;
  draining: boolean;
  retired: boolean;
}

export function createStreamClient(o: StreamClientOptions): StreamClient {
  const t: StreamTuning = { ...STREAM_DEFAULTS, ...o.tuning };
  const log = o.logger.child({ channel: 'dingtalk', mode: 'stream' });
  const random = o.random ?? Math.random;
  const fetchFn = o.fetch ?? globalThis.fetch;
  const iso = () => o.clock.now().toISOString();
  let running = false;
  let connecting = false;
  let current: Conn | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let attempts = 0;
  let received = 0;
  let lastError: string | undefined;
  let connectedSince: string | undefined;
  let lastFrameAt: string | undefined;
  const inFlight = new Set<Promise<void>>();

  /** The single reconnect path: at most one attempt queued or running. */
  function schedule(reason: string, delayMs: number): void {
    if (!running || connecting || retry) return;
    log.info('stream reconnect scheduled', { reason, delayMs });
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delayMs);
    retry.unref();
  }

  const backoff = () => Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** Math.max(0, failures - 1)) + Math.floor(random() * t.baseDelayMs);

  /**
   * Opens the socket with every listener attached before 'open': a frame that arrives in the same packet as the
   * handshake answer is handled, not lost (the "first message after a reconnect is lost" pitfall, go SDK #16).
   */
  function openSocket(url: string): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: 10_000 });
      const conn: Conn = { ws, opened: false, heard: true, missed: 0, ticks: 0, draining: false, retired: false };
      ws.on('message', (data) => {
        conn.heard = true;
        lastFrameAt = iso();
        onFrame(conn, data.toString());
      });
      ws.on('pong', () => {
        conn.heard = true;
      });
      // One error listener for the socket's life (an unhandled 'error' would crash the process).
      ws.on('error', (err) => (conn.opened ? log.warn('stream socket error', { err }) : reject(err)));
      ws.on('close', (code) => (conn.opened ? onClose(conn, code) : reject(new Error(`socket closed before open (${code})`))));
      ws.once('open', () => {
        conn.opened = true;
        resolve(conn);
      });
    });
  }

  async function connect(): Promise<void> {
    if (!running || connecting) return;
    connecting = true;
    attempts++;
    let conn: Conn;
    try {
      const what = 'gateway/connections/open';
      const json = await requestJson(fetchFn, {
        method: 'POST',
        url: `${o.apiBase}/v1.0/gateway/connections/open`,
        body: openConnectionBody(o.clientId, o.clientSecret, localIp(), o.events ?? false),
        what,
      });
      const open = OpenConnection.safeParse(json);
      if (!open.success) throw new AppError('platform.api_error', `${what}: answer has no endpoint/ticket`, { what });
      conn = await openSocket(socketUrl(open.data.endpoint, open.data.ticket));
      if (conn.ws.readyState !== WebSocket.OPEN) throw new Error('socket closed right after opening');
    } catch (err) {
      connecting = false;
      failures++;
      lastError = (err as Error).message;
      log.warn('stream connection failed', { err, attempt: attempts, failures, check: connectHint(err) });
      schedule('connect failed', backoff());
      return;
    }
    connecting = false;
    if (!running) {
      retire(conn);
      return;
    }
    const previous = current;
    current = conn;
    conn.timer = setInterval(() => tick(conn), t.watchdogIntervalMs);
    conn.timer.unref();
    connectedSince = iso();
    lastError = undefined;
    log.info('stream connected', { attempt: attempts });
    if (previous) retire(previous);
  }

  function tick(conn: Conn): void {
    if (conn.heard) {
      conn.heard = false;
      conn.missed = 0;
      if (++conn.ticks === t.stableTicks) failures = 0;
    } else if (++conn.missed >= t.silentTicks) {
      log.warn('stream connection silent; treating it as dead', { silentMs: conn.missed * t.watchdogIntervalMs });
      conn.ws.terminate();
      return;
    }
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.ping();
  }

  function retire(conn: Conn): void {
    conn.retired = true;
    clearInterval(conn.timer);
    if (conn.ws.readyState === WebSocket.OPEN || conn.ws.readyState === WebSocket.CONNECTING) conn.ws.close(1000, 'replaced');
  }

  function onClose(conn: Conn, code: number): void {
    clearInterval(conn.timer);
    if (conn.retired || conn !== current) return;
    current = undefined;
    connectedSince = undefined;
    if (!running) return;
    if (!conn.draining) failures++;
    log.warn('stream connection closed', { code, draining: conn.draining });
    schedule('connection closed', conn.draining ? 0 : backoff());
  }

  function reply(conn: Conn, text: string): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(text);
  }

  function onFrame(conn: Conn, raw: string): void {
    const frame: DownFrame | undefined = parseFrame(raw);
    if (!frame) {
      log.warn('unreadable stream frame skipped', { bytes: raw.length });
      return;
    }
    const { topic, messageId } = frame.headers;
    if (frame.type === 'SYSTEM') {
      if (topic === 'ping') reply(conn, pingAck(frame));
      else if (topic === 'disconnect') {
        log.info('gateway asked us to reconnect', { data: frame.data });
        conn.draining = true;
        schedule('disconnect', 0);
      } else log.debug('system frame ignored', { topic });
      return;
    }
    if (!messageId) {
      log.warn('stream frame without messageId skipped', { type: frame.type, topic });
      return;
    }
    if (frame.type !== 'CALLBACK' && frame.type !== 'EVENT') {
      log.warn('unknown stream frame type skipped', { type: frame.type });
      return;
    }
    if (frame.type === 'CALLBACK') received++;
    const ack = frame.type === 'EVENT' ? eventAck(messageId) : callbackAck(messageId);
    const p = o
      .deliver(frame)
      .then(() => reply(conn, ack))
      .catch((err) => log.error('stream frame not accepted; left unacknowledged for redelivery', { messageId, type: frame.type, err }));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  return {
    start() {
      if (running) return;
      running = true;
      failures = 0;
      void connect();
    },
    async stop() {
      running = false;
      clearTimeout(retry);
      retry = undefined;
      const conn = current;
      current = undefined;
      if (conn && conn.ws.readyState !== WebSocket.CLOSED) {
        const closed = new Promise<void>((r) => conn.ws.once('close', () => r()));
        retire(conn);
        const timer = setTimeout(() => conn.ws.terminate(), 2_000);
        await closed;
        clearTimeout(timer);
      }
      await Promise.allSettled([...inFlight]);
    },
    health() {
      const state = !running ? 'stopped' : current ? 'open' : connecting ? 'connecting' : 'waiting';
      return {
        state,
        connected: current !== undefined,
        connectedSince,
        lastFrameAt,
        connectionAttempts: attempts,
        consecutiveFailures: failures,
        callbacksReceived: received,
        lastError,
      };
    },
  };
}
