/**
 * The exam's figures for the dashboard and the exam admin page, beside the report API and behind the same web
 * auth (a leader's or admin's session, or the admin bearer token for scripts): every exam with its totals, one
 * exam's 汇总 rows per department, its people and 未参考名单 (with whether each was reminded today), the xlsx
 * report, and the reminder button (POST, CSRF-checked for sessions). A leader sees and reminds the departments
 * they head and everything below only (as in the chat's 考试情况); admins and the token see everything. The
 * real world's reports: demo people never count once real people exist.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { QuizDay } from '../core/quiz-day.js';
import { personState, recipientStates } from '../delivery/outbox-status.js';
import type { ExamReports } from '../exam/exam-reports.js';
import { examReportBuffer } from '../exam/exam-report-xlsx.js';
import { notTaken } from '../exam/exam-results.js';
import type { ExamStore } from '../exam/exam-store.js';
import { openWindow, timeUsedMs, windows } from '../exam/rules.js';
import type { JobRunner } from '../schedule/job-runner.js';
import { departmentOrder } from '../stats/report-xlsx.js';
import type { Store } from '../core/ports/store.js';
import type { Viewer } from '../web/auth/viewer.js';
import { readJson } from '../web/http/read-json.js';
import { type WebAuth, fail, viewerOf } from '../web/http/web-auth.js';

export interface ExamReportRouteDeps {
  readonly webAuth: WebAuth;
  readonly exams: ExamStore;
  readonly reports: ExamReports;
  /** The real world's store view (the outbox records of today's reminders). */
  readonly store: Pick<Store, 'outboxRecords'>;
  /** The real world's job runner: reminders are the `exam-remind` job for the chosen people. */
  readonly runner: Pick<JobRunner, 'run'>;
  /** Today's study day. */
  readonly today: () => QuizDay;
  readonly clock: Clock;
  readonly timeZone: string;
}

/** A leader's scope for the reports (undefined = everything). */
const scopeOf = (v: Viewer) => (v.scope.all ? undefined : { departments: v.scope.departments, people: v.scope.people });

export function mountExamReportRoutes(router: Router, deps: ExamReportRouteDeps): void {
  const leaders = deps.webAuth.require({ token: true, roles: ['leader', 'admin'] });

  const results = async (ctx: Context) => {
    const r = await deps.reports.results(String(ctx.params.examId), scopeOf(viewerOf(ctx)));
    if (!r) fail(ctx, 404, 'exam.not_found', `没有考试 ${ctx.params.examId}`);
    return r;
  };

  router.get('/api/reports/exams', leaders, async (ctx) => {
    const scope = scopeOf(viewerOf(ctx));
    const now = deps.clock.now();
    const out = [];
    for (const exam of await deps.exams.listExams()) {
      const r = (await deps.reports.results(exam.id, scope))!;
      const total = r.summary[0]!;
      out.push({
        id: exam.id,
        name: exam.name,
        windows: windows(exam),
        open: openWindow(exam, now) !== undefined,
        closedAt: exam.closedAt ?? null,
        questionCount: exam.questionCount,
        durationMinutes: exam.durationMinutes,
        totalPoints: exam.totalPoints,
        passMark: exam.passMark,
        expected: total.expected,
        took: total.took,
        tookRate: total.tookRate,
        passed: total.passed,
        passRate: total.passRate,
        average: total.average,
      });
    }
    ctx.body = { exams: out };
  });

  router.get('/api/reports/exams/:examId', leaders, async (ctx) => {
    const r = await results(ctx);
    if (!r) return;
    const paths = departmentOrder(r.departments);
    const reminded = recipientStates(await deps.store.outboxRecords(`exam-remind:${deps.today()}`));
    const person = (x: (typeof r.people)[number]) => ({
      id: x.person.id,
      name: x.person.name,
      department: x.departmentId ? (paths.get(x.departmentId)?.path ?? null) : null,
      score: x.best?.score ?? null,
      passed: x.passed,
      timeUsedSeconds: x.best ? Math.round(timeUsedMs(x.best) / 1000) : null,
      attempts: x.attempts,
      retake: (x.best?.window ?? 0) > 0,
      active: x.active,
      voided: x.voided.length,
    });
    ctx.body = {
      exam: {
        id: r.exam.id,
        name: r.exam.name,
        passMark: r.exam.passMark,
        totalPoints: r.exam.totalPoints,
        windows: windows(r.exam),
        open: openWindow(r.exam, deps.clock.now()) !== undefined,
      },
      departments: r.summary.map((s) => ({
        id: s.department?.id ?? null,
        label: s.label,
        expected: s.expected,
        took: s.took,
        tookRate: s.tookRate,
        passed: s.passed,
        passRate: s.passRate,
        average: s.average,
      })),
      people: r.people.filter((x) => x.expected).map(person),
      notTaken: notTaken(r.people, r.departments).map((x) => ({ ...person(x), reminded: personState(x.person, reminded) ?? null })),
    };
  });

  router.get('/api/reports/exams/:examId/export.xlsx', leaders, async (ctx) => {
    const r = await results(ctx);
    if (!r) return;
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`${r.exam.name}_成绩汇总表.xlsx`);
    ctx.body = await examReportBuffer({ ...r, timeZone: deps.timeZone, generatedAt: deps.clock.now() });
  });

  /**
   * 提醒未参考: the chosen people of the exam's 未参考名单 in the viewer's scope (all of it when `personIds` is
   * absent) get the exam-remind job's message through the outbox, each at most once a day, only while a window
   * is open. Anyone not on the viewer's list is refused (403 outside the scope, 400 otherwise) and nobody is sent.
   */
  router.post('/api/reports/exams/:examId/remind', leaders, async (ctx) => {
    const body = await readJson(ctx);
    const ids = z
      .object({ personIds: z.array(z.string().min(1).max(128)).min(1).max(20_000).optional() })
      .strict()
      .safeParse(body ?? {});
    if (!ids.success) return fail(ctx, 400, 'input.invalid', 'personIds: 需要要提醒的人员编号列表');
    const r = await results(ctx);
    if (!r) return;
    if (!openWindow(r.exam, deps.clock.now())) return fail(ctx, 409, 'exam.not_open', `《${r.exam.name}》当前不在考试时间内，不发送提醒。`);
    const missing = notTaken(r.people, r.departments).map((x) => x.person);
    let chosen = missing;
    if (ids.data.personIds) {
      const wanted = new Set(ids.data.personIds);
      chosen = missing.filter((p) => wanted.has(p.id));
      if (chosen.length !== wanted.size) {
        const viewer = viewerOf(ctx);
        const outside = !viewer.scope.all && [...wanted].some((id) => !viewer.scope.people.some((p) => p.id === id));
        return outside
          ? fail(ctx, 403, 'auth.forbidden', '有人员不在您的管辖范围内')
          : fail(ctx, 400, 'input.invalid', 'personIds: 只能提醒本场考试未参考名单中的人员');
      }
    }
    if (chosen.length === 0) {
      ctx.body = { status: 'ran', sent: 0, skipped: { alreadySent: 0, finished: 0 }, delivery: null };
      return;
    }
    const o = await deps.runner.run('exam-remind', deps.today(), { scope: chosen });
    ctx.body = o.status === 'ran' ? { status: 'ran', sent: o.sent, skipped: o.skipped, delivery: o.run } : { status: o.status };
  });
}
