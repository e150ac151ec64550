/**
 * The admins' console API (/api/admin/*): admins only (403 for everyone else, checked here on the server),
 * every POST behind the session's CSRF check (web-auth.ts), every change written to the audit log (who, what,
 * when, details). Files are uploaded as the raw request body with `?name=` (its extension picks the reader).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { type AuditLog, personActor } from '../../core/audit.js';
import type { AdminStore } from '../../core/admin-store.js';
import type { Person } from '../../core/model.js';
import type { BankConsole } from '../admin/bank-console.js';
import type { OpsConsole } from '../admin/ops-console.js';
import type { OrgConsole } from '../admin/org-console.js';
import type { PublishConsole } from '../admin/publish-console.js';
import type { RosterUploads } from '../admin/roster-upload.js';
import { readJson } from './read-json.js';
import { readUpload, uploadName } from './read-upload.js';
import { type WebAuth, fail, viewerOf } from './web-auth.js';

export interface AdminConsole {
  readonly roster: RosterUploads;
  readonly bank: BankConsole;
  readonly org: OrgConsole;
  readonly publish: PublishConsole;
  readonly ops: OpsConsole;
  readonly admin: AdminStore;
  readonly audit: AuditLog;
  /** The bot's time zone (job times are in it). */
  readonly timeZone: string;
}

const Draft = z.object({
  title: z.string().max(200),
  body: z.string().max(4000).default(''),
  targets: z.array(z.string().min(1).max(64)).max(50).default([]),
});

export function mountAdminRoutes(router: Router, webAuth: WebAuth, c: AdminConsole): void {
  const admins = webAuth.require({ roles: ['admin'] });
  const me = (ctx: Context): Person => viewerOf(ctx).person!;
  const audit = (ctx: Context, action: string, summary: string, details?: Record<string, unknown>) =>
    c.audit.record(personActor(me(ctx)), 'web', action, summary, details);
  const bad = (ctx: Context, message: string) => fail(ctx, 400, 'input.invalid', message);

  // The audit log, newest first.
  router.get('/api/admin/audit', admins, async (ctx) => {
    const limit = Math.min(Math.max(Number(ctx.query.limit) || 100, 1), 500);
    const before = typeof ctx.query.before === 'string' ? ctx.query.before : undefined;
    const action = typeof ctx.query.action === 'string' && ctx.query.action ? ctx.query.action : undefined;
    ctx.body = { entries: await c.admin.listAudit({ limit, before, action }) };
  });

  // Roster: dry run, then apply.
  router.post('/api/admin/roster/preview', admins, async (ctx) => {
    const name = uploadName(ctx, ['.xlsx', '.xlsm', '.csv', '.tsv', '.txt']);
    if (!name) return bad(ctx, 'name: 需要 .xlsx 或 .csv 花名册文件');
    const bytes = await readUpload(ctx);
    if (!bytes) return bad(ctx, '文件为空或超过 10 MB');
    const deactivateMissing = ctx.query.deactivateMissing === '1';
    const r = await c.roster.preview(bytes, name, me(ctx).id, deactivateMissing);
    await audit(ctx, 'roster.preview', `试导入花名册 ${name}：${r.report.errors.length} 处错误`, {
      file: name,
      rows: r.report.rows,
      errors: r.report.errors.length,
      fatal: r.report.fatal ?? null,
    });
    ctx.body = { id: r.id, report: r.report, canApply: !r.report.fatal && r.report.errors.length === 0 && r.report.changes > 0 };
  });

  router.post('/api/admin/roster/apply', admins, async (ctx) => {
    const id = (await readJson(ctx))?.id;
    if (typeof id !== 'string') return bad(ctx, 'id: 需要试导入返回的编号');
    const r = await c.roster.apply(id, me(ctx).id);
    if (!r.ok && r.code === 'unknown') return fail(ctx, 404, 'input.invalid', '没有这次上传（已过期或已导入），请重新上传');
    if (!r.ok) {
      ctx.status = 409;
      ctx.body = { error: { code: 'roster.invalid', message: '花名册有错误，未做任何修改' }, report: r.report };
      return;
    }
    const x = r.report;
    await audit(ctx, 'roster.apply', `导入花名册 ${x.file}：新增 ${x.peopleCreated} 人，更新 ${x.peopleUpdated} 人，停用 ${x.deactivated} 人`, {
      file: x.file,
      departmentsCreated: x.departmentsCreated,
      peopleCreated: x.peopleCreated,
      peopleUpdated: x.peopleUpdated,
      deactivated: x.deactivated,
    });
    ctx.body = { report: x };
  });

  // Bank: search, upload (dry run, apply).
  router.get('/api/admin/bank/questions', admins, async (ctx) => {
    const str = (k: string) => (typeof ctx.query[k] === 'string' && ctx.query[k] ? (ctx.query[k] as string).slice(0, 100) : undefined);
    ctx.body = await c.bank.search({ text: str('text'), law: str('law'), type: str('type'), bank: str('bank') });
  });

  router.post('/api/admin/bank/questions/:id', admins, async (ctx) => {
    const body = z
      .object({
        stem: z.string().max(500),
        answer: z.string().max(10),
        explanation: z.string().max(1000),
        options: z.array(z.string().max(200)).max(8).optional(),
      })
      .safeParse(await readJson(ctx));
    if (!body.success) return bad(ctx, 'stem, answer, explanation, options');
    const r = await c.bank.edit(ctx.params.id!, body.data);
    if (!r.ok) {
      const [status, message] =
        r.code === 'bank.readonly'
          ? [409, '随程序提供的题库在网页上只读：请在代码库中修改并运行 check-bank']
          : r.code === 'bank.unknown'
            ? [404, '没有这道题（或它不在导入的题库中）']
            : [400, `未保存：${r.errors.map((e) => `${e.field ? `${e.field}：` : ''}${e.message}`).join('；')}`];
      ctx.status = status;
      ctx.body = { error: { code: r.code, message, details: { errors: r.errors } } };
      return;
    }
    await audit(ctx, 'bank.edit', `修改题目 ${ctx.params.id}（题库 ${r.bank}）`, { id: ctx.params.id, bank: r.bank, ...body.data });
    ctx.body = { question: r.question, warnings: r.warnings };
  });

  router.post('/api/admin/bank/preview', admins, async (ctx) => {
    const name = uploadName(ctx, ['.xlsx', '.csv', '.json', '.txt']);
    if (!name) return bad(ctx, 'name: 需要 .xlsx、.csv、.json 或 .txt 题库文件');
    const bytes = await readUpload(ctx);
    if (!bytes) return bad(ctx, '文件为空或超过 10 MB');
    const r = await c.bank.preview(bytes, name, me(ctx).id);
    await audit(ctx, 'bank.preview', `试导入题库 ${name}：${r.questions} 题，${r.errors.length} 处错误`, { file: name, bank: r.bank, errors: r.errors.length });
    ctx.body = r;
  });

  router.post('/api/admin/bank/apply', admins, async (ctx) => {
    const id = (await readJson(ctx))?.id;
    if (typeof id !== 'string') return bad(ctx, 'id: 需要试导入返回的编号');
    const r = await c.bank.apply(id, me(ctx).id);
    if (!r.ok && r.code === 'unknown') return fail(ctx, 404, 'input.invalid', '没有这次上传（已过期或已导入），请重新上传');
    if (!r.ok) {
      ctx.status = 409;
      ctx.body = { error: { code: 'bank.invalid', message: '题库文件有错误，未做任何修改' }, result: r.result };
      return;
    }
    await audit(ctx, 'bank.import', `导入题库 ${r.result.bank}：新增 ${r.result.imported} 题，更新 ${r.result.updated} 题`, {
      ...r.result,
      errors: undefined,
      warnings: undefined,
    });
    ctx.body = { result: r.result };
  });

  // Departments and roles.
  router.get('/api/admin/org', admins, async (ctx) => {
    ctx.body = await c.org.tree();
  });

  router.post('/api/admin/org/roles', admins, async (ctx) => {
    const body = z.object({ personId: z.string().min(1).max(128), role: z.enum(['leader', 'admin']), on: z.boolean() }).safeParse(await readJson(ctx));
    if (!body.success) return bad(ctx, 'personId, role (leader|admin), on (true|false)');
    const r = await c.org.setRole(body.data.personId, body.data.role, body.data.on);
    if (!r.ok) return fail(ctx, r.status, r.code, r.message);
    const label = body.data.role === 'admin' ? '管理员' : '部门领导';
    await audit(ctx, 'role.set', `${body.data.on ? '设为' : '取消'}${label}：${r.person.name}`, { ...body.data });
    ctx.body = { person: { id: r.person.id, name: r.person.name, roles: r.person.roles } };
  });

  // 发布: preview, confirm, recall.
  router.post('/api/admin/publish/preview', admins, async (ctx) => {
    const d = Draft.safeParse(await readJson(ctx));
    if (!d.success) return bad(ctx, 'title, body, targets');
    ctx.body = await c.publish.preview(d.data);
  });

  router.post('/api/admin/publish', admins, async (ctx) => {
    const d = Draft.safeParse(await readJson(ctx));
    if (!d.success) return bad(ctx, 'title, body, targets');
    const r = await c.publish.confirm(me(ctx), d.data);
    if (!r.ok) {
      ctx.status = r.status;
      ctx.body = { error: { code: r.code, message: r.message, details: r.details } };
      return;
    }
    await audit(ctx, 'publish.confirm', `发布“${d.data.title}”，推送给 ${r.body.reached} 人`, {
      publicationId: r.body.publication.id,
      targets: d.data.targets,
      reached: r.body.reached,
    });
    ctx.body = r.body;
  });

  router.post('/api/admin/publish/:id/recall', admins, async (ctx) => {
    const r = await c.publish.recall(me(ctx), ctx.params.id!);
    if (!r.ok) return fail(ctx, r.status, r.code, r.message);
    const x = r.body.result;
    await audit(ctx, 'publish.recall', `撤回发布“${r.body.publication.title}”：取消 ${x.cancelled} 人待发，撤回 ${x.recalled} 条已发消息`, {
      publicationId: r.body.publication.id,
      ...x,
    });
    ctx.body = r.body;
  });

  router.get('/api/admin/publications', admins, async (ctx) => {
    ctx.body = { publications: await c.publish.list() };
  });

  // Jobs.
  router.get('/api/admin/jobs', admins, async (ctx) => {
    ctx.body = { jobs: await c.ops.jobs(), timeZone: c.timeZone };
  });

  router.post('/api/admin/jobs/:name', admins, async (ctx) => {
    const name = ctx.params.name!;
    const enabled = (await readJson(ctx))?.enabled;
    if (!c.ops.isJob(name)) return fail(ctx, 404, 'input.invalid', `没有任务 ${name}`);
    if (typeof enabled !== 'boolean') return bad(ctx, 'enabled: true 或 false');
    await c.ops.setJob(name, enabled);
    await audit(ctx, 'job.toggle', `${enabled ? '开启' : '关闭'}定时任务 ${name}`, { job: name, enabled });
    ctx.body = { jobs: await c.ops.jobs(), timeZone: c.timeZone };
  });

  // Outbox.
  router.get('/api/admin/outbox', admins, async (ctx) => {
    ctx.body = { items: await c.ops.outbox(ctx.query.all === '1') };
  });

  router.post('/api/admin/outbox/:id/retry', admins, async (ctx) => {
    const r = await c.ops.retry(ctx.params.id!);
    if (!r.ok) return fail(ctx, r.status, r.code, r.message);
    await audit(ctx, 'outbox.retry', `重试推送 ${ctx.params.id}：${r.state === 'delivered' ? '已送达' : r.state === 'pending' ? '仍待发送' : '未送达'}`, {
      id: ctx.params.id,
      state: r.state,
    });
    ctx.body = r;
  });
}
