/**
 * The admin HTTP API for dashboards (issue 5): reports by department and person, and the Excel export.
 * Protected by `Authorization: Bearer <ADMIN_TOKEN>` (compared timing-safe); every query parameter is
 * validated with zod (400 with the reason). Off when ADMIN_TOKEN is unset. Reads the real world's statistics:
 * demo people and departments never appear once real people exist (directory/demo-data.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { type DateProblem, checkDay, checkRange } from '../core/date-rules.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Deps } from '../deps.js';
import type { Department } from '../store/model.js';
import type { Period } from '../stats/period.js';
import { subtreeIds } from '../stats/leaderboard.js';
import { monthsOf, weakPoints } from '../stats/weak-points.js';

/** Dates are checked by the shared date rules (periodFromQuery), so the API and chat refuse the same input. */
const day = z.string().max(40);
const RangeQuery = z.object({ from: day.optional(), to: day.optional() }).strict();
const PeopleQuery = RangeQuery.extend({ department: z.string().min(1).max(64).optional() }).strict();
/** `scope`: the department's whole subtree (default, as /departments rolls sub-units up) or its direct members. */
const PeopleListQuery = PeopleQuery.extend({ scope: z.enum(['subtree', 'direct']).optional() })
  .strict()
  .refine((q) => q.scope === undefined || q.department !== undefined, { path: ['scope'], message: 'needs a department' });

export type ExportXlsx = (deps: Deps, period: Period) => Promise<Buffer>;

/** Whether an Authorization header carries the admin token (compared timing-safe). */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from((header ?? '').replace(/^Bearer\s+/i, ''));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

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

export function mountAdminRoutes(router: Router, deps: Deps, exportXlsx?: ExportXlsx): void {
  const token = deps.config.adminToken;
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
    const rows = await deps.stats.departmentBoard(p, await deps.stats.departments());
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
    let people = await deps.stats.people();
    const departments = await deps.stats.departments();
    const d = departmentParam(ctx, q.department, departments);
    if (d === undefined) return;
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
    const departments = await deps.stats.departments();
    const d = departmentParam(ctx, q.department, departments);
    if (d === undefined) return;
    const ids = d ? subtreeIds(d, departments) : undefined;
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
      ctx.body = await exportXlsx(deps, p);
    });
  }
}
