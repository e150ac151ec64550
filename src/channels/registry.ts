/**
 * The platform registry: every platform the bot can talk to, each as one definition
 * (channels/platform-definition.ts). The app's environment schema, config loading and the channel wiring
 * loop over this list; a new platform adds its folder, its ChannelId (core/message.ts) and one line here.
 */
import type { z } from 'zod';
import { dingtalkPlatform } from './dingtalk/platform.js';
import type { PlatformDefinition } from './platform-definition.js';
import { wecomPlatform } from './wecom/platform.js';
import { zhengdingPlatform } from './zhengding/platform.js';

export const PLATFORMS = [wecomPlatform, dingtalkPlatform, zhengdingPlatform] as const;

type Platform = (typeof PLATFORMS)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type ConfigOf<P> = P extends PlatformDefinition<infer _Id, infer _Shape, infer C> ? C : never;

/** Every platform's environment variables, one shape (spread into the app's EnvSchema). */
export type PlatformEnvShape = UnionToIntersection<Platform['envShape']>;
export const PLATFORM_ENV_SHAPE = Object.assign({}, ...PLATFORMS.map((p) => p.envShape)) as PlatformEnvShape;

/** The configured platforms' settings, keyed by platform id (absent: not configured). */
export type PlatformConfigs = { readonly [P in Platform as P['id']]?: ConfigOf<P> };

/** A definition with its config type erased, for the loops below (each definition checks its own types). */
type AnyPlatform = PlatformDefinition<Platform['id'], z.ZodRawShape, unknown>;
const ALL = PLATFORMS as readonly unknown[] as readonly AnyPlatform[];

/** Runs every platform's cross-field rule (call from the app schema's superRefine). */
export function refinePlatformEnv(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const p of ALL) p.refineEnv(env as never, ctx);
}

/** Each configured platform's settings from the parsed environment. */
export function platformConfigsFromEnv(env: Record<string, unknown>): PlatformConfigs {
  const out: Record<string, unknown> = {};
  for (const p of ALL) {
    const config = p.configFromEnv(env as never);
    if (config !== undefined) out[p.id] = config;
  }
  return out as PlatformConfigs;
}

/** The registered definitions with their config type erased (channels/platforms.ts builds from them). */
export function platformDefinitions(): readonly AnyPlatform[] {
  return ALL;
}
