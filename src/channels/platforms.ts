/**
 * Builds the configured platform channels for the composition root by looping over the registry
 * (channels/registry.ts): their receivers (routes), reply senders, bulk senders for scheduled pushes, contact
 * sources (通讯录), and what runs on its own (the DingTalk Stream connection) with its health.
 * Tests build channels directly with fake platform servers.
 */
import type { InboundPipeline } from '../core/inbound-pipeline.js';
import type { ChannelId } from '../core/message.js';
import type { ContactChannel, ContactSource } from '../core/ports/platform-lookup.js';
import type { WebSignInPlatforms } from '../core/web-identity.js';
import type { MountedReceiver } from '../core/ports/receiver.js';
import type { BulkSender, Sender } from '../core/ports/sender.js';
import type { PlatformDeps, PlatformParts } from './platform-definition.js';
import { type PlatformConfigs, platformDefinitions } from './registry.js';

export { DINGTALK_CALLBACK_PATH, DINGTALK_EVENTS_PATH, DINGTALK_ROBOT_GROUP } from './dingtalk/platform.js';

export interface PlatformChannels {
  readonly receivers: MountedReceiver[];
  readonly senders: Map<ChannelId, Sender>;
  readonly bulkSenders: Map<ChannelId, BulkSender>;
  /** The 通讯录 of each platform (sync, first contact, events). */
  readonly contacts: Map<ContactChannel, ContactSource>;
  /** In-client sign-in for the web app (WeCom OAuth, DingTalk 免登). */
  readonly webSignIn: WebSignInPlatforms;
  /** Starts receivers on connections of their own (the DingTalk Stream, which also carries 通讯录事件), fed into `pipeline`. */
  start(pipeline: InboundPipeline): void;
  stop(): Promise<void>;
  /** Channel health for /healthz. */
  health(): Record<string, unknown>;
}

/** Creates every platform `config` configures (the app's Config carries them under their ids). */
export function createPlatformChannels(config: PlatformConfigs, deps: PlatformDeps): PlatformChannels {
  const built: Array<{ id: ContactChannel; parts: PlatformParts }> = [];
  for (const def of platformDefinitions()) {
    const settings = config[def.id];
    if (settings !== undefined) built.push({ id: def.id, parts: def.create(settings, deps) });
  }
  return {
    receivers: built.flatMap((b) => b.parts.receivers),
    senders: new Map(built.map((b) => [b.id, b.parts.sender])),
    bulkSenders: new Map(built.map((b) => [b.id, b.parts.bulkSender])),
    contacts: new Map(built.map((b) => [b.id, b.parts.contacts])),
    webSignIn: Object.fromEntries(built.flatMap((b) => (b.parts.webSignIn ? [[b.id, b.parts.webSignIn]] : []))) as WebSignInPlatforms,
    start(pipeline) {
      for (const b of built) b.parts.start?.(pipeline);
    },
    async stop() {
      for (const b of built) await b.parts.stop?.();
    },
    health: () => Object.fromEntries(built.map((b) => [b.id, b.parts.health()])),
  };
}
