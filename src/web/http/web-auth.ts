/**
 * The one authentication and authorisation middleware of the web app and the report API: who is asking (a
 * session cookie, or for scripts the admin bearer token), whether their role may use the route, and for a
 * session's POSTs the CSRF check (X-CSRF-Token equal to the session's token, and no foreign Origin).
 * Routes then check scope with the viewer it leaves in `ctx.state.viewer` (auth/viewer.ts).
 */
import type { Context, Middleware, Next } from 'koa';
import type { Role } from '../../store/model.js';
import type { StatsService } from '../../stats/stats-service.js';
import type { AuthService, SignedIn } from '../auth/auth-service.js';
import { sameSecret } from '../auth/tokens.js';
import { type Viewer, hasRole, withAdminUsers } from '../auth/viewer.js';

export const SESSION_COOKIE = 'pufa_sid';

export interface WebAuthDeps {
  readonly auth: AuthService;
  readonly stats: Pick<StatsService, 'scopeOf'>;
  readonly adminUsers: readonly string[];
  readonly adminToken?: string;
  readonly publicUrl: string;
  readonly sessionHours: number;
}

export interface RequireOptions {
  /** Roles allowed (any of them); absent = any signed-in person. */
  readonly roles?: readonly Role[];
  /** Also accept `Authorization: Bearer <ADMIN_TOKEN>` (scripts; admin scope, no CSRF: browsers never send it by themselves). */
  readonly token?: boolean;
}

/** A JSON error in the API's shape. */
export function fail(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

/** Same-site check for state-changing requests: a present Origin must be ours (this host or PUBLIC_URL). */
export function sameOrigin(ctx: Context, publicUrl: string): boolean {
  const origin = ctx.get('origin');
  if (!origin) return ctx.get('sec-fetch-site') !== 'cross-site';
  // (ctx.origin is not used: in Koa 3 it can echo the request's Origin header.)
  return origin === `${ctx.protocol}://${ctx.host}` || origin === publicUrl;
}

export function createWebAuth(deps: WebAuthDeps) {
  const cookieOptions = (ctx: Context) => ({
    signed: true,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.secure,
    path: '/',
    overwrite: true,
  });

  /** Sets the session cookie (a new id at every sign-in). */
  function setSessionCookie(ctx: Context, sid: string): void {
    ctx.cookies.set(SESSION_COOKIE, sid, { ...cookieOptions(ctx), maxAge: deps.sessionHours * 3600_000 });
  }

  function clearSessionCookie(ctx: Context): void {
    ctx.cookies.set(SESSION_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
  }

  /** The cookie's session id (signature checked), if any. */
  const sessionId = (ctx: Context): string | undefined => ctx.cookies.get(SESSION_COOKIE, { signed: true }) || undefined;

  /** The viewer of a signed-in session: roles (ADMIN_USERS counted) and the chat's scope. */
  async function viewerOfSession(s: SignedIn): Promise<Viewer> {
    const person = withAdminUsers(s.person, deps.adminUsers);
    const scope = await deps.stats.scopeOf(person);
    return { kind: 'session', person, roles: person.roles, scope: { all: person.roles.includes('admin'), ...scope }, csrf: s.session.csrf };
  }

  /** The viewer behind the request's session cookie, or undefined. */
  async function sessionViewer(ctx: Context): Promise<Viewer | undefined> {
    const s = await deps.auth.sessionFor(sessionId(ctx));
    return s ? viewerOfSession(s) : undefined;
  }

  function tokenMatches(header: string): boolean {
    return deps.adminToken !== undefined && sameSecret(header.replace(/^Bearer\s+/i, ''), deps.adminToken);
  }

  /** Middleware: a viewer with one of `roles` (401 without a session, 403 with the wrong role or a failed CSRF check). */
  function require(opts: RequireOptions = {}): Middleware {
    return async (ctx: Context, next: Next) => {
      const header = ctx.get('authorization');
      let viewer: Viewer | undefined;
      if (header && opts.token) {
        if (!tokenMatches(header)) {
          ctx.set('WWW-Authenticate', 'Bearer');
          return fail(ctx, 401, 'auth.unauthorized', 'missing or wrong admin token');
        }
        viewer = { kind: 'token', roles: ['admin'], scope: { all: true, departments: [], people: [] } };
      } else {
        viewer = await sessionViewer(ctx);
        if (!viewer) {
          if (opts.token) ctx.set('WWW-Authenticate', 'Bearer');
          return fail(ctx, 401, 'auth.unauthorized', '请先登录');
        }
        if (!['GET', 'HEAD', 'OPTIONS'].includes(ctx.method)) {
          const given = ctx.get('x-csrf-token');
          if (!given || !viewer.csrf || !sameSecret(given, viewer.csrf) || !sameOrigin(ctx, deps.publicUrl)) {
            return fail(ctx, 403, 'auth.csrf', '请求未通过安全校验，请刷新页面后重试');
          }
        }
      }
      if (opts.roles && !hasRole(viewer, opts.roles)) return fail(ctx, 403, 'auth.forbidden', '您没有查看此内容的权限');
      ctx.state.viewer = viewer;
      ctx.set('Cache-Control', 'no-store');
      await next();
    };
  }

  return { require, sessionViewer, sessionId, setSessionCookie, clearSessionCookie };
}

export type WebAuth = ReturnType<typeof createWebAuth>;

/** The viewer a `require` middleware left on the context. */
export const viewerOf = (ctx: Context): Viewer => ctx.state.viewer as Viewer;
