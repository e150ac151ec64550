/**
 * The exam's figures for the dashboard, beside the admin report API and behind the same bearer token
 * (ADMIN_TOKEN; off when unset): every exam with its totals, one exam's 汇总 rows per department, its people
 * and 未参考名单, and the xlsx report.
 */
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { ExamReports } from '../exam/exam-reports.js';
import { examReportBuffer } from '../exam/exam-report-xlsx.js';
import { notTaken } from '../exam/exam-results.js';
import type { ExamStore } from '../exam/exam-store.js';
import { timeUsedMs, windows } from '../exam/rules.js';
import type { Clock } from '../core/clock.js';
import { departmentOrder } from '../stats/report-xlsx.js';
import { tokenMatches } from './admin-routes.js';

export interface ExamReportRouteDeps {
  readonly token?: string;
  readonly exams: ExamStore;
  readonly reports: ExamReports;
  readonly clock: Clock;
  readonly timeZone: string;
}

export function mountExamReportRoutes(router: Router, deps: ExamReportRouteDeps): void {
  const token = deps.token;
  if (!token) return;
  const auth = async (ctx: Context, next: Next) => {
    if (!tokenMatches(ctx.get('authorization'), token)) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer');
      ctx.body = { error: { code: 'auth.unauthorized', message: 'missing or wrong admin token' } };
      return;
    }
    await next();
  };
  const results = async (ctx: Context) => {
    const r = await deps.reports.results(String(ctx.params.examId));
    if (!r) {
      ctx.status = 404;
      ctx.body = { error: { code: 'exam.not_found', message: `没有考试 ${ctx.params.examId}` } };
    }
    return r;
  };

  router.get('/api/reports/exams', auth, async (ctx) => {
    const out = [];
    for (const exam of await deps.exams.listExams()) {
      const r = (await deps.reports.results(exam.id))!;
      const total = r.summary[0]!;
      out.push({
        id: exam.id,
        name: exam.name,
        windows: windows(exam),
        closedAt: exam.closedAt ?? null,
        questionCount: exam.questionCount,
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

  router.get('/api/reports/exams/:examId', auth, async (ctx) => {
    const r = await results(ctx);
    if (!r) return;
    const paths = departmentOrder(r.departments);
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
      exam: { id: r.exam.id, name: r.exam.name, passMark: r.exam.passMark, totalPoints: r.exam.totalPoints },
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
      notTaken: notTaken(r.people, r.departments).map(person),
    };
  });

  router.get('/api/reports/exams/:examId/export.xlsx', auth, async (ctx) => {
    const r = await results(ctx);
    if (!r) return;
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`${r.exam.name}_成绩汇总表.xlsx`);
    ctx.body = await examReportBuffer({ ...r, timeZone: deps.timeZone, generatedAt: deps.clock.now() });
  });
}
