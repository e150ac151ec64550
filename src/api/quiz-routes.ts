/**
 * The daily quiz's API for the web page (/quiz), under /api/quiz: today's quiz (the question to answer without
 * its key, progress, points so far, the verdicts given), an answer to one question (idempotent: posting it again
 * returns the recorded verdict), and the day's result. The logic is the quiz module's (quiz/quiz-page.ts); the
 * person comes from the guard (the web session, or the playground's header), and the service of their world
 * (real or demo) answers. Errors are `{ error: { code, message } }` with the message in Chinese, fit to show.
 */
import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import { readRawBody } from '../channels/raw-body.js';
import { isAppError } from '../core/errors.js';
import type { Person } from '../core/model.js';
import type { Store } from '../core/ports/store.js';
import type { QuizPage, QuizPageRefusal, QuizPageRefusalCode } from '../quiz/quiz-page.js';
import { examTakerOf } from './exam-identity.js';

export interface QuizRouteDeps {
  /** The quiz page of the person's world (demo people the demo world's, everyone else the real one's). */
  readonly pageFor: (person: Person) => QuizPage;
  readonly directory: Pick<Store, 'getPerson'>;
  /** Who is asking (api/exam-identity.ts `examTakerGuard`: the web session with CSRF on POSTs, or the playground's header). */
  readonly guard: Middleware;
}

/** HTTP status and API code of each refusal. */
const REFUSALS: Readonly<Record<QuizPageRefusalCode, readonly [number, string]>> = {
  left: [403, 'quiz.left'],
  'no-department': [409, 'quiz.no_department'],
  'no-questions': [503, 'quiz.no_questions'],
  'not-started': [409, 'quiz.not_started'],
  'day-over': [409, 'quiz.day_over'],
  'bad-index': [400, 'quiz.bad_index'],
  'not-current': [409, 'quiz.not_current'],
  'bad-answer': [400, 'quiz.bad_answer'],
};

const AnswerBody = z.object({ day: z.string().max(10), answer: z.string().min(1).max(20) }).strict();
const Index = z.coerce.number().int().min(0).max(999);

function fail(ctx: Context, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  ctx.status = status;
  ctx.body = { error: { code, message, ...extra } };
}

function send<T extends object>(ctx: Context, r: T | QuizPageRefusal): void {
  if ('kind' in r && r.kind === 'refused') {
    const [status, code] = REFUSALS[r.code];
    fail(ctx, status, code, r.message, r.current !== undefined ? { current: r.current } : {});
    return;
  }
  const { kind: _kind, ...body } = r as T & { kind?: string };
  ctx.body = body;
}

/** The request's JSON body checked by `schema`, or undefined after a 4xx saying why. */
async function readBody<T extends z.ZodType>(ctx: Context, schema: T): Promise<z.infer<T> | undefined> {
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

export function mountQuizRoutes(router: Router, deps: QuizRouteDeps): void {
  /** The person the guard let through (403 when they are not in the directory). */
  async function who(ctx: Context): Promise<Person | undefined> {
    const person = await deps.directory.getPerson(examTakerOf(ctx));
    if (!person) return void fail(ctx, 403, 'quiz.unknown_person', '没有找到您的人员信息，请联系管理员');
    return person;
  }

  router.get('/api/quiz/today', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (person) send(ctx, await deps.pageFor(person).today(person));
  });

  router.get('/api/quiz/today/result', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (person) send(ctx, await deps.pageFor(person).result(person));
  });

  router.post('/api/quiz/today/answers/:index', deps.guard, async (ctx) => {
    const person = await who(ctx);
    if (!person) return;
    const index = Index.safeParse(ctx.params.index);
    if (!index.success) return fail(ctx, 400, 'input.invalid', 'index: 题号应为从 0 开始的整数');
    const body = await readBody(ctx, AnswerBody);
    if (!body) return;
    send(ctx, await deps.pageFor(person).answer(person, { day: body.day, index: index.data, answer: body.answer }));
  });
}
