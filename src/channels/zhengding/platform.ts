/**
 * 浙政钉 as a registry entry (channels/registry.ts; zhengding.md): its ZZD_* variables, the signed gateway
 * client, 工作通知 as its Sender and BulkSender (an action_card opening the web app's daily quiz), the optional
 * custom group robot for leaderboards (DingTalk-style webhook on the same gateway, §8), the 通讯录 and 免登.
 * No inbound routes: robot messages on 浙政钉 are unverified (§8), and event callbacks carry no signature and
 * an inconsistent body (§7), so org changes come in through the nightly sync instead.
 */
import type { OutboundMessage } from '../../core/message.js';
import { createCustomRobot } from '../dingtalk/robot.js';
import type { Sleep } from '../../core/pace.js';
import { type Transport, nodeTransport } from '../http-kit/transport.js';
import { type PlatformDeps, type PlatformParts, definePlatform } from '../platform-definition.js';
import { createZzdClient } from './client.js';
import { ZZD_ENV_SHAPE, type ZzdConfig, refineZzdEnv, zzdConfigFromEnv } from './config.js';
import { createZzdContacts } from './contacts.js';
import { createZzdTokens } from './token.js';
import { zzdIdentity } from './web-identity.js';
import { ZZD_MAX_RECIPIENTS, createWorkNotices } from './work-notice.js';

/** Group id of the custom robot in the bulk sender's `groups`. */
export const ZZD_ROBOT_GROUP = 'zhengding-robot';

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What tests and benchmarks may inject beyond the registry's deps. */
export interface ZzdPartsOptions extends PlatformDeps {
  readonly sleep?: Sleep;
  readonly transport?: Transport;
}

/** The platform's parts (the registry's `create`; tests call it with a fake gateway and a sleep that advances their clock). */
export function createZzdParts(config: ZzdConfig, deps: ZzdPartsOptions): PlatformParts {
  const sleep = deps.sleep ?? realSleep;
  const call = createZzdClient({
    apiBase: config.apiBase,
    appKey: config.appKey,
    appSecret: config.appSecret,
    clock: deps.clock,
    transport: deps.transport ?? nodeTransport,
  });
  const tokens = createZzdTokens(call, config, deps.clock);
  const notices = createWorkNotices({ call, tenantId: config.tenantId, publicUrl: deps.publicUrl ?? '', clock: deps.clock, logger: deps.logger, sleep });
  const robot = config.webhook
    ? createCustomRobot({ ...config.webhook, oapiBase: config.apiBase }, { clock: deps.clock, logger: deps.logger, sleep })
    : undefined;
  return {
    receivers: [],
    sender: { channel: 'zhengding', send: (to, m) => notices.send(to, m) },
    bulkSender: {
      channel: 'zhengding',
      maxBatch: ZZD_MAX_RECIPIENTS,
      sendToUsers: (ids, m, context) => notices.sendToUsers(ids, m, context),
      groups: robot ? [ZZD_ROBOT_GROUP] : [],
      sendToGroup: async (_id: string, m: OutboundMessage) => robot?.send(m),
    },
    contacts: createZzdContacts({ call, tenantId: config.tenantId, clock: deps.clock, logger: deps.logger, sleep, leaderTitles: deps.leaderTitles }),
    webSignIn: { exchange: zzdIdentity(call, tokens) },
    health: () => ({ mode: 'work-notification', apiBase: config.apiBase, robot: robot !== undefined }),
  };
}

export const zhengdingPlatform = definePlatform({
  id: 'zhengding',
  envShape: ZZD_ENV_SHAPE,
  refineEnv: refineZzdEnv,
  configFromEnv: zzdConfigFromEnv,
  create: (config, deps) => createZzdParts(config, deps),
});
