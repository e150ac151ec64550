/**
 * Mounts the web app on the Koa application (one call from app.ts): the cookie keys (kept in the store, so
 * sessions survive restarts), the sign-in routes, the dashboard API, the built pages (dist/web) with their
 * caching, and the page shells (WeCom members without a session are sent through OAuth first).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Deps } from '../deps.js';
import { createDashboard } from './dashboard/dashboard-service.js';
import { clientOf, mountAuthRoutes } from './http/auth-routes.js';
import { mountDashRoutes } from './http/dash-routes.js';
import { mountAdminRoutes } from './http/admin-routes.js';
import { createAdminConsole } from './admin/admin-console.js';
import { createStaticFiles } from './http/static-files.js';
import { type WebAuth, createWebAuth } from './http/web-auth.js';
import { isPagePath } from './pages.js';

/** The project root (the directory with package.json above this file), where dist/web is built. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export interface MountWebOptions {
  /** Where the built pages are (default: <project>/dist/web). */
  readonly distDir?: string;
}

/** Mounts everything of the web app; returns the auth middleware factory for other routes (the report API). */
export function mountWeb(app: Koa, router: Router, deps: Deps, opts: MountWebOptions = {}): WebAuth {
  const { config } = deps;
  app.proxy = config.web.trustProxy;
  let keys: Promise<void> | undefined;
  // Cookie keys come from the store (async), once, before any route reads or sets a signed cookie.
  app.use(async (_ctx, next) => {
    keys ??= deps.webAuthStore.cookieKeys().then((k) => {
      app.keys = [...k];
    });
    await keys;
    await next();
  });

  const webAuth = createWebAuth({
    auth: deps.auth,
    stats: deps.stats,
    adminUsers: config.adminUsers,
    adminToken: config.adminToken,
    publicUrl: config.web.publicUrl,
    sessionHours: config.web.sessionHours,
  });
  mountAuthRoutes(router, {
    auth: deps.auth,
    webAuth,
    web: config.web,
    signIn: deps.webSignIn,
    resolve: async (channel, userId) => (await deps.directory.resolve(channel, userId)).person,
    getPerson: (id) => deps.store.getPerson(id),
    departments: () => deps.store.listDepartments(),
    logger: deps.logger,
  });
  const dashboard = createDashboard({
    store: deps.reportStore,
    stats: deps.stats,
    calendar: deps.calendar,
    bank: deps.bank,
    runner: deps.runner,
    points: config.points,
  });
  mountDashRoutes(router, webAuth, dashboard, () => deps.stats.today());
  mountAdminRoutes(router, webAuth, createAdminConsole(deps));

  const files = createStaticFiles(opts.distDir ?? join(projectRoot(), 'dist', 'web'));
  // The built files (hashed assets, the icon) and the page shells: any GET under a registered page path.
  app.use(async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/assets/') || ctx.path === '/favicon.svg') {
      if (!files.serveAsset(ctx)) ctx.status = 404;
      return;
    }
    if (!isPagePath(ctx.path)) return next();
    if (deps.webSignIn.wecom && clientOf(ctx) === 'wecom' && !(await webAuth.sessionViewer(ctx))) {
      return ctx.redirect(`/auth/wecom?returnTo=${encodeURIComponent(ctx.url)}`);
    }
    files.serveShell(ctx);
  });
  return webAuth;
}
