/**
 * 浙政钉 免登 for the web app (zhengding.md §4.2): the page gets a code from gdt-jsapi `getAuthCode`, the server
 * exchanges it at `POST /rpc/oauth2/dingtalk_app_user.json` {access_token, auth_code} for `content.data`
 * {accountId, employeeCode, …}; the session's person is the one with that accountId. The code's lifetime and
 * error codes are not documented: any API refusal of the code is a bad code (the page may start again), a
 * refused token is refreshed once (token.ts), and an answer without an accountId is not a member.
 */
import { isAppError } from '../../core/errors.js';
import type { IdentityExchange } from '../../core/web-identity.js';
import { ZZD_BAD_TOKEN, type ZzdCall } from './client.js';
import type { ZzdTokens } from './token.js';

export function zzdIdentity(call: ZzdCall, tokens: ZzdTokens): IdentityExchange {
  return async (code) => {
    try {
      const content = await tokens.withToken((token) =>
        call('POST', '/rpc/oauth2/dingtalk_app_user.json', [
          ['access_token', token],
          ['auth_code', code],
        ]),
      );
      const data = (content.data ?? {}) as { accountId?: unknown };
      const accountId = typeof data.accountId === 'number' || typeof data.accountId === 'string' ? String(data.accountId) : '';
      return /^\d+$/.test(accountId) ? { kind: 'member', userId: accountId } : { kind: 'not-member' };
    } catch (err) {
      if (isAppError(err, 'platform.api_error') && err.details.responseCode !== ZZD_BAD_TOKEN && err.details.signature !== true) {
        return { kind: 'bad-code', errcode: Number(err.details.responseCode) || 0 };
      }
      throw err;
    }
  };
}
