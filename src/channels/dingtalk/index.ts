/**
 * The DingTalk (钉钉) channel for an enterprise internal app robot (企业内部应用机器人).
 * createDingtalkChannel(config, deps) builds everything the composition root wires in:
 * - `receiver` (HTTP mode) to mount at /dingtalk/callback,
 * - `stream` (Stream mode) to start with the dispatcher and stop on shutdown; `health()` for /healthz,
 * - `sender` (Sender + bulk `sendToUsers`), `contacts` (the 通讯录 as a ContactSource), `robot` (custom group robot, optional).
 * In Stream mode the same socket carries the 通讯录事件, handed to the directory as DirectoryChanges.
 * Protocol notes: /work/shared/platforms/dingtalk.md; operator guide: docs/channels/dingtalk.md.
 */
import type { Clock } from '../../core/clock.js';
import type { ContactSource, DirectoryChange } from '../../core/ports/platform-lookup.js';
import type { Dispatcher } from '../../core/dispatcher.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { Receiver } from '../../core/ports/receiver.js';
import { createDingtalkApi, type DingtalkApi } from './api.js';
import type { DingtalkConfig } from './config.js';
import type { FetchFn } from './http.js';
import { createDingtalkContacts } from './contacts.js';
import { dingtalkContactChange } from './contact-events.js';
import { createDingtalkReceiver } from './receiver.js';
import { planGroupReplies } from './render.js';
import { type CustomRobot, createCustomRobot } from './robot.js';
import { type DingtalkSender, createDingtalkSender } from './sender.js';
import { type StreamClient, type StreamHealth, type StreamTuning, createStreamClient } from './stream-client.js';
import { decodeRobotCallback, parseCallbackJson } from './wire.js';

export interface DingtalkChannelDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchFn;
  /** Needed by Stream mode; may instead be passed to `stream.start(dispatcher)` once deps exist. */
  readonly dispatcher?: Dispatcher;
  /** Waits used by retries (throttled users, the custom robot's queue). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly streamTuning?: Partial<StreamTuning>;
  readonly random?: () => number;
  readonly throttleRetryDelaysMs?: readonly number[];
}

/** The Stream-mode client as the composition root sees it. */
export interface DingtalkStream {
  /**
   * Connects and keeps connecting; robot messages go to the dispatcher, replies to the sender, and 通讯录事件
   * to `onDirectoryChange` (the frame is acked once that resolves).
   */
  start(dispatcher?: Dispatcher, onDirectoryChange?: (change: DirectoryChange) => Promise<void>): void;
  stop(): Promise<void>;
  health(): StreamHealth;
}

export interface DingtalkChannel {
  readonly mode: 'stream' | 'http';
  /** HTTP mode only: mount at POST /dingtalk/callback. */
  readonly receiver?: Receiver;
  /** Stream mode only. */
  readonly stream?: DingtalkStream;
  readonly sender: DingtalkSender;
  /** The 通讯录: sync, first contact, events. */
  readonly contacts: ContactSource;
  /** Present when DINGTALK_WEBHOOK_TOKEN is set. */
  readonly robot?: CustomRobot;
  readonly api: DingtalkApi;
  /** For /healthz: the mode and, in Stream mode, the connection state. */
  health(): { mode: 'stream' | 'http'; stream?: StreamHealth };
}

/** Hints for operators, by error code, when a Stream message is skipped. */
const SKIP_HINTS: Record<string, string> = {
  'channel.bad_payload': 'the robot callback JSON was malformed or of an unknown msgtype; nothing was stored',
};

export function createDingtalkChannel(config: DingtalkConfig, deps: DingtalkChannelDeps): DingtalkChannel {
  const log = deps.logger.child({ channel: 'dingtalk' });
  const api = createDingtalkApi({ ...config, clock: deps.clock, fetch: deps.fetch });
  const sender = createDingtalkSender({
    api,
    clock: deps.clock,
    logger: deps.logger,
    sleep: deps.sleep,
    throttleRetryDelaysMs: deps.throttleRetryDelaysMs,
    webhookOrigins: [config.oapiBase, config.apiBase],
  });
  const contacts = createDingtalkContacts(api.topapi, {
    clock: deps.clock,
    logger: deps.logger,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  const robot = config.webhook
    ? createCustomRobot(config.webhook, { clock: deps.clock, logger: deps.logger, fetch: deps.fetch, sleep: deps.sleep })
    : undefined;

  let stream: DingtalkStream | undefined;
  if (config.mode === 'stream') {
    let dispatcher = deps.dispatcher;
    let onDirectoryChange: ((change: DirectoryChange) => Promise<void>) | undefined;
    /** A 通讯录事件 goes to the directory; anything else (and anything unreadable) is acked and dropped. */
    const onEvent = async (data: string, headers: Readonly<Record<string, unknown>>, frameId: string): Promise<void> => {
      let event: unknown;
      try {
        event = JSON.parse(data);
      } catch {
        return log.warn('unreadable stream event skipped', { frameId });
      }
      const change = event && typeof event === 'object' ? dingtalkContactChange(event as Record<string, unknown>, headers) : undefined;
      if (!change) return log.debug('stream event ignored', { eventType: headers.eventType, frameId });
      if (!onDirectoryChange) return log.warn('contact event dropped: no directory to apply it to', { eventType: headers.eventType, frameId });
      await onDirectoryChange(change);
    };
    /**
     * Same decoder as HTTP mode. Bad input is acked and skipped with a log line (nothing stored); a good
     * message is acked only once the dispatcher has written it to the durable inbox.
     */
    const onRobotMessage = async (data: string, frameId: string, ack: () => void): Promise<void> => {
      let decoded: ReturnType<typeof decodeRobotCallback>;
      try {
        decoded = decodeRobotCallback(parseCallbackJson(data), deps.clock.now());
      } catch (err) {
        if (!isAppError(err)) throw err;
        ack();
        log.warn('stream message skipped', { code: err.code, reason: err.message, frameId, check: SKIP_HINTS[err.code] ?? '' });
        return;
      }
      if (decoded.kind === 'ignored') {
        ack();
        return log.info('stream message ignored', { reason: decoded.reason, frameId });
      }
      if (!dispatcher) throw new Error('DingTalk stream started without a dispatcher');
      const { message } = decoded;
      const fresh = await dispatcher.accept(message);
      ack();
      if (!fresh) return;
      const all = await dispatcher.process(message);
      const replies = message.conversation.kind === 'group' ? planGroupReplies(all) : all;
      for (const r of replies) await sender.send(message.replyTo, r);
    };
    const client: StreamClient = createStreamClient({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      apiBase: config.apiBase,
      clock: deps.clock,
      logger: deps.logger,
      fetch: deps.fetch,
      onRobotMessage,
      onEvent,
      tuning: deps.streamTuning,
      random: deps.random,
    });
    stream = {
      start(d, onChange) {
        dispatcher = d ?? dispatcher;
        onDirectoryChange = onChange ?? onDirectoryChange;
        if (!dispatcher) throw new Error('createDingtalkChannel: stream.start needs the dispatcher (createDeps(...).dispatcher)');
        client.start();
      },
      stop: () => client.stop(),
      health: () => client.health(),
    };
  }

  return {
    mode: config.mode,
    receiver: config.mode === 'http' ? createDingtalkReceiver({ clientSecret: config.clientSecret }) : undefined,
    stream,
    sender,
    contacts,
    robot,
    api,
    health: () => ({ mode: config.mode, stream: stream?.health() }),
  };
}

export type { DingtalkConfig } from './config.js';
export { dingtalkEnvFields, refineDingtalkEnv, dingtalkConfigFromEnv, customRobotConfigFromEnv, loadDingtalkConfig } from './config.js';
export { computeSign, verifyCallbackSign } from './sign.js';
export { GROUP_QUIZ_HINT } from './render.js';
export type { StreamHealth } from './stream-client.js';
export type { DingtalkSender } from './sender.js';
