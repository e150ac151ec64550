/**
 * Who is taking the exam. In production the web app's signed session (web/http/web-auth.ts): any signed-in
 * person, and for a POST or PUT the session's CSRF token and a same-site Origin, as every other web route. In the
 * local playground the page may also say who it is (`X-Playground-User`, like the playground's chat, which has no
 * sign-in either; a custom header, so a cross-site form cannot send it); with a platform configured only a demo
 * person may be named. Tests may inject an `ExamIdentity` instead.
 */
import type { Context, Middleware, Next } from 'koa';
import { isDemo } from '../directory/demo-data.js';
import type { Store } from '../core/ports/store.js';
import { type WebAuth, viewerOf } from '../web/http/web-auth.js';

/** The person id behind a request, or undefined when it does not say. */
export type ExamIdentity = (ctx: Context) => Promise<string | undefined>;

export const PLAYGROUND_USER_HEADER = 'x-playground-user';

/**
 * The playground's user (a demo, local only: PLAYGROUND=true). With a platform configured the playground is a
 * sandbox (directory/playground-access.ts): only demo people may be named, never a real person's id.
 */
export function playgroundExamIdentity(store: Pick<Store, 'findPersonByIdentity'>, sandboxed: boolean): ExamIdentity {
  return async (ctx) => {
    const user = ctx.get(PLAYGROUND_USER_HEADER).trim();
    if (!user) return undefined;
    const person = await store.findPersonByIdentity('playground', user);
    return person && (!sandboxed || isDemo(person)) ? person.id : undefined;
  };
}

/** The taker's person id a guard left on the context. */
export const examTakerOf = (ctx: Context): string => ctx.state.examTaker as string;

/**
 * The exam API's guard: `identity` first (the playground's header, or a test's), else the web session
 * (401 without one, 403 when a POST/PUT fails the CSRF check). Leaves the person id for `examTakerOf`.
 */
export function examTakerGuard(webAuth: Pick<WebAuth, 'require'>, identity?: ExamIdentity): Middleware {
  const session = webAuth.require();
  return async (ctx: Context, next: Next) => {
    const id = identity ? await identity(ctx) : undefined;
    if (id) {
      ctx.state.examTaker = id;
      ctx.set('Cache-Control', 'no-store');
      return next();
    }
    await session(ctx, async () => {
      ctx.state.examTaker = viewerOf(ctx).person!.id;
      await next();
    });
  };
}
