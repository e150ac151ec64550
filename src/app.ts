/**
 * buildApp(deps): the Koa application, routes only. It never listens (main.ts does), so tests can mount
 * `app.callback()` on a random port.
 */
import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import Koa from 'koa';
import { mountReceiver } from './channels/koa-adapter.js';
import { createPlaygroundReceiver } from './channels/playground/receiver.js';
import type { InboundMessage, OutboundMessage } from './core/message.js';
import type { Deps } from './deps.js';
import { mountAdminRoutes } from './api/admin-routes.js';
import { exportReportXlsx } from './stats/report-xlsx.js';
import { mountExamRoutes } from './api/exam-routes.js';
import { mountExamReportRoutes } from './api/exam-report-routes.js';
import { noExamIdentity, playgroundExamIdentity } from './api/exam-identity.js';

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
    const calendar = deps.calendarStatus();
    ctx.body = {
      status: 'ok',
      /** Things the operator should act on that do not stop the bot (e.g. an out-of-date holiday calendar). */
      warnings: calendar?.warning ? [calendar.warning] : [],
      questions: deps.bank.size,
      heldForReview: deps.bankReport.needsReview.length,
      channels: { playground: deps.config.playground, senders: [...deps.senders.keys()], push: [...deps.bulkSenders.keys()], ...deps.channelHealth() },
      jobs: deps.scheduler.nextRuns(),
      calendar: calendar ?? null,
      contacts: deps.contacts.status(),
    };
  });

  const sendLater = async (msg: InboundMessage, replies: readonly OutboundMessage[]) => {
    const sender = deps.senders.get(msg.channel);
    if (!sender) {
      log.warn('no sender for late replies', { channel: msg.channel, count: replies.length });
      return;
    }
    for (const r of replies) await sender.send(msg.replyTo, r);
  };

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
  mountExamRoutes(router, {
    service: deps.exam.service,
    reports: deps.exam.reports,
    directory: deps.store,
    identity: deps.examIdentity ?? (deps.config.playground ? playgroundExamIdentity(deps.store) : noExamIdentity),
    logger: log,
  });
  mountExamReportRoutes(router, {
    token: deps.config.adminToken,
    exams: deps.exam.store,
    reports: deps.exam.reports,
    clock: deps.clock,
    timeZone: deps.config.timeZone,
  });

  for (const { path, receiver } of deps.receivers) {
    mountReceiver(router, path, receiver, {
      dispatcher: deps.dispatcher,
      clock: deps.clock,
      logger: log,
      sendLater,
      onDirectoryChange: async (change) => {
        await deps.contacts.accept(change);
      },
    });
  }

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
