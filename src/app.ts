/**
 * buildApp(deps): the Koa application, routes only. It never listens (main.ts does), so tests can mount
 * `app.callback()` on a random port.
 */
import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import Koa from 'koa';
import { mountReceiver } from './channels/koa-adapter.js';
import { createPlaygroundReceiver } from './channels/playground/receiver.js';
import type { Deps } from './deps.js';
import { mountAdminRoutes } from './api/admin-routes.js';
import { exportReportXlsx } from './stats/report-xlsx.js';

const PLAYGROUND_PAGE = readFileSync(new URL('./channels/playground/page.html', import.meta.url), 'utf8');

export function buildApp(deps: Deps): Koa {
  const app = new Koa();
  const router = new Router();
  const log = deps.logger;

  app.use(async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } catch (err) {
      log.error('request failed', { method: ctx.method, path: ctx.path, err });
      ctx.status = 500;
      ctx.body = '';
    }
    log.debug('request', { method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) });
  });

  router.get('/healthz', (ctx) => {
    ctx.body = {
      status: 'ok',
      questions: deps.bank.size,
      heldForReview: deps.bankReport.needsReview.length,
      channels: { playground: deps.config.playground, senders: [...deps.senders.keys()], push: [...deps.bulkSenders.keys()], ...deps.channelHealth() },
      jobs: deps.scheduler.nextRuns(),
    };
  });

  const sendLater = deps.sendLater;

  if (deps.config.playground) {
    router.get('/', (ctx) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PLAYGROUND_PAGE;
    });
    router.get('/playground/users', async (ctx) => {
      const departments = new Map((await deps.store.listDepartments()).map((d) => [d.id, d.name]));
      const people = (await deps.store.listPeople()).filter((p) => p.active && p.departmentId).slice(0, 500);
      const roleLabel = (r: readonly string[]) => (r.includes('admin') ? ' · 管理员' : r.includes('leader') ? ' · 领导' : '');
      ctx.body = { users: people.map((p) => ({ id: p.id, label: `${p.name}（${departments.get(p.departmentId!) ?? ''}${roleLabel(p.roles)}）` })) };
    });
    router.get('/playground/inbox', (ctx) => {
      const userId = typeof ctx.query.userId === 'string' ? ctx.query.userId : '';
      ctx.body = { messages: userId && deps.playgroundInbox ? deps.playgroundInbox.take(userId) : [] };
    });
    mountReceiver(router, '/playground/messages', createPlaygroundReceiver(), {
      dispatcher: deps.dispatcher,
      clock: deps.clock,
      logger: log,
      sendLater,
      exposeErrors: true,
    });
  }

  mountAdminRoutes(router, deps, exportReportXlsx);

  for (const { path, receiver } of deps.receivers) {
    mountReceiver(router, path, receiver, {
      dispatcher: deps.dispatcher,
      clock: deps.clock,
      logger: log,
      sendLater,
      onDirectoryChange: async (change) => {
        await deps.directory.applyChange(change);
      },
    });
  }

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
