/**
 * DingTalk as a registry entry (channels/registry.ts): its DINGTALK_* variables, its config, and its parts
 * (HTTP callback or the Stream connection, the encrypted event subscription, the Sender, a BulkSender over
 * batchSend and the custom robot, the 通讯录).
 */
import type { OutboundMessage } from '../../core/message.js';
import type { MountedReceiver } from '../../core/ports/receiver.js';
import { definePlatform } from '../platform-definition.js';
import { dingtalkConfigFromEnv, dingtalkEnvFields, refineDingtalkEnv } from './config.js';
import { createDingtalkEventsReceiver } from './events-receiver.js';
import { createDingtalkChannel } from './index.js';
import { dingtalkIdentity } from './web-identity.js';

/** HTTP mode's robot callback route. */
export const DINGTALK_CALLBACK_PATH = '/dingtalk/callback';
/** Encrypted HTTP event subscription (通讯录事件). */
export const DINGTALK_EVENTS_PATH = '/dingtalk/events';
/** Group id of the DingTalk custom robot in the bulk sender's `groups`. */
export const DINGTALK_ROBOT_GROUP = 'dingtalk-robot';

export const dingtalkPlatform = definePlatform({
  id: 'dingtalk',
  envShape: dingtalkEnvFields,
  refineEnv: refineDingtalkEnv,
  configFromEnv: dingtalkConfigFromEnv,
  create(config, deps) {
    const dt = createDingtalkChannel(config, deps);
    const receivers: MountedReceiver[] = [];
    if (dt.receiver) receivers.push({ path: DINGTALK_CALLBACK_PATH, receiver: dt.receiver });
    if (config.events) {
      receivers.push({ path: DINGTALK_EVENTS_PATH, receiver: createDingtalkEventsReceiver({ ...config.events, ownerKey: config.clientId }) });
    }
    const robot = dt.robot;
    return {
      receivers,
      sender: dt.sender,
      bulkSender: {
        channel: 'dingtalk',
        maxBatch: 20,
        sendToUsers: (ids, m) => dt.sender.sendToUsers(ids, m),
        recall: (handles) => dt.sender.recall(handles),
        groups: robot ? [DINGTALK_ROBOT_GROUP] : [],
        sendToGroup: async (_id: string, m: OutboundMessage) => robot?.send(m),
      },
      contacts: dt.contacts,
      webSignIn: { clientId: config.clientId, exchange: dingtalkIdentity(dt.api) },
      start: (pipeline) => dt.stream?.start(pipeline),
      stop: async () => dt.stream?.stop(),
      health: () => dt.health(),
    };
  },
});
