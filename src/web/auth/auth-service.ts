/**
 * Web sign-in (web-signin.md §3): one-time login links (10 minutes, single use, at most 5 an hour per person,
 * a new one closing the older), sessions (random id in the cookie, its hash in the store, fixed lifetime,
 * a fresh id at every sign-in), and who a session is now (the person re-read on every request, so a
 * deactivated person or a changed role counts at once).
 */
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { LoginLink, WebAuthStore, WebSession } from '../../core/web-auth-store.js';
import type { Person } from '../../store/model.js';
import { hashToken, randomToken, safeReturnTo } from './tokens.js';

export const LINK_TTL_MS = 10 * 60_000;
/** Links a person may be issued per hour. */
export const LINKS_PER_HOUR = 5;

export interface AuthServiceDeps {
  readonly store: WebAuthStore;
  /** The person behind a session, or undefined when unknown. */
  readonly getPerson: (id: string) => Promise<Person | undefined>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly publicUrl: string;
  readonly sessionHours: number;
}

/** A signed-in session and its person (as they are now). */
export interface SignedIn {
  readonly session: WebSession;
  readonly person: Person;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { store, clock, logger } = deps;

  /** Issues a login link for a person; throws auth.rate_limited past LINKS_PER_HOUR, auth.forbidden for someone inactive. */
  async function issueLink(person: Person, via: LoginLink['issuedVia'], returnTo = '/dash'): Promise<{ url: string; expiresAt: Date }> {
    if (!person.active) throw new AppError('auth.forbidden', `${person.name} is not active`, { personId: person.id });
    const now = clock.now();
    const recent = await store.loginLinksSince(person.id, new Date(now.getTime() - 3600_000));
    if (recent.length >= LINKS_PER_HOUR) {
      throw new AppError('auth.rate_limited', `at most ${LINKS_PER_HOUR} login links an hour`, { personId: person.id });
    }
    const token = randomToken();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await store.saveLoginLink({
      hash: hashToken(token),
      personId: person.id,
      returnTo: safeReturnTo(returnTo),
      issuedVia: via,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    logger.info('login link issued', { personId: person.id, via });
    return { url: `${deps.publicUrl}/l/${token}`, expiresAt };
  }

  /** Whom a link would sign in, without using it (the GET confirmation page). */
  async function peekLink(token: string): Promise<{ person: Person; link: LoginLink } | 'unknown' | 'used' | 'expired'> {
    const link = await store.findLoginLink(hashToken(token));
    if (!link) return 'unknown';
    if (link.usedAt) return 'used';
    if (Date.parse(link.expiresAt) <= clock.now().getTime()) return 'expired';
    const person = await deps.getPerson(link.personId);
    return person?.active ? { person, link } : 'unknown';
  }

  /** Uses a link (the POST): a new session for its person, or why not. */
  async function redeemLink(
    token: string,
    previousSid?: string,
  ): Promise<{ sid: string; signedIn: SignedIn; returnTo: string } | 'unknown' | 'used' | 'expired'> {
    const use = await store.useLoginLink(hashToken(token), clock.now());
    if (!use.ok) {
      logger.warn('login link refused', { reason: use.reason });
      return use.reason;
    }
    const person = await deps.getPerson(use.link.personId);
    if (!person?.active) return 'unknown';
    const started = await startSession(person, 'link', previousSid);
    logger.info('signed in by login link', { personId: person.id });
    return { ...started, returnTo: use.link.returnTo };
  }

  /** A new session (a new id every time, the previous one of this browser ended: no session fixation). */
  async function startSession(person: Person, via: WebSession['via'], previousSid?: string): Promise<{ sid: string; signedIn: SignedIn }> {
    if (previousSid) await store.deleteSession(hashToken(previousSid));
    const sid = randomToken();
    const now = clock.now();
    const session: WebSession = {
      hash: hashToken(sid),
      personId: person.id,
      via,
      csrf: randomToken(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.sessionHours * 3600_000).toISOString(),
    };
    await store.saveSession(session);
    return { sid, signedIn: { session, person } };
  }

  /** The session behind a cookie's id, if it is current and its person still active. */
  async function sessionFor(sid: string | undefined): Promise<SignedIn | undefined> {
    if (!sid) return undefined;
    const session = await store.getSession(hashToken(sid));
    if (!session || Date.parse(session.expiresAt) <= clock.now().getTime()) return undefined;
    const person = await deps.getPerson(session.personId);
    if (!person?.active) return undefined;
    return { session, person };
  }

  async function endSession(sid: string | undefined): Promise<void> {
    if (sid) await store.deleteSession(hashToken(sid));
  }

  return { issueLink, peekLink, redeemLink, startSession, sessionFor, endSession };
}

export type AuthService = ReturnType<typeof createAuthService>;
