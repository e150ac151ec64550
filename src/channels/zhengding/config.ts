/**
 * 浙政钉 configuration (zhengding.md §2, §9): the app's AppKey/AppSecret, the tenantId and the gateway's
 * address all come from the customer's 开发者后台, so none has a default; the optional custom group robot
 * (§8) posts leaderboards into a group.
 */
import { z } from 'zod';

const required = (what: string) =>
  z
    .string({ error: `须填写${what}` })
    .trim()
    .min(1, `须填写${what}`);

/** The ZZD_* variables, spread into the app's EnvSchema. */
export const ZZD_ENV_SHAPE = {
  /** AppKey of the 自建应用 (开发者后台 → 应用 → 凭证). Enables 浙政钉 when set. */
  ZZD_APP_KEY: required('浙政钉应用 AppKey').optional(),
  /** Its AppSecret: signs every request (X-Hmac-Auth-Signature). */
  ZZD_APP_SECRET: required('浙政钉应用 AppSecret').optional(),
  /** The tenant (租户) id, a number such as 196729. */
  ZZD_TENANT_ID: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, '须为浙政钉租户 ID（tenantId，纯数字，如 196729）')
    .optional(),
  /** The gateway, e.g. https://openplatform-pro.ding.zj.gov.cn (政务外网) or https://openplatform.dg-work.cn (专有钉钉 SaaS). */
  ZZD_API_BASE: z
    .url({ error: '须为网址，如 https://openplatform-pro.ding.zj.gov.cn（以开发者后台给出的为准）' })
    .refine((u) => /^https?:\/\//.test(u), '须以 http:// 或 https:// 开头')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** access_token of a custom group robot (群机器人 Webhook) for leaderboards into a group. */
  ZZD_WEBHOOK_TOKEN: z.string().trim().min(1).optional(),
  /** Its 加签 secret (starts with SEC). */
  ZZD_WEBHOOK_SECRET: z.string().trim().startsWith('SEC', '须为群机器人的加签密钥（以 SEC 开头）').optional(),
};

type ZzdEnv = { [K in keyof typeof ZZD_ENV_SHAPE]?: z.infer<(typeof ZZD_ENV_SHAPE)[K]> };

const WHERE: Record<string, string> = {
  ZZD_APP_KEY: '开发者后台 → 应用 → 凭证与基础信息 → AppKey',
  ZZD_APP_SECRET: '开发者后台 → 应用 → 凭证与基础信息 → AppSecret',
  ZZD_TENANT_ID: '租户 ID，向浙政钉管理员索取',
  ZZD_API_BASE: '开放平台网关地址，如政务外网的 https://openplatform-pro.ding.zj.gov.cn，以开发者后台给出的为准',
};
const CORE = ['ZZD_APP_KEY', 'ZZD_APP_SECRET', 'ZZD_TENANT_ID', 'ZZD_API_BASE'] as const;

/** All four core variables or none; the robot's secret needs its token. */
export function refineZzdEnv(e: Partial<ZzdEnv>, ctx: z.RefinementCtx): void {
  const given = CORE.filter((k) => e[k] !== undefined);
  if (given.length > 0 && given.length < CORE.length) {
    for (const k of CORE) {
      if (e[k] !== undefined) continue;
      ctx.addIssue({ code: 'custom', path: [k], message: `已填写 ${given.join('、')}，接入浙政钉还需要填写它（${WHERE[k]}）` });
    }
  }
  if (e.ZZD_WEBHOOK_SECRET && !e.ZZD_WEBHOOK_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['ZZD_WEBHOOK_TOKEN'], message: '已填写 ZZD_WEBHOOK_SECRET，还需要填写它（群机器人 Webhook 地址中的 access_token）' });
  }
  if (e.ZZD_WEBHOOK_TOKEN && given.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['ZZD_APP_KEY'], message: '已填写 ZZD_WEBHOOK_TOKEN，群机器人还需要浙政钉应用的配置（ZZD_APP_KEY 等四项）' });
  }
}

/** What the 浙政钉 channel needs. */
export interface ZzdConfig {
  readonly appKey: string;
  readonly appSecret: string;
  readonly tenantId: string;
  readonly apiBase: string;
  /** The custom group robot, DingTalk-style (`/robot/send?access_token=…`, 加签 with SEC…), on the same gateway. */
  readonly webhook?: { readonly token: string; readonly secret?: string };
}

/** The settings, or undefined when 浙政钉 is not configured. */
export function zzdConfigFromEnv(e: ZzdEnv): ZzdConfig | undefined {
  if (!e.ZZD_APP_KEY || !e.ZZD_APP_SECRET || !e.ZZD_TENANT_ID || !e.ZZD_API_BASE) return undefined;
  return {
    appKey: e.ZZD_APP_KEY,
    appSecret: e.ZZD_APP_SECRET,
    tenantId: e.ZZD_TENANT_ID,
    apiBase: e.ZZD_API_BASE,
    webhook: e.ZZD_WEBHOOK_TOKEN ? { token: e.ZZD_WEBHOOK_TOKEN, secret: e.ZZD_WEBHOOK_SECRET } : undefined,
  };
}
