/**
 * One-time codes as both platforms issue them for web sign-in (web-signin.md §1.2, §2.2): valid 5 minutes,
 * usable once; a used, unknown or expired code is refused. Time comes from the fake's clock.
 */
import { randomBytes } from 'node:crypto';

export const CODE_TTL_MS = 5 * 60_000;

export type CodeSubject = { readonly userid: string } | { readonly openid: string };

export function createCodeBook(now: () => number) {
  const codes = new Map<string, { subject: CodeSubject; exp: number; used: boolean }>();
  return {
    /** Mints a code for a member (userid) or a non-member (openid). */
    mint(subject: CodeSubject): string {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, { subject, exp: now() + CODE_TTL_MS, used: false });
      return code;
    },
    /** The code's subject, marking it used; undefined when unknown, used or expired. */
    redeem(code: string): CodeSubject | undefined {
      const c = codes.get(code);
      if (!c || c.used || c.exp <= now()) return undefined;
      c.used = true;
      return c.subject;
    },
    get size() {
      return codes.size;
    },
  };
}
