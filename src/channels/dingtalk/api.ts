/**
 * The DingTalk server APIs pufa-bot calls (dingtalk.md §1.3, §3, §7): v1.0 access token and robot sends on
 * api.dingtalk.com, the sessionWebhook, and the contact APIs on oapi.dingtalk.com with the legacy token.
 * Thin: one method per endpoint, errors as AppErrors (see http.ts). Policy lives in sender.ts and contacts.ts.
 */
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { type FetchFn, requestJson } from './http.js';
import { createTokenCache } from './token.js';

export interface DingtalkApiOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly apiBase: string;
  readonly oapiBase: string;
  readonly clock: Clock;
  readonly fetch?: FetchFn;
}

/** A robot message in OpenAPI form (msgParam is a JSON string). */
export interface OpenApiMessage {
  readonly msgKey: string;
  readonly msgParam: string;
}

/** batchSend's per-user verdicts: a 200 answer can still reject or throttle some users. */
export interface BatchSendResult {
  readonly invalid: readonly string[];
  readonly flowControlled: readonly string[];
  /** The send's id: what robot/otoMessages/batchRecall takes back. */
  readonly processQueryKey?: string;
}

/** Most users one batchSend call takes. */
export const BATCH_SEND_MAX = 20;

const NewToken = z.object({ accessToken: z.string().min(1), expireIn: z.coerce.number() });
const LegacyToken = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number() });
const BatchSendBody = z.object({
  processQueryKey: z.string().optional(),
  invalidStaffIdList: z.array(z.string()).optional(),
  flowControlledStaffIdList: z.array(z.string()).optional(),
});

const BatchRecallBody = z.object({
  successResult: z.array(z.string()).optional(),
  failedResult: z.record(z.string(), z.string()).optional(),
});

function shape<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const r = schema.safeParse(json);
  if (!r.success) throw new AppError('platform.api_error', `${what}: unexpected answer (${r.error.issues[0]?.message ?? 'invalid'})`, { what });
  return r.data;
}

export function createDingtalkApi(opts: DingtalkApiOptions) {
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const api = (path: string) => `${opts.apiBase}${path}`;

  const appToken = createTokenCache(async () => {
    const what = 'oauth2/accessToken';
    const json = await requestJson(fetchFn, {
      method: 'POST',
      url: api('/v1.0/oauth2/accessToken'),
      body: { appKey: opts.clientId, appSecret: opts.clientSecret },
      what,
    });
    const t = shape(NewToken, json, what);
    return { token: t.accessToken, expiresInSec: t.expireIn };
  }, opts.clock);

  const legacyToken = createTokenCache(async () => {
    const what = 'gettoken';
    const url = `${opts.oapiBase}/gettoken?appkey=${encodeURIComponent(opts.clientId)}&appsecret=${encodeURIComponent(opts.clientSecret)}`;
    const t = shape(LegacyToken, await requestJson(fetchFn, { method: 'GET', url, what }), what);
    return { token: t.access_token, expiresInSec: t.expires_in };
  }, opts.clock);

  /** POST to a v1.0 API with the app token in x-acs-dingtalk-access-token; one retry after an auth error. */
  const v1 = (path: string, body: unknown) =>
    appToken.withToken((token) =>
      requestJson(fetchFn, { method: 'POST', url: api(path), body, headers: { 'x-acs-dingtalk-access-token': token }, what: path.replace('/v1.0/', '') }),
    );

  /** POST to a topapi endpoint with the legacy token as ?access_token=. */
  const topapi = (path: string, body: unknown) =>
    legacyToken.withToken((token) =>
      requestJson(fetchFn, { method: 'POST', url: `${opts.oapiBase}${path}?access_token=${encodeURIComponent(token)}`, body, what: path.slice(1) }),
    );

  return {
    /** The v1.0 app access token (cached, shared). */
    accessToken: () => appToken.get(),

    /** robot/oToMessages/batchSend: 1:1 messages to at most 20 users. */
    async batchSend(userIds: readonly string[], msg: OpenApiMessage): Promise<BatchSendResult> {
      if (userIds.length === 0) return { invalid: [], flowControlled: [] };
      if (userIds.length > BATCH_SEND_MAX) throw new AppError('input.invalid', `batchSend takes at most ${BATCH_SEND_MAX} users, got ${userIds.length}`);
      const json = await v1('/v1.0/robot/oToMessages/batchSend', { robotCode: opts.robotCode, userIds, ...msg });
      const body = shape(BatchSendBody, json, 'robot/oToMessages/batchSend');
      return { invalid: body.invalidStaffIdList ?? [], flowControlled: body.flowControlledStaffIdList ?? [], processQueryKey: body.processQueryKey };
    },

    /** robot/otoMessages/batchRecall: takes back 1:1 robot messages by their processQueryKeys (at most 20 a call). */
    async batchRecall(keys: readonly string[]): Promise<{ recalled: string[]; failed: Record<string, string> }> {
      const json = await v1('/v1.0/robot/otoMessages/batchRecall', { robotCode: opts.robotCode, processQueryKeys: keys });
      const body = shape(BatchRecallBody, json, 'robot/otoMessages/batchRecall');
      return { recalled: body.successResult ?? [], failed: body.failedResult ?? {} };
    },

    /** robot/groupMessages/send: a message into a group the robot is in (openConversationId = conversationId). */
    async groupSend(openConversationId: string, msg: OpenApiMessage): Promise<void> {
      await v1('/v1.0/robot/groupMessages/send', { robotCode: opts.robotCode, openConversationId, ...msg });
    },

    /** POST to a message's sessionWebhook (no token). errcode 300001 means the session has expired. */
    async postSessionWebhook(url: string, body: Record<string, unknown>): Promise<void> {
      await requestJson(fetchFn, { method: 'POST', url, body, what: 'sessionWebhook' });
    },

    /** POST to any topapi endpoint with the legacy token (the contact APIs, contacts.ts); errcode ≠ 0 throws. */
    topapi,
  };
}

export type DingtalkApi = ReturnType<typeof createDingtalkApi>;
