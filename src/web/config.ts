/**
 * Settings of the web app (issue 16): where it is reached from (PUBLIC_URL, used in login links, the WeCom
 * OAuth redirect and the chat's dashboard links), whether a reverse proxy's X-Forwarded-* headers count, how
 * long a session lasts, the WeCom authorize endpoint (tests point it at a fake) and the DingTalk corpId the
 * page's 免登 asks for. Protocol notes: /work/shared/platforms/web-signin.md.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const origin = (what: string) =>
  z
    .url({ error: `must be ${what}` })
    .refine((u) => /^https?:\/\//.test(u), `must be ${what}`)
    .transform((u) => u.replace(/\/+$/, ''));

/** The web app's environment variables, spread into the main EnvSchema object. */
export const WEB_ENV_SHAPE = {
  /** The origin people open the pages at, e.g. https://pufa.example.gov.cn (no path); default http://localhost:$PORT. */
  PUBLIC_URL: origin('an origin such as https://pufa.example.gov.cn').optional(),
  /** Behind a TLS-terminating reverse proxy: trust X-Forwarded-Proto/-For (then cookies are Secure). */
  TRUST_PROXY: bool.default(false),
  /** Hours a web session lasts (sign in again after). */
  WEB_SESSION_HOURS: z.coerce.number({ error: 'must be a whole number of hours' }).int('must be a whole number of hours').min(1).max(720).default(8),
  /** WeCom OAuth2 网页授权 authorize endpoint (only tests change it). */
  WECOM_OAUTH_URL: z
    .url({ error: 'must be a URL such as https://open.weixin.qq.com/connect/oauth2/authorize' })
    .default('https://open.weixin.qq.com/connect/oauth2/authorize'),
  /** DingTalk corpId for 免登 (requestAuthCode); the 工作台 may pass it as ?corpid=$CORPID$ instead. */
  DINGTALK_CORP_ID: z.string().trim().min(1).optional(),
};

type WebEnvFields = { [K in keyof typeof WEB_ENV_SHAPE]: z.infer<(typeof WEB_ENV_SHAPE)[K]> };

export interface WebConfig {
  /** Origin without a trailing slash. */
  readonly publicUrl: string;
  /** Whether PUBLIC_URL was set (chat messages link to the pages only then, or in the playground). */
  readonly publicUrlConfigured: boolean;
  readonly trustProxy: boolean;
  readonly sessionHours: number;
  readonly wecomOauthUrl: string;
  readonly dingtalkCorpId?: string;
}

/** The web settings from parsed env fields; PUBLIC_URL defaults to http://localhost:$PORT. */
export function webConfigFromEnv(e: Partial<WebEnvFields>, port: number): WebConfig {
  return {
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${port}`,
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    trustProxy: e.TRUST_PROXY ?? false,
    sessionHours: e.WEB_SESSION_HOURS ?? 8,
    wecomOauthUrl: e.WECOM_OAUTH_URL ?? 'https://open.weixin.qq.com/connect/oauth2/authorize',
    dingtalkCorpId: e.DINGTALK_CORP_ID,
  };
}
