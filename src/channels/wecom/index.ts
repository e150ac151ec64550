/**
 * The WeCom self-built-app (自建应用) channel, assembled: the callback Receiver for `/wecom/callback`, the
 * Sender (replies), the BulkSender (scheduled pushes), the 通讯录 as a ContactSource for the directory, the
 * 通讯录同步 callback receiver when WECOM_CONTACT_TOKEN is set, and the group robot when WECOM_WEBHOOK_KEY is set.
 * One API client (and so one access-token cache) is shared by the sender and the contacts.
 * Protocol: /work/shared/platforms/wecom.md. Operator guide: docs/channels/wecom.md.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { ContactSource } from '../../core/ports/platform-lookup.js';
import type { Receiver } from '../../core/ports/receiver.js';
import type { BulkSender } from '../../core/ports/sender.js';
import { type WecomApi, createWecomApi } from './api.js';
import type { WecomConfig } from './config.js';
import { type FetchLike, type Sleep, realSleep } from './http.js';
import { createWecomBulkSender } from './bulk-sender.js';
import { createWecomContacts } from './contacts.js';
import { createWecomMessages } from './messages.js';
import { type WecomReceiverOptions, createWecomReceiver } from './receiver.js';
import { type WecomRobot, createWecomRobot } from './robot.js';
import { type WecomSender, createWecomSender } from './sender.js';

/** Config pieces the lead merges into src/config/schema.ts. */
export { WECOM_ENV_SHAPE, WecomEnvSchema, refineWecomEnv, wecomConfigFromEnv, type WecomConfig } from './config.js';
/** The Sender type and the group-robot destination for broadcasts. */
export { ROBOT_DESTINATION, type WecomSender } from './sender.js';
/** The group id of the group robot for BulkSender.sendToGroup. */
export { ROBOT_GROUP_ID } from './bulk-sender.js';
/** The group robot (present when WECOM_WEBHOOK_KEY is set). */
export type { WecomRobot } from './robot.js';

/** The route WeCom's 接收消息 URL points at. */
export const WECOM_CALLBACK_PATH = '/wecom/callback';
/** The route of the 通讯录同步 callback (管理工具 → 通讯录同步 → 设置接收事件服务器), when configured. */
export const WECOM_CONTACTS_CALLBACK_PATH = '/wecom/contacts';

/** Injected I/O: clock and logger always; fetch, sleep and randomness for tests. */
export interface WecomChannelDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch?: FetchLike;
  readonly sleep?: Sleep;
  /** API tuning (tests shorten the timeout and backoff). */
  readonly api?: { readonly timeoutMs?: number; readonly retries?: number; readonly backoffMs?: number };
  /** Receiver randomness (tests inject fixed bytes to get deterministic passive replies). */
  readonly receiver?: Pick<WecomReceiverOptions, 'random' | 'nonce' | 'maxSkewMs'>;
  readonly uniqueId?: () => string;
}

/** Everything createDeps needs from WeCom (plus the API client, e.g. for a connectivity check). */
export interface WecomChannel {
  readonly receiver: Receiver;
  readonly sender: WecomSender;
  /** For createDeps' `bulkSenders` (scheduled pushes through the outbox). */
  readonly bulkSender: BulkSender;
  /** The 通讯录: sync, first contact, events. */
  readonly contacts: ContactSource;
  /** The 通讯录同步 callback (its own Token and EncodingAESKey), when WECOM_CONTACT_TOKEN is set. */
  readonly contactsReceiver?: Receiver;
  readonly api: WecomApi;
  readonly robot?: WecomRobot;
}

/** Builds the channel. Throws AppError('config.invalid') on a malformed EncodingAESKey. */
export function createWecomChannel(config: WecomConfig, deps: WecomChannelDeps): WecomChannel {
  const logger = deps.logger.child({ channel: 'wecom' });
  const sleep = deps.sleep ?? realSleep;
  const receiver = createWecomReceiver({
    corpId: config.corpId,
    agentId: config.agentId,
    token: config.token,
    encodingAesKey: config.encodingAesKey,
    cards: config.cards,
    ...deps.receiver,
  });
  const api = createWecomApi({
    apiBase: config.apiBase,
    corpId: config.corpId,
    secret: config.secret,
    clock: deps.clock,
    logger,
    fetch: deps.fetch,
    sleep,
    ...deps.api,
  });
  const robot = config.webhookKey
    ? createWecomRobot({ apiBase: config.apiBase, key: config.webhookKey, clock: deps.clock, logger, fetch: deps.fetch, sleep, timeoutMs: deps.api?.timeoutMs })
    : undefined;
  const messages = createWecomMessages(api, config.agentId, logger);
  const sender = createWecomSender({ messages, robot, cards: config.cards, clock: deps.clock, logger, sleep, uniqueId: deps.uniqueId });
  const bulkSender = createWecomBulkSender({ messages, robot, cards: config.cards });
  const contacts = createWecomContacts(api, { clock: deps.clock, logger, sleep });
  // change_contact goes to the 通讯录同步 callback, not to an app's 接收消息 URL (contacts.md §1.6): same crypto, its own keys.
  const contactsReceiver = config.contactCallback
    ? createWecomReceiver({
        corpId: config.corpId,
        agentId: config.agentId,
        token: config.contactCallback.token,
        encodingAesKey: config.contactCallback.encodingAesKey,
        cards: config.cards,
        ...deps.receiver,
      })
    : undefined;
  return { receiver, sender, bulkSender, contacts, contactsReceiver, api, robot };
}
