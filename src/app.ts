/**
 * buildApp(deps): the Koa application, routes only. It never listens (main.ts does), so tests can mount
 * `app.callback()` on a random port.
 */
import Router from '@koa/router';
import Koa from 'koa';
import { mountReceiver } from './channels/koa-adapter.js';
import type { Deps } from './deps.js';
import { mountAdminRoutes } from './api/admin-routes.js';
import { mountPlaygroundRoutes } from './api/playground-routes.js';
import { exportReportXlsx } from './stats/report-xlsx.js';
import { mountExamRoutes } from './api/exam-routes.js';
import { mountQuizRoutes } from './api/quiz-routes.js';
import { mountExamReportRoutes } from './api/exam-report-routes.js';
import { examTakerGuard, playgroundExamIdentity } from './api/exam-identity.js';
import { isDemo } from './directory/demo-data.js';
import { mountWeb } from './web/mount.js';

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

  if (deps.config.playground) mountPlaygroundRoutes(router, deps);

  // The web app (sign-in, dashboard, built pages); its auth middleware also guards the report API.
  const webAuth = mountWeb(app, router, deps);
  mountAdminRoutes(router, deps, webAuth, exportReportXlsx);
  // The person of the exam and quiz pages: the web session, or in the playground its header.
  const taker = examTakerGuard(
    webAuth,
    deps.examIdentity ?? (deps.config.playground ? playgroundExamIdentity(deps.store, deps.platformConfigured) : undefined),
  );
  mountQuizRoutes(router, {
    pageFor: (person) => (isDemo(person) ? deps.demoWorld.quizPage : deps.quizPage),
    directory: deps.store,
    guard: taker,
  });
  mountExamRoutes(router, {
    service: deps.exam.service,
    reportsFor: (person) => (isDemo(person) ? deps.demoWorld.exam.reports : deps.exam.reports),
    verifiers: deps.config.playground ? [deps.exam.reports, deps.demoWorld.exam.reports] : [deps.exam.reports],
    directory: deps.store,
    guard: taker,
    logger: log,
  });
  mountExamReportRoutes(router, {
    webAuth,
    exams: deps.exam.store,
    reports: deps.exam.reports,
    store: deps.reportStore,
    runner: deps.runner,
    today: () => deps.stats.today(),
    clock: deps.clock,
    timeZone: deps.config.timeZone,
  });

  for (const { path, receiver } of deps.receivers) {
    mountReceiver(router, path, receiver, { pipeline: deps.pipeline });
  }

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
