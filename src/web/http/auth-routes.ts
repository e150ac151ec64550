/**
 * Sign-in routes (web-signin.md §3.1): the one-time login link (GET shows, POST uses), WeCom OAuth2 网页授权
 * (state in a signed cookie, code exchanged on the server, 302 to a clean URL; one retry on a stale code),
 * DingTalk 免登 (the page posts requestAuthCode's code), logout, and `/api/me` (who is signed in, and how the
 * page can sign in when nobody is).
 */
import { randomBytes } from 'node:crypto';
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from '../../core/log.js';
import type { ChannelId } from '../../core/message.js';
import type { IdentityExchange, WebSignInPlatforms } from '../../core/web-identity.js';
import type { Department, Person } from '../../core/model.js';
import type { AuthService } from '../auth/auth-service.js';
import { sameSecret, safeReturnTo } from '../auth/tokens.js';
import type { WebConfig } from '../config.js';
import { confirmPage, linkProblemPage, signInProblemPage } from './login-page.js';
import { readJson } from './read-json.js';
import { type WebAuth, fail, sameOrigin } from './web-auth.js';

const OAUTH_COOKIE = 'pufa_oauth';

export interface AuthRoutesDeps {
  readonly auth: AuthService;
  readonly webAuth: WebAuth;
  readonly web: WebConfig;
  readonly signIn: WebSignInPlatforms;
  /** The person behind a platform account (first contact adds them, as in chat). */
  readonly resolve: (channel: ChannelId, userId: string) => Promise<Person | undefined>;
  readonly getPerson: (id: string) => Promise<Person | undefined>;
  readonly departments: () => Promise<readonly Department[]>;
  readonly logger: Logger;
}

/**
 * Which client the request comes from (UA: WeCom's contains wxwork, 浙政钉's TaurusApp(…) (gdt-jsapi's own
 * test, zhengding.md §4.2; checked before DingTalk, whose name it may also carry), DingTalk's DingTalk).
 */
export function clientOf(ctx: Context): 'wecom' | 'zhengding' | 'dingtalk' | 'browser' {
  const ua = ctx.get('user-agent');
  if (/wxwork/i.test(ua)) return 'wecom';
  if (/TaurusApp\((\S*)\/(\S*)\)/.test(ua)) return 'zhengding';
  if (/DingTalk/i.test(ua)) return 'dingtalk';
  return 'browser';
}

/** The home page of a person: leaders and admins the dashboard, everyone else their own history. */
export const homeOf = (p: Person): string => (p.roles.includes('admin') || p.roles.includes('leader') ? '/dash' : `/dash/people/${encodeURIComponent(p.id)}`);

export function mountAuthRoutes(router: Router, d: AuthRoutesDeps): void {
  const html = (ctx: Context, status: number, body: string) => {
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    // same-origin, not no-referrer: the token in the URL never leaves the site, and the form's POST keeps its Origin
    // (with no-referrer Chromium sends `Origin: null`, which the same-origin check rightly refuses).
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.body = body;
  };

  /** Signs a platform member in: their person (first contact adds them), a new session, the cookie. */
  async function signInMember(ctx: Context, channel: 'wecom' | 'dingtalk' | 'zhengding', exchange: IdentityExchange, code: string) {
    const r = await exchange(code);
    if (r.kind !== 'member') return r.kind;
    const person = await d.resolve(channel, r.userId);
    if (!person?.active) {
      d.logger.warn('in-client sign-in refused: not in the study list', { channel, userId: r.userId });
      return 'not-listed' as const;
    }
    const { sid } = await d.auth.startSession(person, channel, d.webAuth.sessionId(ctx));
    d.webAuth.setSessionCookie(ctx, sid);
    d.logger.info('signed in inside the client', { channel, personId: person.id });
    return 'ok' as const;
  }

  router.get('/l/:token', async (ctx) => {
    const found = await d.auth.peekLink(ctx.params.token!);
    if (typeof found === 'string') return html(ctx, found === 'unknown' ? 404 : 410, linkProblemPage(found));
    const department = (await d.departments()).find((x) => x.id === found.person.departmentId)?.name;
    html(ctx, 200, confirmPage(found.person.name, department, ctx.path));
  });

  router.post('/l/:token', async (ctx) => {
    if (!sameOrigin(ctx, d.web.publicUrl)) return html(ctx, 403, signInProblemPage('请求来源不正确，请直接打开登录链接。'));
    const r = await d.auth.redeemLink(ctx.params.token!, d.webAuth.sessionId(ctx));
    if (typeof r === 'string') return html(ctx, r === 'unknown' ? 404 : 410, linkProblemPage(r));
    d.webAuth.setSessionCookie(ctx, r.sid);
    ctx.status = 303;
    ctx.redirect(r.returnTo);
  });

  router.get('/auth/wecom', async (ctx) => {
    const wecom = d.signIn.wecom;
    if (!wecom) return html(ctx, 404, signInProblemPage('未接入企业微信。'));
    const returnTo = safeReturnTo(ctx.query.returnTo);
    const tries = Number(ctx.query.retry === '1');
    const state = randomBytes(16).toString('hex');
    ctx.cookies.set(OAUTH_COOKIE, `${state}.${Buffer.from(returnTo).toString('base64url')}.${tries}`, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.secure,
      maxAge: 10 * 60_000,
    });
    const q = new URLSearchParams({
      appid: wecom.corpId,
      redirect_uri: `${d.web.publicUrl}/auth/wecom/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state,
      agentid: String(wecom.agentId),
    });
    ctx.redirect(`${d.web.wecomOauthUrl}?${q}#wechat_redirect`);
  });

  router.get('/auth/wecom/callback', async (ctx) => {
    const wecom = d.signIn.wecom;
    if (!wecom) return html(ctx, 404, signInProblemPage('未接入企业微信。'));
    const [state = '', encodedReturn = '', tries = '0'] = (ctx.cookies.get(OAUTH_COOKIE, { signed: true }) ?? '').split('.');
    const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
    if (!state || typeof ctx.query.state !== 'string' || !sameSecret(ctx.query.state, state) || !code) {
      return html(ctx, 400, signInProblemPage('登录请求已失效，请从企业微信工作台重新打开。'));
    }
    ctx.cookies.set(OAUTH_COOKIE, '', { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: 0 });
    const returnTo = safeReturnTo(Buffer.from(encodedReturn, 'base64url').toString('utf8'));
    const r = await signInMember(ctx, 'wecom', wecom.exchange, code);
    if (r === 'ok') return ctx.redirect(returnTo);
    if (r === 'bad-code' && tries === '0') return ctx.redirect(`/auth/wecom?retry=1&returnTo=${encodeURIComponent(returnTo)}`);
    if (r === 'bad-code') return html(ctx, 400, signInProblemPage('企业微信登录码无效或已过期，请从工作台重新打开。'));
    return html(ctx, 403, signInProblemPage(r === 'not-member' ? '仅限本单位企业微信成员登录。' : '您的账号不在普法学习名单中，请联系本单位管理员。'));
  });

  router.post('/auth/dingtalk', async (ctx) => {
    const dingtalk = d.signIn.dingtalk;
    if (!dingtalk) return fail(ctx, 404, 'auth.not_configured', '未接入钉钉');
    if (!sameOrigin(ctx, d.web.publicUrl)) return fail(ctx, 403, 'auth.csrf', '请求来源不正确');
    const body = await readJson(ctx);
    const code = typeof body?.code === 'string' && body.code.length <= 512 ? body.code : '';
    if (!code) return fail(ctx, 400, 'input.invalid', 'code: 缺少钉钉免登授权码');
    const r = await signInMember(ctx, 'dingtalk', dingtalk.exchange, code);
    if (r === 'ok') {
      ctx.body = { returnTo: safeReturnTo(body?.returnTo) };
      return;
    }
    if (r === 'bad-code') return fail(ctx, 400, 'auth.bad_code', '免登授权码无效或已过期');
    return fail(ctx, 403, 'auth.forbidden', r === 'not-member' ? '仅限本单位钉钉成员登录' : '您的账号不在普法学习名单中，请联系本单位管理员');
  });

  router.post('/auth/zhengding', async (ctx) => {
    const zhengding = d.signIn.zhengding;
    if (!zhengding) return fail(ctx, 404, 'auth.not_configured', '未接入浙政钉');
    if (!sameOrigin(ctx, d.web.publicUrl)) return fail(ctx, 403, 'auth.csrf', '请求来源不正确');
    const body = await readJson(ctx);
    const code = typeof body?.code === 'string' && body.code.length <= 512 ? body.code : '';
    if (!code) return fail(ctx, 400, 'input.invalid', 'code: 缺少浙政钉免登授权码');
    const r = await signInMember(ctx, 'zhengding', zhengding.exchange, code);
    if (r === 'ok') {
      ctx.body = { returnTo: safeReturnTo(body?.returnTo) };
      return;
    }
    if (r === 'bad-code') return fail(ctx, 400, 'auth.bad_code', '免登授权码无效或已过期');
    return fail(ctx, 403, 'auth.forbidden', r === 'not-member' ? '仅限本单位浙政钉用户登录' : '您的账号不在普法学习名单中，请联系本单位管理员');
  });

  router.post('/auth/logout', d.webAuth.require(), async (ctx) => {
    await d.auth.endSession(d.webAuth.sessionId(ctx));
    d.webAuth.clearSessionCookie(ctx);
    ctx.status = 204;
  });

  router.get('/api/me', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const viewer = await d.webAuth.sessionViewer(ctx);
    if (!viewer?.person) {
      ctx.body = {
        signedIn: false,
        client: clientOf(ctx),
        signIn: {
          wecom: d.signIn.wecom !== undefined,
          dingtalk: d.signIn.dingtalk ? { clientId: d.signIn.dingtalk.clientId, corpId: d.web.dingtalkCorpId ?? null } : null,
          zhengding: d.signIn.zhengding !== undefined,
        },
      };
      return;
    }
    const p = viewer.person;
    const departments = await d.departments();
    ctx.body = {
      signedIn: true,
      person: { id: p.id, name: p.name, department: departments.find((x) => x.id === p.departmentId)?.name ?? null },
      roles: viewer.roles,
      csrf: viewer.csrf,
      home: homeOf(p),
      scope: {
        all: viewer.scope.all,
        departments: viewer.scope.all ? null : viewer.scope.departments.map((x) => ({ id: x.id, name: x.name, parentId: x.parentId ?? null })),
      },
    };
  });
}
