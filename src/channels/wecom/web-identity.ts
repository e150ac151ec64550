/**
 * WeCom OAuth2 网页授权 code → userid (web-signin.md §1.2, path/91023): GET /cgi-bin/auth/getuserinfo with the
 * app's token. A member answers with `userid`; a non-member (e.g. a WeChat user) with `openid` only, who gets no
 * session; a code that is unknown, used or older than 5 minutes answers 40029.
 */
import { isAppError } from '../../core/errors.js';
import type { IdentityExchange } from '../../core/web-identity.js';
import type { WecomApi } from './api.js';

/** errcode of an invalid (unknown, used or expired) OAuth code. */
export const WECOM_INVALID_CODE = 40029;

export function wecomIdentity(api: WecomApi): IdentityExchange {
  return async (code) => {
    try {
      const json = await api.call('GET', 'auth/getuserinfo', { query: { code } });
      const userId = json.userid ?? json.UserId;
      return typeof userId === 'string' && userId ? { kind: 'member', userId } : { kind: 'not-member' };
    } catch (err) {
      if (isAppError(err, 'platform.api_error') && err.details.errcode === WECOM_INVALID_CODE) return { kind: 'bad-code', errcode: WECOM_INVALID_CODE };
      throw err;
    }
  };
}
