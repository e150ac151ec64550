/**
 * DingTalk H5 微应用 免登 code → userid (web-signin.md §2.3): POST /topapi/v2/user/getuserinfo {code} with the
 * app's legacy token. 40078 (不存在的临时授权码) = a code not obtained correctly, expired (5 minutes) or reused.
 */
import { isAppError } from '../../core/errors.js';
import type { IdentityExchange } from '../../core/web-identity.js';
import type { DingtalkApi } from './api.js';

/** errcode of an unknown, used or expired 免登 code. */
export const DINGTALK_INVALID_CODE = 40078;

export function dingtalkIdentity(api: DingtalkApi): IdentityExchange {
  return async (code) => {
    try {
      const json = await api.topapi('/topapi/v2/user/getuserinfo', { code });
      const result = json.result as { userid?: unknown } | undefined;
      return typeof result?.userid === 'string' && result.userid ? { kind: 'member', userId: result.userid } : { kind: 'not-member' };
    } catch (err) {
      if (isAppError(err, 'platform.api_error') && err.details.errcode === DINGTALK_INVALID_CODE) return { kind: 'bad-code', errcode: DINGTALK_INVALID_CODE };
      throw err;
    }
  };
}
