/**
 * Builds the configured platform channels (WeCom, DingTalk) for the composition root: their receivers
 * (routes), reply senders, bulk senders for scheduled pushes, contact sources (通讯录), and the DingTalk
 * Stream client's lifecycle and health. Tests build channels directly with fake platform servers.
 */
import type { Clock } from '../core/clock.js';
import type { ContactChannel, ContactSource, DirectoryChange } from '../core/contacts.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { Logger } from '../core/log.js';
import type { ChannelId, OutboundMessage } from '../core/message.js';
import type { Config } from '../config/load.js';
import type { WebSignInPlatforms } from '../core/web-identity.js';
import type { MountedReceiver } from '../deps.js';
import type { BulkSender, Sender } from './channel.js';
import { createDingtalkChannel } from './dingtalk/index.js';
import { createDingtalkEventsReceiver } from './dingtalk/events-receiver.js';
import { WECOM_CALLBACK_PATH, WECOM_CONTACTS_CALLBACK_PATH, createWecomChannel } from './wecom/index.js';
import { wecomIdentity } from './wecom/web-identity.js';
import { dingtalkIdentity } from './dingtalk/web-identity.js';

export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';
/** Encrypted HTTP event subscription (通讯录事件). */
export const DINGTALK_EVENTS_PATH = '/dingtalk/events';
/** Group id of the DingTalk custom robot in the bulk sender's `groups`. */
export const DINGTALK_ROBOT_GROUP = 'dingtalk-robot';

export interface PlatformChannels {
  readonly receivers: MountedReceiver[];
  readonly senders: Map<ChannelId, Sender>;
  readonly bulkSenders: Map<ChannelId, BulkSender>;
  /** The 通讯录 of each platform (sync, first contact, events). */
  readonly contacts: Map<ContactChannel, ContactSource>;
  /** In-client sign-in for the web app (WeCom OAuth, DingTalk 免登). */
  readonly webSignIn: { wecom?: WebSignInPlatforms['wecom']; dingtalk?: WebSignInPlatforms['dingtalk'] };
  /** Starts what runs on its own (the DingTalk Stream connection, which also carries 通讯录事件). */
  start(dispatcher: Dispatcher, onDirectoryChange?: (change: DirectoryChange) => Promise<void>): void;
  stop(): Promise<void>;
  /** Channel health for /healthz. */
  health(): Record<string, unknown>;
}

export function createPlatformChannels(config: Config, deps: { clock: Clock; logger: Logger }): PlatformChannels {
  const out: PlatformChannels = {
    receivers: [],
    senders: new Map(),
    bulkSenders: new Map(),
    contacts: new Map(),
    webSignIn: {},
    start: () => {},
    stop: async () => {},
    health: () => ({}),
  };
  const health: Record<string, () => unknown> = {};
  if (config.wecom) {
    const wecom = createWecomChannel(config.wecom, deps);
    out.receivers.push({ path: WECOM_CALLBACK_PATH, receiver: wecom.receiver });
    out.senders.set('wecom', wecom.sender);
    out.bulkSenders.set('wecom', wecom.bulkSender);
    out.contacts.set('wecom', wecom.contacts);
    if (wecom.contactsReceiver) out.receivers.push({ path: WECOM_CONTACTS_CALLBACK_PATH, receiver: wecom.contactsReceiver });
    out.webSignIn.wecom = { corpId: config.wecom.corpId, agentId: config.wecom.agentId, exchange: wecomIdentity(wecom.api) };
    health.wecom = () => ({ mode: 'callback', path: WECOM_CALLBACK_PATH, robot: wecom.robot !== undefined });
  }
  const dt = config.dingtalk ? createDingtalkChannel(config.dingtalk, deps) : undefined;
  if (dt) {
    if (dt.receiver) out.receivers.push({ path: DINGTALK_CALLBACK_PATH, receiver: dt.receiver });
    if (config.dingtalk!.events) {
      out.receivers.push({
        path: DINGTALK_EVENTS_PATH,
        receiver: createDingtalkEventsReceiver({ ...config.dingtalk!.events, ownerKey: config.dingtalk!.clientId }),
      });
    }
    out.senders.set('dingtalk', dt.sender);
    out.contacts.set('dingtalk', dt.contacts);
    const robot = dt.robot;
    out.bulkSenders.set('dingtalk', {
      channel: 'dingtalk',
      maxBatch: 20,
      sendToUsers: (ids, m) => dt.sender.sendToUsers(ids, m),
      recall: (handles) => dt.sender.recall(handles),
      groups: robot ? [DINGTALK_ROBOT_GROUP] : [],
      sendToGroup: async (_id: string, m: OutboundMessage) => robot?.send(m),
    });
    out.webSignIn.dingtalk = { clientId: config.dingtalk!.clientId, exchange: dingtalkIdentity(dt.api) };
    health.dingtalk = () => dt.health();
  }
  return {
    ...out,
    start(dispatcher, onDirectoryChange) {
      dt?.stream?.start(dispatcher, onDirectoryChange);
    },
    async stop() {
      await dt?.stream?.stop();
    },
    health: () => Object.fromEntries(Object.entries(health).map(([k, f]) => [k, f()])),
  };
}
