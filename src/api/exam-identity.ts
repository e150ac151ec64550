/**
 * Who is taking the exam: the exam API asks an injected `ExamIdentity` for the person behind a request. The web
 * app's sign-in (signed session cookie) provides the real one; until it is wired, the API answers 401 to
 * everyone, except in the local playground, where the page says who it is (`X-Playground-User`, like the
 * playground's chat, which has no sign-in either).
 */
import type { Context } from 'koa';
import { isDemo } from '../directory/demo-data.js';
import type { Store } from '../store/store.js';

/** The person id behind a request, or undefined when nobody is signed in. */
export type ExamIdentity = (ctx: Context) => Promise<string | undefined>;

/** Nobody: the exam API is closed until sign-in is wired. */
export const noExamIdentity: ExamIdentity = async () => undefined;

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
