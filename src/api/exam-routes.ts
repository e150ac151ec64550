/**
 * The exam API for the web exam page (a thin client: everything it shows comes from here), under /api/exam, and
 * the certificate pages under /exam/certificates. JSON in and out; errors are `{ error: { code, message } }`
 * (message in Chinese, fit to show). The person comes from the injected ExamIdentity; the routes and payloads
 * are listed in docs/ARCHITECTURE.md (§ The annual exam).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { isAppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { readRawBody } from '../channels/raw-body.js';
import { certificateHtml, normaliseCode, verificationHtml } from '../exam/certificate.js';
import type { ExamReports } from '../exam/exam-reports.js';
import type { ExamService, RefusalCode } from '../exam/exam-service.js';
import { departmentOrder } from '../stats/report-xlsx.js';
import type { Person } from '../core/model.js';
import type { Store } from '../core/ports/store.js';
import { examTakerOf } from './exam-identity.js';
import type { Middleware } from 'koa';

export interface ExamRouteDeps {
  readonly service: ExamService;
  /** The reports of a person's world (their certificate); the real world's first for verification by code. */
  readonly reportsFor: (person: Person) => ExamReports;
  /** Where a certificate code is looked up (the real world's reports, then the playground's when it runs). */
  readonly verifiers: readonly ExamReports[];
  readonly directory: Pick<Store, 'getPerson' | 'listDepartments'>;
  /** Who is taking the exam (api/exam-identity.ts: the web session, the playground's header). */
  readonly guard: Middleware;
  readonly logger: Logger;
}

/** HTTP status and API code of each refusal. */
const REFUSALS: Readonly<Record<RefusalCode, readonly [number, string]>> = {
  'not-found': [404, 'exam.not_found'],
  left: [403, 'exam.left'],
  'not-in-audience': [403, 'exam.not_in_audience'],
  upcoming: [409, 'exam.not_open'],
  closed: [409, 'exam.closed'],
  'no-attempts-left': [409, 'exam.no_attempts_left'],
  passed: [409, 'exam.passed'],
  'paper-unavailable': [503, 'exam.paper_unavailable'],
  'no-active-attempt': [409, 'exam.no_active_attempt'],
  'attempt-over': [409, 'exam.attempt_over'],
  'bad-index': [400, 'exam.bad_index'],
  'bad-answer': [400, 'exam.bad_answer'],
};

const AnswerBody = z.object({ attempt: z.number().int().min(1), answer: z.string().max(20).nullable() }).strict();
const SubmitBody = z.object({ attempt: z.number().int().min(1) }).strict();
const Index = z.coerce.number().int().min(0).max(999);
const AttemptQuery = z.object({ attempt: z.coerce.number().int().min(1).optional() }).strict();

function fail(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}

/** Sends a service result: a refusal as its error, anything else as JSON (without its `kind`). */
function send(ctx: Context, r: { kind: string; code?: RefusalCode; message?: string }): void {
  if (r.kind === 'refused') {
    const [status, code] = REFUSALS[r.code!];
    fail(ctx, status, code, r.message!);
    return;
  }
  const { kind: _kind, ...body } = r;
  ctx.body = body;
}

export function mountExamRoutes(router: Router, deps: ExamRouteDeps): void {
  const { service } = deps;

  /** The person the guard let through (403 when they are not in the directory). */
  async function who(ctx: Context): Promise<Person | undefined> {
    const id = examTakerOf(ctx);
    const person = await deps.directory.getPerson(id);
    if (!person) return void fail(ctx, 403, 'exam.unknown_person', '没有找到您的人员信息，请联系管理员');
    return person;
  }

  async function json<T extends z.ZodType>(ctx: Context, schema: T): Promise<z.infer<T> | undefined> {
    let raw: string;
    try {
      raw = await readRawBody(ctx.req, 4096);
    } catch (err) {
      if (isAppError(err, 'channel.too_large')) return void fail(ctx, 413, 'input.too_large', '请求太大');
      if (isAppError(err, 'channel.bad_payload')) return void fail(ctx, 400, 'input.invalid', '请求体无法读取');
      throw err;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw || 'null');
    } catch {
      return void fail(ctx, 400, 'input.invalid', '请求体不是有效的 JSON');
    }
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    return void fail(ctx, 400, 'input.invalid', r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }

  router.get('/api/exam/me', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const departments = departmentOrder(await deps.directory.listDepartments());
    ctx.body = { id: person.id, name: person.name, department: person.departmentId ? (departments.get(person.departmentId)?.path ?? null) : null };
  });

  router.get('/api/exam/exams', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    ctx.body = { exams: await service.myExams(person) };
  });

  router.get('/api/exam/exams/:examId', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const exam = (await service.myExams(person)).find((e) => e.id === ctx.params.examId);
    if (!exam) return fail(ctx, 404, 'exam.not_found', `没有考试 ${ctx.params.examId}`);
    ctx.body = exam;
  });

  router.post('/api/exam/exams/:examId/start', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const r = await service.start(person, ctx.params.examId!, 'web');
    if (r.kind === 'refused') return send(ctx, r);
    const paper = await service.paper(person, r.exam.id);
    if ('kind' in paper) return send(ctx, paper);
    ctx.status = r.kind === 'started' ? 201 : 200;
    ctx.body = { ...paper, resumed: r.kind === 'resumed' };
  });

  router.get('/api/exam/exams/:examId/paper', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const r = await service.paper(person, ctx.params.examId!);
    send(ctx, 'kind' in r ? r : { kind: 'paper', ...r });
  });

  /** Saves one answer as it is given (POST from the page; PUT kept for scripts). */
  const saveAnswer = async (ctx: Context) => {
    const person = await who(ctx);
    if (!person) return;
    const index = Index.safeParse(ctx.params.index);
    if (!index.success) return fail(ctx, 400, 'input.invalid', 'index: 题号应为从 0 开始的整数');
    const body = await json(ctx, AnswerBody);
    if (!body) return;
    send(ctx, await service.save(person, ctx.params.examId!, { attempt: body.attempt, index: index.data, answer: body.answer }));
  };
  router.post('/api/exam/exams/:examId/answers/:index', deps.guard, saveAnswer);
  router.put('/api/exam/exams/:examId/answers/:index', deps.guard, saveAnswer);

  router.post('/api/exam/exams/:examId/submit', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const body = await json(ctx, SubmitBody);
    if (!body) return;
    send(ctx, await service.submit(person, ctx.params.examId!, body.attempt));
  });

  router.get('/api/exam/exams/:examId/result', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const q = AttemptQuery.safeParse(ctx.query);
    if (!q.success) return fail(ctx, 400, 'input.invalid', 'attempt: 应为正整数');
    send(ctx, await service.result(person, ctx.params.examId!, q.data.attempt));
  });

  router.get('/api/exam/exams/:examId/certificate', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const c = await deps.reportsFor(person).certificateFor(ctx.params.examId!, person.id);
    if (!c) return fail(ctx, 404, 'exam.no_certificate', '您还没有通过这场考试，没有合格证书');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = certificateHtml(c);
  });

  // Verification: anyone holding the code (printed on the certificate) may see what it certifies.
  const byCode = async (ctx: Context) => {
    const code = normaliseCode(String(ctx.params.code ?? ''));
    let c: Awaited<ReturnType<ExamReports['findCertificate']>>;
    for (const r of code ? deps.verifiers : []) c ??= await r.findCertificate(code!);
    return { code: code ?? String(ctx.params.code ?? ''), c };
  };
  router.get('/api/exam/certificates/:code', async (ctx) => {
    const { code, c } = await byCode(ctx);
    ctx.body = { code, valid: c !== undefined, certificate: c ?? null };
  });
  router.get('/exam/certificates/:code', async (ctx) => {
    const { code, c } = await byCode(ctx);
    ctx.status = c ? 200 : 404;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = verificationHtml(code, c);
  });
  router.get('/exam/certificates/:code/print', async (ctx) => {
    const { code, c } = await byCode(ctx);
    ctx.status = c ? 200 : 404;
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = c ? certificateHtml(c) : verificationHtml(code, undefined);
  });
}
