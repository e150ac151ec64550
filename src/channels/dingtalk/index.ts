/**
 * The DingTalk (钉钉) channel for an enterprise internal app robot (企业内部应用机器人).
 * createDingtalkChannel(config, deps) builds everything the composition root wires in:
 * - `receiver` (HTTP mode) to mount at /dingtalk/callback,
 * - `stream` (Stream mode): a Receiver on its own connection, started with the inbound pipeline and stopped on
 *   shutdown; `health()` for /healthz,
 * - `sender` (Sender + bulk `sendToUsers`), `contacts` (the 通讯录 as a ContactSource), `robot` (custom group robot, optional).
 * In Stream mode the same socket carries the 通讯录事件; the pipeline hands them to the directory.
 * Protocol notes: /work/shared/platforms/dingtalk.md; operator guide: docs/channels/dingtalk.md.
 */
import type { Clock } from '../../core/clock.js';
import type { InboundFeed, InboundPipeline } from '../../core/inbound-pipeline.js';
import type { ContactSource } from '../../core/ports/platform-lookup.js';
import type { Logger } from '../../core/log.js';
import type { Receiver } from '../../core/ports/receiver.js';
import { createDingtalkApi, type DingtalkApi } from './api.js';
import type { DingtalkConfig } from './config.js';
import type { FetchFn } from './http.js';
import { createDingtalkContacts } from './contacts.js';
import { createDingtalkReceiver } from './receiver.js';
import { type CustomRobot, createCustomRobot } from './robot.js';
import { type DingtalkSender, createDingtalkSender } from './sender.js';
import { type StreamClient, type StreamHealth, type StreamTuning, createStreamClient } from './stream-client.js';
import type { DownFrame } from './stream-frames.js';
import { createDingtalkStreamReceiver, streamRequest } from './stream-receiver.js';

export interface DingtalkChannelDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchFn;
  /** Waits used by retries (throttled users, the custom robot's queue). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly streamTuning?: Partial<StreamTuning>;
  readonly random?: () => number;
  readonly throttleRetryDelaysMs?: readonly number[];
}

/** Stream mode: a Receiver fed by its own connection instead of an HTTP route. */
export interface DingtalkStream {
  /** Decodes the frames (robot messages and 通讯录事件), as the HTTP receivers decode requests. */
  readonly receiver: Receiver;
  /** Connects and keeps connecting; every frame goes through `pipeline` and is acked once accepted there. */
  start(pipeline: InboundPipeline): void;
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
    const receiver = createDingtalkStreamReceiver();
    let feed: InboundFeed | undefined;
    /** A frame goes through the inbound pipeline; a refusal (bad input) is acked and skipped (the pipeline logged it). */
    const deliver = async (frame: DownFrame): Promise<void> => {
      if (!feed) throw new Error('DingTalk stream started without the inbound pipeline');
      const outcome = await feed(streamRequest(frame));
      if (outcome.kind === 'refused') log.debug('stream frame skipped', { code: outcome.error.code, frameId: frame.headers.messageId });
    };
    const client: StreamClient = createStreamClient({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      apiBase: config.apiBase,
      clock: deps.clock,
      logger: deps.logger,
      fetch: deps.fetch,
      deliver,
      events: true,
      tuning: deps.streamTuning,
      random: deps.random,
    });
    stream = {
      receiver,
      start(pipeline) {
        feed = pipeline.entry(receiver);
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
