/**
 * WeCom as a registry entry (channels/registry.ts): its WECOM_* variables, its config, and its parts (the
 * 接收消息 callback, the optional 通讯录同步 callback, the Sender, the BulkSender, the 通讯录).
 */
import { definePlatform } from '../platform-definition.js';
import { WECOM_ENV_SHAPE, refineWecomEnv, wecomConfigFromEnv } from './config.js';
import { wecomIdentity } from './web-identity.js';
import { WECOM_CALLBACK_PATH, WECOM_CONTACTS_CALLBACK_PATH, createWecomChannel } from './index.js';

export const wecomPlatform = definePlatform({
  id: 'wecom',
  envShape: WECOM_ENV_SHAPE,
  refineEnv: refineWecomEnv,
  configFromEnv: wecomConfigFromEnv,
  create(config, deps) {
    const wecom = createWecomChannel(config, deps);
    return {
      receivers: [
        { path: WECOM_CALLBACK_PATH, receiver: wecom.receiver },
        ...(wecom.contactsReceiver ? [{ path: WECOM_CONTACTS_CALLBACK_PATH, receiver: wecom.contactsReceiver }] : []),
      ],
      sender: wecom.sender,
      bulkSender: wecom.bulkSender,
      contacts: wecom.contacts,
      webSignIn: { corpId: config.corpId, agentId: config.agentId, exchange: wecomIdentity(wecom.api) },
      health: () => ({ mode: 'callback', path: WECOM_CALLBACK_PATH, robot: wecom.robot !== undefined }),
    };
  },
});
