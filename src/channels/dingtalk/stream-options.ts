/**
 * Options, health and helpers of the Stream client (stream-client.ts), kept apart so the state machine stays small.
 */
import { networkInterfaces } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { FetchFn } from './http.js';
import type { DownFrame } from './stream-frames.js';

/** Timings; defaults suit production, tests shrink them. */
export interface StreamTuning {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly watchdogIntervalMs: number;
  /** Consecutive silent watchdog intervals after which the socket is dropped. */
  readonly silentTicks: number;
  /** Healthy intervals after which a connection counts as stable (the backoff starts over). */
  readonly stableTicks: number;
}

export const STREAM_DEFAULTS: StreamTuning = { baseDelayMs: 1_000, maxDelayMs: 60_000, watchdogIntervalMs: 20_000, silentTicks: 3, stableTicks: 3 };

export interface StreamClientOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiBase: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchFn;
  /**
   * Takes a CALLBACK (robot message) or EVENT (通讯录事件…) frame. The client acks the frame once this resolves
   * (the frame was durably accepted, or skipped as bad input); if it rejects, the frame stays unacknowledged
   * and DingTalk redelivers it.
   */
  readonly deliver: (frame: DownFrame) => Promise<void>;
  /** Subscribe to events (EVENT topic `*`) as well as robot messages. */
  readonly events?: boolean;
  readonly tuning?: Partial<StreamTuning>;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
}

/** Connection health for /healthz. */
export interface StreamHealth {
  readonly state: 'stopped' | 'connecting' | 'open' | 'waiting';
  readonly connected: boolean;
  readonly connectedSince?: string;
  readonly lastFrameAt?: string;
  /** connections/open calls so far (a storm shows here). */
  readonly connectionAttempts: number;
  readonly consecutiveFailures: number;
  readonly callbacksReceived: number;
  readonly lastError?: string;
}

export interface StreamClient {
  start(): void;
  /** Closes the socket and waits for callbacks being handled. */
  stop(): Promise<void>;
  health(): StreamHealth;
}

export function localIp(): string {
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return '';
}

export function connectHint(err: unknown): string {
  if (isAppError(err, 'platform.api_error')) return 'check DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET and that the robot is set to Stream mode and published';
  return 'check outbound HTTPS (443) to api.dingtalk.com and wss-open-connection.dingtalk.com, and any proxy';
}
