/**
 * WeCom OAuth2 网页授权 as the fake WeCom serves it (web-signin.md §1.1–1.3; path/91022, 91023):
 * - `GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope&state&agentid` (the client's
 *   redirect): appid must be the corp id, response_type `code`, scope snsapi_base or snsapi_privateinfo, state
 *   `[a-zA-Z0-9]{0,128}`, and the redirect_uri's host (with port) the app's 可信域名, else WeCom's error page;
 *   then a 302 to `redirect_uri?code=…&state=…` for the member signed in to the client (`clientUser`), or for a
 *   WeChat user who is not a member (`{ openid }`);
 * - `GET /cgi-bin/auth/getuserinfo?access_token&code`: `{userid}` for a member, `{openid, external_userid}` for a
 *   non-member, 40029 for a code that is unknown, used or older than 5 minutes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CodeSubject, createCodeBook } from './fake-oauth-codes.js';

export interface FakeWecomOauthOptions {
  readonly corpId: string;
  /** The app's 可信域名 (host[:port]); unset = any. */
  readonly trustedDomain?: string;
  readonly now: () => number;
}

export function createFakeWecomOauth(o: FakeWecomOauthOptions) {
  const codes = createCodeBook(o.now);
  /** Who is signed in to the WeCom client that opens the page (a member's userid, or a WeChat user). */
  const client: { user: CodeSubject | undefined } = { user: undefined };
  const authorizeCalls: Array<Record<string, string>> = [];
  /** The app's 可信域名; tests may set it once they know the server's address. */
  const settings: { trustedDomain: string | undefined } = { trustedDomain: o.trustedDomain };

  /** Answers the authorize redirect; returns false for other paths. */
  function authorize(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/connect/oauth2/authorize') return false;
    const q = Object.fromEntries(url.searchParams);
    authorizeCalls.push(q);
    const page = (status: number, text: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<p>${text}</p>`);
      return true;
    };
    let redirect: URL;
    try {
      redirect = new URL(q.redirect_uri ?? '');
    } catch {
      return page(200, 'redirect_uri 参数错误');
    }
    if (q.appid !== o.corpId) return page(200, '参数错误：appid');
    if (q.response_type !== 'code' || !['snsapi_base', 'snsapi_privateinfo'].includes(q.scope ?? '')) return page(200, '参数错误：scope');
    if (!/^[a-zA-Z0-9]{0,128}$/.test(q.state ?? '')) return page(200, '参数错误：state');
    if (settings.trustedDomain && redirect.host !== settings.trustedDomain) return page(200, 'redirect_uri需使用应用可信域名');
    if (!client.user) return page(200, '请在企业微信客户端打开链接');
    redirect.searchParams.set('code', codes.mint(client.user));
    redirect.searchParams.set('state', q.state ?? '');
    res.writeHead(302, { location: redirect.toString() }).end();
    return true;
  }

  /** The JSON answer of auth/getuserinfo (after the fake's token check). */
  function getUserInfo(q: Record<string, string>): Record<string, unknown> {
    const subject = codes.redeem(q.code ?? '');
    if (!subject) return { errcode: 40029, errmsg: 'invalid code' };
    if ('userid' in subject) return { errcode: 0, errmsg: 'ok', userid: subject.userid };
    return { errcode: 0, errmsg: 'ok', openid: subject.openid, external_userid: `wm${subject.openid}` };
  }

  return {
    client,
    settings,
    authorizeCalls,
    authorize,
    getUserInfo,
    /** Mints a code directly (tests of the exchange alone). */
    mint: (s: CodeSubject) => codes.mint(s),
  };
}

export type FakeWecomOauth = ReturnType<typeof createFakeWecomOauth>;
