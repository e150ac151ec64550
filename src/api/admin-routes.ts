/**
 * The report API (issue 5): reports by department and person, and the Excel export. Scripts use
 * `Authorization: Bearer <ADMIN_TOKEN>` (compared timing-safe; everything in scope); a signed-in web session of
 * a leader or admin works too (issue 16), scoped to its role: a leader sees their departments and those below,
 * and gets 403 for any other department. Every query parameter is validated with zod (400 with the reason). Reads the real world's statistics:
 * demo people and departments never appear once real people exist (directory/demo-data.ts).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { type DateProblem, checkDay, checkRange } from '../core/date-rules.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Deps } from '../deps.js';
import type { Department } from '../store/model.js';
import type { Period } from '../stats/period.js';
import { subtreeIds } from '../stats/leaderboard.js';
import { monthsOf, weakPoints } from '../stats/weak-points.js';
import { collectReportInput, reportBuffer, scopedSources } from '../stats/report-xlsx.js';
import { type Viewer, canSeeDepartment } from '../web/auth/viewer.js';
import { type WebAuth, viewerOf } from '../web/http/web-auth.js';

/** Dates are checked by the shared date rules (periodFromQuery), so the API and chat refuse the same input. */
const day = z.string().max(40);
const RangeQuery = z.object({ from: day.optional(), to: day.optional() }).strict();
const PeopleQuery = RangeQuery.extend({ department: z.string().min(1).max(64).optional() }).strict();
/** `scope`: the department's whole subtree (default, as /departments rolls sub-units up) or its direct members. */
const PeopleListQuery = PeopleQuery.extend({ scope: z.enum(['subtree', 'direct']).optional() })
  .strict()
  .refine((q) => q.scope === undefined || q.department !== undefined, { path: ['scope'], message: 'needs a department' });

export type ExportXlsx = (deps: Deps, period: Period) => Promise<Buffer>;

/**
 * The report period from `from`/`to` (default: this month to today), checked by the date rules
 * (core/date-rules.ts): real dates in 2000–2100, start not after end, at most 366 days.
 */
export function periodFromQuery(q: { from?: string; to?: string }, today: QuizDay): Period | DateProblem {
  const named = (param: 'from' | 'to', problem: DateProblem): DateProblem => ({ ...problem, message: `${param}: ${problem.message}` });
  const to = checkDay(q.to ?? today);
  if (!to.ok) return named('to', to.problem);
  const from = q.from === undefined ? checkDay(`${to.value.slice(0, 8)}01`) : checkDay(q.from);
  if (!from.ok) return named('from', from.problem);
  const r = checkRange(from.value, to.value);
  if (!r.ok) return r.problem;
  return { label: `${r.value.from} 至 ${r.value.to}`, from: r.value.from, to: r.value.to };
}

/** Departments a viewer's reports cover: everything for admins and the token, else the viewer's scope. */
const scopeDepartments = (v: Viewer, all: readonly Department[]) => (v.scope.all ? all : v.scope.departments);

export function mountAdminRoutes(router: Router, deps: Deps, webAuth: WebAuth, exportXlsx?: ExportXlsx): void {
  const auth = webAuth.require({ token: true, roles: ['leader', 'admin'] });
  const forbidden = (ctx: Context) => {
    ctx.status = 403;
    ctx.body = { error: { code: 'auth.forbidden', message: 'department: outside your scope' } };
  };
  const parse = <T extends z.ZodType>(ctx: Context, schema: T): z.infer<T> | undefined => {
    const r = schema.safeParse(ctx.query);
    if (r.success) return r.data;
    ctx.status = 400;
    ctx.body = { error: { code: 'input.invalid', message: r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ') } };
    return undefined;
  };
  const period = (ctx: Context, q: { from?: string; to?: string }): Period | undefined => {
    const p = periodFromQuery(q, deps.stats.today());
    if ('from' in p) return p;
    ctx.status = 400;
    ctx.body = { error: { code: 'input.invalid', rule: p.rule, message: p.message } };
    return undefined;
  };

  router.get('/api/reports/departments', auth, async (ctx) => {
    const q = parse(ctx, RangeQuery);
    const p = q && period(ctx, q);
    if (!p) return;
    const rows = await deps.stats.departmentBoard(p, scopeDepartments(viewerOf(ctx), await deps.stats.departments()));
    ctx.body = {
      from: p.from,
      to: p.to,
      departments: rows.map((r) => ({
        id: r.department.id,
        name: r.department.name,
        parentId: r.department.parentId ?? null,
        members: r.members,
        expectedPeople: r.expectedPeople,
        studiedPeople: r.studiedPeople,
        studied: r.studied,
        expected: r.expected,
        rate: r.rate,
        accuracy: r.accuracy,
        pointsPerPerson: r.pointsPerPerson,
        rank: r.rank,
      })),
    };
  });

  /** The `department` parameter (id or name): null when absent, undefined (after a 400) when unknown. */
  const departmentParam = (ctx: Context, name: string | undefined, departments: readonly Department[]): Department | null | undefined => {
    if (!name) return null;
    const d = departments.find((x) => x.id === name || x.name === name);
    if (d) return d;
    ctx.status = 400;
    ctx.body = { error: { code: 'input.invalid', message: `department: no department ${name}` } };
    return undefined;
  };

  router.get('/api/reports/people', auth, async (ctx) => {
    const q = parse(ctx, PeopleListQuery);
    const p = q && period(ctx, q);
    if (!q || !p) return;
    const viewer = viewerOf(ctx);
    let people = viewer.scope.all ? await deps.stats.people() : viewer.scope.people;
    const departments = await deps.stats.departments();
    const d = departmentParam(ctx, q.department, departments);
    if (d === undefined) return;
    if (d && !canSeeDepartment(viewer, d.id)) return forbidden(ctx);
    const scope = d ? (q.scope ?? 'subtree') : 'all';
    if (d) {
      const ids = scope === 'direct' ? new Set([d.id]) : subtreeIds(d, departments);
      people = people.filter((x) => x.departmentId !== undefined && ids.has(x.departmentId));
    }
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const rows = await deps.stats.peopleBoard(
      p,
      people.filter((x) => x.active || x.leftOn !== undefined),
    );
    ctx.body = {
      from: p.from,
      to: p.to,
      /** Whom `people` covers: everyone, the department's whole subtree, or its direct members only. */
      scope,
      department: d ? { id: d.id, name: d.name } : null,
      people: rows.map((r) => ({
        id: r.person.id,
        name: r.person.name,
        department: names.get(r.person.departmentId ?? '') ?? null,
        active: r.person.active,
        points: r.points,
        daysStudied: r.daysStudied,
        daysExpected: r.daysExpected,
        answered: r.answered,
        correct: r.correct,
        accuracy: r.accuracy,
        rank: r.rank,
      })),
    };
  });

  router.get('/api/reports/laws', auth, async (ctx) => {
    const q = parse(ctx, PeopleQuery);
    const p = q && period(ctx, q);
    if (!q || !p) return;
    const viewer = viewerOf(ctx);
    const departments = await deps.stats.departments();
    const d = departmentParam(ctx, q.department, departments);
    if (d === undefined) return;
    if (d && !canSeeDepartment(viewer, d.id)) return forbidden(ctx);
    const ids = d ? subtreeIds(d, departments) : viewer.scope.all ? undefined : new Set(viewer.scope.departments.map((x) => x.id));
    const months = monthsOf(p);
    ctx.body = { months, ...weakPoints(await deps.stats.lawTally(months), ids, 1) };
  });

  if (exportXlsx) {
    router.get('/api/reports/export.xlsx', auth, async (ctx) => {
      const q = parse(ctx, RangeQuery);
      const p = q && period(ctx, q);
      if (!p) return;
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.attachment(`学法统计_${p.from}_${p.to}.xlsx`);
      const viewer = viewerOf(ctx);
      if (viewer.scope.all) {
        ctx.body = await exportXlsx(deps, p);
        return;
      }
      // A leader's workbook: their departments and people only.
      const src = scopedSources({ stats: deps.stats, calendar: deps.calendar }, viewer.scope.departments, viewer.scope.people);
      ctx.body = await reportBuffer(await collectReportInput(src, p));
    });
  }
}
