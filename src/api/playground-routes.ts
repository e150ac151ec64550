/**
 * The playground's routes (the page, `/playground/users`, `/playground/inbox`, `/playground/messages`) and its
 * guard rails (issue 11 item 9): a per-client rate limit (429), and with a platform configured, this machine
 * only (403, unless PLAYGROUND_PUBLIC=true) and demo people only (directory/playground-access.ts). Messages go
 * through the one channel adapter like any platform's.
 */
import { readFileSync } from 'node:fs';
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { mountReceiver } from '../channels/koa-adapter.js';
import { createRateLimiter, isLoopback } from '../channels/playground/rate-limit.js';
import { createPlaygroundReceiver } from '../channels/playground/receiver.js';
import type { Deps } from '../deps.js';
import { createPlaygroundAccess } from '../directory/playground-access.js';

const PAGE = readFileSync(new URL('../channels/playground/page.html', import.meta.url), 'utf8');
/** People the page offers at most. */
const PAGE_PEOPLE = 500;

function refuse(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

/** The client's address (never throws, even once a client has gone). */
function clientIp(ctx: Context): string {
  try {
    return ctx.ip;
  } catch {
    return '';
  }
}

export function mountPlaygroundRoutes(router: Router, deps: Deps): void {
  const limits = deps.config.playgroundLimits;
  const loopbackOnly = deps.platformConfigured && !limits.public;
  const limiter = createRateLimiter({ limit: limits.ratePerMinute, windowMs: 60_000, clock: deps.clock });
  const access = createPlaygroundAccess({
    store: deps.store,
    sandboxed: deps.platformConfigured,
    maxPeople: limits.maxPeople,
  });

  const guard = async (ctx: Context, next: Next) => {
    const ip = clientIp(ctx);
    if (loopbackOnly && !isLoopback(ip)) {
      deps.logger.warn('playground refused a remote client', { ip, path: ctx.path });
      return refuse(ctx, 403, 'auth.forbidden', '本地体验只对本机开放（已接入企业微信或钉钉）。如需从其他电脑访问，请设置 PLAYGROUND_PUBLIC=true。');
    }
    const taken = limiter.take(ip);
    if (!taken.ok) {
      ctx.set('Retry-After', String(Math.ceil(taken.retryAfterMs / 1000)));
      return refuse(ctx, 429, 'input.rate_limited', `请求过于频繁，请稍后再试（每个客户端每分钟最多 ${limits.ratePerMinute} 次）。`);
    }
    await next();
  };

  router.get('/', guard, (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/playground/users', guard, async (ctx) => {
    const departments = new Map((await deps.store.listDepartments()).map((d) => [d.id, d.name]));
    const roleLabel = (r: readonly string[]) => (r.includes('admin') ? ' · 管理员' : r.includes('leader') ? ' · 领导' : '');
    ctx.body = {
      // The id the page sends is the person's playground id, the one their pushes are kept under.
      users: (await access.people(PAGE_PEOPLE)).map((p) => ({
        id: p.identities.playground ?? p.id,
        label: `${p.name}（${departments.get(p.departmentId!) ?? ''}${roleLabel(p.roles)}）`,
      })),
    };
  });
  router.get('/playground/inbox', guard, async (ctx) => {
    const userId = typeof ctx.query.userId === 'string' ? ctx.query.userId : '';
    if (userId && !(await access.mayReadInbox(userId))) {
      return refuse(ctx, 403, 'auth.forbidden', '本地体验只能查看演示人员收到的推送。');
    }
    ctx.body = { messages: userId && deps.playgroundInbox ? deps.playgroundInbox.take(userId) : [] };
  });
  router.all('/playground/messages', guard);
  mountReceiver(router, '/playground/messages', createPlaygroundReceiver(), {
    pipeline: deps.pipeline,
    exposeErrors: true,
    admit: (message) => access.admit(message.sender.userId),
  });
}
