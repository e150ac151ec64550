/**
 * DingTalk H5 免登 as the fake DingTalk serves it (web-signin.md §2.2–2.3):
 * - `GET /__fake/dd/authcode?user=<userid>` (fake only) stands for the client's JSAPI requestAuthCode: a code
 *   for that member, valid 5 minutes, usable once;
 * - `POST /topapi/v2/user/getuserinfo?access_token` `{code}`: `{result: {userid, …}}`, or 40078
 *   (不存在的临时授权码) for a code that is unknown, used or expired.
 */
import { randomUUID } from 'node:crypto';
import { createCodeBook } from './fake-oauth-codes.js';

export function createFakeDingtalkAuth(now: () => number) {
  const codes = createCodeBook(now);
  return {
    mint: (userid: string) => codes.mint({ userid }),
    getUserInfo(body: { code?: unknown } | undefined): Record<string, unknown> {
      const subject = codes.redeem(typeof body?.code === 'string' ? body.code : '');
      if (!subject || !('userid' in subject)) return { errcode: 40078, errmsg: '不存在的临时授权码' };
      return {
        errcode: 0,
        errmsg: 'ok',
        request_id: randomUUID(),
        result: {
          userid: subject.userid,
          device_id: 'dev',
          sys: false,
          sys_level: 0,
          associated_unionid: '',
          unionid: `u${subject.userid}`,
          name: subject.userid,
        },
      };
    },
  };
}
