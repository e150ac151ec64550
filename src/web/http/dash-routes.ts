/**
 * The dashboard's JSON API (/api/dash/*), behind the one auth middleware: leaders and admins, scoped on the
 * server (dashboard-service.ts answers 403 for anything outside the viewer's scope). A person's own history
 * is open to everyone signed in (members see only themselves). Periods take the chat's words (`period=本月`,
 * `上周`, `2026-11-01~2026-11-26`) or `from`/`to`, with the same rules as the chat and the report API.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { isQuizDay } from '../../core/quiz-day.js';
import { periodFromQuery } from '../../api/admin-routes.js';
import { type Period, parsePeriod } from '../../stats/period.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { Answer, Dashboard } from '../dashboard/dashboard-service.js';
import { readJson } from './read-json.js';
import { type WebAuth, fail, viewerOf } from './web-auth.js';

const day = z.string().refine(isQuizDay, 'must be a date YYYY-MM-DD');
const Query = z
  .object({
    period: z.string().max(40).optional(),
    from: day.optional(),
    to: day.optional(),
    department: z.string().min(1).max(64).optional(),
    by: z.enum(['day', 'week', 'month']).optional(),
    direct: z.enum(['1', 'true']).optional(),
  })
  .strict();

/** Days up to two months by day, up to about half a year by week, longer by month. */
function defaultGranularity(p: Period): 'day' | 'week' | 'month' {
  const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 + 1;
  return days <= 62 ? 'day' : days <= 200 ? 'week' : 'month';
}

export function mountDashRoutes(router: Router, webAuth: WebAuth, dash: Dashboard, today: () => QuizDay): void {
  const leaders = webAuth.require({ roles: ['leader', 'admin'] });

  /** The query, or undefined after a 400 with the reason. */
  const parse = (ctx: Context): (z.infer<typeof Query> & { p: Period }) | undefined => {
    const r = Query.safeParse(ctx.query);
    if (!r.success) {
      fail(ctx, 400, 'input.invalid', r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
      return undefined;
    }
    const q = r.data;
    let p: Period | string;
    if (q.period !== undefined) {
      // The chat's period words and ranges, under the same date rules (core/date-rules.ts).
      const asked = parsePeriod(q.period, today());
      p = asked.ok
        ? asked.period
        : `period: ${asked.problem?.message ?? `不认识的时间段“${q.period}”（可用 今日 本周 上周 本月 上月 本季度 本年 或 2026-11-01~2026-11-26）`}`;
    } else {
      const checked = periodFromQuery(q, today());
      p = 'from' in checked ? checked : checked.message;
    }
    if (typeof p === 'string') {
      fail(ctx, 400, 'input.invalid', p);
      return undefined;
    }
    return { ...q, p };
  };
  const answer = (ctx: Context, a: Answer<unknown>) => {
    if (a.ok) ctx.body = a.body;
    else fail(ctx, a.status, a.status === 403 ? 'auth.forbidden' : 'input.invalid', a.message);
  };

  router.get('/api/dash/overview', leaders, async (ctx) => {
    const q = parse(ctx);
    if (q) answer(ctx, await dash.overview(viewerOf(ctx), { period: q.p, departmentId: q.department, by: q.by ?? defaultGranularity(q.p) }));
  });

  router.get('/api/dash/people', leaders, async (ctx) => {
    const q = parse(ctx);
    if (q) answer(ctx, await dash.people(viewerOf(ctx), { period: q.p, departmentId: q.department, direct: q.direct !== undefined }));
  });

  router.get('/api/dash/people/:id', webAuth.require(), async (ctx) => {
    const q = parse(ctx);
    if (q) answer(ctx, await dash.person(viewerOf(ctx), ctx.params.id!, q.p));
  });

  router.get('/api/dash/unstudied', leaders, async (ctx) => {
    const q = parse(ctx);
    if (q) answer(ctx, await dash.unstudied(viewerOf(ctx), { departmentId: q.department }));
  });

  router.post('/api/dash/remind', leaders, async (ctx) => {
    const body = await readJson(ctx);
    const ids = z.array(z.string().min(1).max(128)).min(1).max(20_000).safeParse(body?.personIds);
    if (!ids.success) return fail(ctx, 400, 'input.invalid', 'personIds: 需要要提醒的人员编号列表');
    answer(ctx, await dash.remind(viewerOf(ctx), [...new Set(ids.data)]));
  });

  router.get('/api/dash/laws', leaders, async (ctx) => {
    const q = parse(ctx);
    if (q) answer(ctx, await dash.laws(viewerOf(ctx), { period: q.p, departmentId: q.department }));
  });

  router.get('/api/dash/export.xlsx', leaders, async (ctx) => {
    const q = parse(ctx);
    if (!q) return;
    const a = await dash.exportXlsx(viewerOf(ctx), { period: q.p, departmentId: q.department });
    if (!a.ok) return answer(ctx, a);
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`学法统计_${q.p.from}_${q.p.to}.xlsx`);
    ctx.body = a.body;
  });
}
