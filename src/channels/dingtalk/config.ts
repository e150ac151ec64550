/**
 * DingTalk (钉钉) configuration: the zod fields for the environment, exported for the lead to merge into
 * src/config/schema.ts, and the mapping to a typed DingtalkConfig.
 * Protocol notes: /work/shared/platforms/dingtalk.md.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';

const baseUrl = (fallback: string) =>
  z
    .url({ error: '须为网址，如 https://api.dingtalk.com' })
    .default(fallback)
    .transform((u) => u.replace(/\/+$/, ''));

/** The DINGTALK_* variables. Spread into the app's EnvSchema object (`...dingtalkEnvFields`). */
export const dingtalkEnvFields = {
  /** AppKey / Client ID of the enterprise internal app (企业内部应用). Enables the channel when set. */
  DINGTALK_CLIENT_ID: z.string().trim().min(1).optional(),
  /** AppSecret / Client Secret: signs HTTP callbacks, opens Stream connections, gets access tokens. */
  DINGTALK_CLIENT_SECRET: z.string().trim().min(1).optional(),
  /** robotCode for the send APIs; for internal-app robots it is the Client ID (the default). */
  DINGTALK_ROBOT_CODE: z.string().trim().min(1).optional(),
  /** `stream` (default: outbound WebSocket, no public IP needed) or `http` (POST /dingtalk/callback). */
  DINGTALK_MODE: z.enum(['stream', 'http'], { error: '须为 stream 或 http' }).default('stream'),
  DINGTALK_API_BASE: baseUrl('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: baseUrl('https://oapi.dingtalk.com'),
  /** access_token of an optional custom group robot (自定义机器人) for leaderboards into a group. */
  DINGTALK_WEBHOOK_TOKEN: z.string().trim().min(1).optional(),
  /** Its 加签 secret (starts with SEC). */
  DINGTALK_WEBHOOK_SECRET: z.string().trim().startsWith('SEC', '须为自定义机器人的加签密钥（以 SEC 开头）').optional(),
  /** HTTP event subscription (事件订阅, POST /dingtalk/events): the 签名 token… */
  DINGTALK_EVENT_TOKEN: z.string().trim().min(1).optional(),
  /** …and the 加密 aes_key (43 characters). */
  DINGTALK_EVENT_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '须为事件订阅的加密 aes_key：43 位字母和数字')
    .optional(),
};

const DingtalkEnvObject = z.object(dingtalkEnvFields);
export type DingtalkEnv = z.infer<typeof DingtalkEnvObject>;

/** Cross-field rules; call from the app schema's superRefine (`refineDingtalkEnv(env, ctx)`). */
export function refineDingtalkEnv(e: Partial<DingtalkEnv>, ctx: z.RefinementCtx): void {
  if (e.DINGTALK_CLIENT_ID && !e.DINGTALK_CLIENT_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['DINGTALK_CLIENT_SECRET'],
      message: '已填写 DINGTALK_CLIENT_ID，还需要填写它（开发者后台 → 应用 → 凭证与基础信息 → Client Secret）',
    });
  }
  if (e.DINGTALK_CLIENT_SECRET && !e.DINGTALK_CLIENT_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['DINGTALK_CLIENT_ID'],
      message: '已填写 DINGTALK_CLIENT_SECRET，还需要填写它（开发者后台 → 应用 → 凭证与基础信息 → Client ID）',
    });
  }
  if ((e.DINGTALK_EVENT_TOKEN === undefined) !== (e.DINGTALK_EVENT_AES_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [e.DINGTALK_EVENT_TOKEN ? 'DINGTALK_EVENT_AES_KEY' : 'DINGTALK_EVENT_TOKEN'],
      message: 'DINGTALK_EVENT_TOKEN 和 DINGTALK_EVENT_AES_KEY 须同时填写（事件订阅的签名 token 和加密 aes_key）',
    });
  }
  if (e.DINGTALK_WEBHOOK_SECRET && !e.DINGTALK_WEBHOOK_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['DINGTALK_WEBHOOK_TOKEN'],
      message: '已填写 DINGTALK_WEBHOOK_SECRET，还需要填写它（自定义机器人 Webhook 地址中的 access_token）',
    });
  }
}

/** The DINGTALK_* part of the environment on its own (tests, or apps that parse it separately). */
export const DingtalkEnvSchema = DingtalkEnvObject.superRefine(refineDingtalkEnv);

/** The custom group robot (自定义机器人): webhook access_token and optional 加签 secret. */
export interface CustomRobotConfig {
  readonly token: string;
  readonly secret?: string;
  readonly oapiBase: string;
}

/** What createDingtalkChannel needs. */
export interface DingtalkConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly mode: 'stream' | 'http';
  readonly apiBase: string;
  readonly oapiBase: string;
  readonly webhook?: CustomRobotConfig;
  /** HTTP event subscription settings, when DINGTALK_EVENT_TOKEN / DINGTALK_EVENT_AES_KEY are set. */
  readonly events?: { readonly token: string; readonly aesKey: string };
}

/** The custom robot settings, or undefined when DINGTALK_WEBHOOK_TOKEN is not set. */
export function customRobotConfigFromEnv(e: DingtalkEnv): CustomRobotConfig | undefined {
  if (!e.DINGTALK_WEBHOOK_TOKEN) return undefined;
  return { token: e.DINGTALK_WEBHOOK_TOKEN, secret: e.DINGTALK_WEBHOOK_SECRET, oapiBase: e.DINGTALK_OAPI_BASE };
}

/** The channel settings from a parsed environment, or undefined when DingTalk is not configured. */
export function dingtalkConfigFromEnv(e: DingtalkEnv): DingtalkConfig | undefined {
  if (!e.DINGTALK_CLIENT_ID || !e.DINGTALK_CLIENT_SECRET) return undefined;
  return {
    clientId: e.DINGTALK_CLIENT_ID,
    clientSecret: e.DINGTALK_CLIENT_SECRET,
    robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID,
    mode: e.DINGTALK_MODE,
    apiBase: e.DINGTALK_API_BASE,
    oapiBase: e.DINGTALK_OAPI_BASE,
    webhook: customRobotConfigFromEnv(e),
    events: e.DINGTALK_EVENT_TOKEN && e.DINGTALK_EVENT_AES_KEY ? { token: e.DINGTALK_EVENT_TOKEN, aesKey: e.DINGTALK_EVENT_AES_KEY } : undefined,
  };
}

/** Parses the DINGTALK_* variables alone; throws AppError('config.invalid') naming each bad variable. */
export function loadDingtalkConfig(env: Record<string, string | undefined>): DingtalkConfig | undefined {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('DINGTALK_') && v !== undefined && v !== ''));
  const parsed = DingtalkEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new AppError('config.invalid', `钉钉配置有误：\n${lines.join('\n')}`, { variables: parsed.error.issues.map((i) => i.path[0]) });
  }
  return dingtalkConfigFromEnv(parsed.data);
}
