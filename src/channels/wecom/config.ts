/**
 * WeCom settings: a zod shape the lead merges into src/config/schema.ts, the cross-field rule (the app
 * channel is on when the app settings are present, and then all of them are required), and the typed
 * WecomConfig the channel factory takes. Protocol notes: /work/shared/platforms/wecom.md §1, §3, §4.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: '须为 true 或 false（也可写 1/0、yes/no、on/off）' })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** The WeCom environment variables. Spread into the main EnvSchema object (`...WECOM_ENV_SHAPE`). */
export const WECOM_ENV_SHAPE = {
  WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{4,64}$/, '须为企业ID（管理后台 → 我的企业 → 企业信息 → 企业ID），如 ww1436e0e65a779aee')
    .optional(),
  WECOM_AGENT_ID: z.coerce
    .number({ error: '须为自建应用的 AgentId（应用管理 → 应用详情），是一个正整数' })
    .int('须为自建应用的 AgentId（应用管理 → 应用详情），是一个正整数')
    .positive('须为自建应用的 AgentId（应用管理 → 应用详情），是一个正整数')
    .optional(),
  WECOM_SECRET: z.string().min(1).optional(),
  WECOM_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, '须为接收消息的 Token：1–32 位字母和数字')
    .optional(),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '须为接收消息的 EncodingAESKey：43 位字母和数字')
    .optional(),
  WECOM_API_BASE: z.url({ error: '须为网址，如 https://qyapi.weixin.qq.com' }).default('https://qyapi.weixin.qq.com'),
  WECOM_WEBHOOK_KEY: z.string().min(1).optional(),
  WECOM_CARDS: bool.default(true),
  /** The 通讯录同步 callback (管理工具 → 通讯录同步 → 设置接收事件服务器): its Token… */
  WECOM_CONTACT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, '须为通讯录同步回调的 Token：1–32 位字母和数字')
    .optional(),
  /** …and its EncodingAESKey. change_contact events then arrive at POST /wecom/contacts. */
  WECOM_CONTACT_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, '须为通讯录同步回调的 EncodingAESKey：43 位字母和数字')
    .optional(),
};

const APP_KEYS = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'] as const;

type WecomEnvFields = { [K in keyof typeof WECOM_ENV_SHAPE]: z.infer<(typeof WECOM_ENV_SHAPE)[K]> };

/** The cross-field rule: once any app setting is given, all five are required. Use in `.superRefine`. */
export function refineWecomEnv(e: Partial<WecomEnvFields>, ctx: z.RefinementCtx): void {
  if ((e.WECOM_CONTACT_TOKEN === undefined) !== (e.WECOM_CONTACT_AES_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [e.WECOM_CONTACT_TOKEN ? 'WECOM_CONTACT_AES_KEY' : 'WECOM_CONTACT_TOKEN'],
      message: 'WECOM_CONTACT_TOKEN 和 WECOM_CONTACT_AES_KEY 须同时填写（通讯录同步 → 设置接收事件服务器）',
    });
  }
  const given = APP_KEYS.filter((k) => e[k] !== undefined);
  if (given.length === 0 || given.length === APP_KEYS.length) return;
  for (const k of APP_KEYS) {
    if (e[k] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [k],
        message: `已填写 ${given.join('、')}，还需要填写它（接入企业微信自建应用需要 ${APP_KEYS.join('、')} 五项）`,
      });
  }
}

/** Standalone schema over the WeCom variables only (tests; the lead may merge the shape instead). */
export const WecomEnvSchema = z.object(WECOM_ENV_SHAPE).superRefine(refineWecomEnv);

/** What the WeCom self-built-app channel needs. */
export interface WecomConfig {
  readonly corpId: string;
  readonly agentId: number;
  readonly secret: string;
  readonly token: string;
  readonly encodingAesKey: string;
  /** Where the API lives; tests point it at a fake server. No trailing slash. */
  readonly apiBase: string;
  /** Group robot (群机器人) key, for leaderboards posted into a group. */
  readonly webhookKey?: string;
  /** Send questions as tap-to-answer template cards (true) or as text (false). */
  readonly cards: boolean;
  /** The 通讯录同步 callback's Token and EncodingAESKey, when its change_contact events are received. */
  readonly contactCallback?: { readonly token: string; readonly encodingAesKey: string };
}

/** The channel config from parsed env fields, or undefined when the app channel is off. */
export function wecomConfigFromEnv(e: Partial<WecomEnvFields>): WecomConfig | undefined {
  if (!e.WECOM_CORP_ID || !e.WECOM_AGENT_ID || !e.WECOM_SECRET || !e.WECOM_TOKEN || !e.WECOM_ENCODING_AES_KEY) return undefined;
  return {
    corpId: e.WECOM_CORP_ID,
    agentId: e.WECOM_AGENT_ID,
    secret: e.WECOM_SECRET,
    token: e.WECOM_TOKEN,
    encodingAesKey: e.WECOM_ENCODING_AES_KEY,
    apiBase: (e.WECOM_API_BASE ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, ''),
    webhookKey: e.WECOM_WEBHOOK_KEY,
    cards: e.WECOM_CARDS ?? true,
    contactCallback: e.WECOM_CONTACT_TOKEN && e.WECOM_CONTACT_AES_KEY ? { token: e.WECOM_CONTACT_TOKEN, encodingAesKey: e.WECOM_CONTACT_AES_KEY } : undefined,
  };
}
