/**
 * What a platform (WeCom, DingTalk, a third one) contributes, as one definition: its id, its environment
 * variables (a zod shape and the cross-field rule), the typed config read from them, and `create`, which
 * builds its parts for the composition root. channels/registry.ts lists the definitions; config/schema.ts,
 * config/load.ts and channels/platforms.ts loop over that list, so adding a platform is one new folder and
 * one line in the registry.
 */
import type { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { InboundPipeline } from '../core/inbound-pipeline.js';
import type { Logger } from '../core/log.js';
import type { ContactChannel, ContactSource } from '../core/ports/platform-lookup.js';
import type { MountedReceiver } from '../core/ports/receiver.js';
import type { WebSignInPlatforms } from '../core/web-identity.js';
import type { BulkSender, Sender } from '../core/ports/sender.js';

/** The parts of one configured platform. */
export interface PlatformParts {
  /** HTTP routes (callbacks, event subscriptions). */
  readonly receivers: readonly MountedReceiver[];
  /** Replies (a person, a card tap, a session). */
  readonly sender: Sender;
  /** Scheduled pushes through the outbox. */
  readonly bulkSender: BulkSender;
  /** The 通讯录 (sync, first contact, events). */
  readonly contacts: ContactSource;
  /** In-client sign-in for the web app (the platform's entry in WebSignInPlatforms). */
  readonly webSignIn?: WebSignInPlatforms[ContactChannel];
  /** Starts receivers on connections of their own (DingTalk Stream), fed into the inbound pipeline like the routes. */
  start?(pipeline: InboundPipeline): void;
  stop?(): Promise<void>;
  /** Channel health for /healthz. */
  health(): unknown;
}

/** Injected I/O every platform gets. */
export interface PlatformDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The web app's origin (PUBLIC_URL): where a platform's pushes link to (浙政钉 work notices open its pages). */
  readonly publicUrl?: string;
  /** 职务 that make a platform member a head of their unit (LEADER_TITLE_PATTERN), for platforms that give 职务 per position. */
  readonly leaderTitles?: RegExp;
}

/** The parsed values of an environment shape. */
export type EnvOf<Shape extends z.ZodRawShape> = { [K in keyof Shape]: z.infer<Shape[K]> };

/** One platform, as the registry lists it. */
export interface PlatformDefinition<Id extends ContactChannel, Shape extends z.ZodRawShape, C> {
  readonly id: Id;
  /** Its environment variables, merged into the app's EnvSchema. */
  readonly envShape: Shape;
  /** Cross-field rules over its variables (called from the app schema's superRefine). */
  refineEnv(env: Partial<EnvOf<Shape>>, ctx: z.RefinementCtx): void;
  /** Its config, or undefined when it is not configured. */
  configFromEnv(env: EnvOf<Shape>): C | undefined;
  create(config: C, deps: PlatformDeps): PlatformParts;
}

/** Declares a platform (keeps the literal id and the shape's types). */
export function definePlatform<Id extends ContactChannel, Shape extends z.ZodRawShape, C>(
  def: PlatformDefinition<Id, Shape, C>,
): PlatformDefinition<Id, Shape, C> {
  return def;
}
