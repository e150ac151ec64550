/**
 * Options, health and helpers of the Stream client (stream-client.ts), kept apart so the state machine stays small.
 */
import { networkInterfaces } from 'node:os';
import type { Clock } from '../../core/clock.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { FetchFn } from './http.js';

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
   * Handles a robot callback. It must call `ack()` as soon as the message is durably accepted (or skipped as
   * bad input); if it fails before that, the frame stays unacknowledged and DingTalk redelivers it.
   */
  readonly onRobotMessage: (data: string, messageId: string, ack: () => void) => Promise<void>;
  /**
   * Takes an EVENT frame (通讯录事件 and any other event the app subscribes to). When given, the client
   * subscribes to events and acks each one once this resolves; if it rejects, the frame stays
   * unacknowledged and DingTalk redelivers it. Without it, events are acked and dropped.
   */
  readonly onEvent?: (data: string, headers: Readonly<Record<string, unknown>>, messageId: string) => Promise<void>;
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
