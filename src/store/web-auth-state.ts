/**
 * The web sign-in records (core/web-auth-store.ts) of a state store: login links, sessions and the cookie
 * keys, as one small document the store persists whole after each change (a few hundred records: links
 * live 10 minutes, sessions hours; expired ones are dropped a day after they end).
 */
import { randomBytes } from 'node:crypto';
import type { LinkUse, LoginLink, WebAuthStore, WebSession } from '../core/web-auth-store.js';

export interface WebAuthDoc {
  links: LoginLink[];
  sessions: WebSession[];
  keys: string[];
}

export const emptyWebAuthDoc = (): WebAuthDoc => ({ links: [], sessions: [], keys: [] });

/** Expired records are kept this long (the log of a link's use stays readable for a day), then dropped. */
const KEEP_MS = 24 * 3600_000;

/** The port over a document, with `persist` called after every change (before the change is acknowledged). */
export class WebAuthState implements WebAuthStore {
  constructor(
    private doc: WebAuthDoc,
    private readonly persist: (doc: WebAuthDoc) => Promise<void>,
  ) {}

  /** The current document (for a store to write it). */
  get data(): WebAuthDoc {
    return this.doc;
  }

  private prune(now: Date): void {
    const keep = (r: { expiresAt: string }) => Date.parse(r.expiresAt) + KEEP_MS > now.getTime();
    this.doc = { ...this.doc, links: this.doc.links.filter(keep), sessions: this.doc.sessions.filter(keep) };
  }

  async saveLoginLink(link: LoginLink): Promise<void> {
    const at = link.createdAt;
    this.prune(new Date(at));
    // One live link per person: older unused ones are closed (marked used at the new link's time).
    const links = this.doc.links.map((l) => (l.personId === link.personId && !l.usedAt ? { ...l, usedAt: at } : l));
    this.doc = { ...this.doc, links: [...links, link] };
    await this.persist(this.doc);
  }

  async loginLinksSince(personId: string, since: Date): Promise<readonly LoginLink[]> {
    return this.doc.links.filter((l) => l.personId === personId && Date.parse(l.createdAt) >= since.getTime());
  }

  async findLoginLink(hash: string): Promise<LoginLink | undefined> {
    return this.doc.links.find((l) => l.hash === hash);
  }

  async useLoginLink(hash: string, at: Date): Promise<LinkUse> {
    // Check and mark happen without an await in between: two concurrent uses cannot both pass.
    const link = this.doc.links.find((l) => l.hash === hash);
    if (!link) return { ok: false, reason: 'unknown' };
    if (link.usedAt) return { ok: false, reason: 'used' };
    if (Date.parse(link.expiresAt) <= at.getTime()) return { ok: false, reason: 'expired' };
    const used = { ...link, usedAt: at.toISOString() };
    this.doc = { ...this.doc, links: this.doc.links.map((l) => (l === link ? used : l)) };
    await this.persist(this.doc);
    return { ok: true, link: used };
  }

  async saveSession(session: WebSession): Promise<void> {
    this.prune(new Date(session.createdAt));
    this.doc = { ...this.doc, sessions: [...this.doc.sessions.filter((s) => s.hash !== session.hash), session] };
    await this.persist(this.doc);
  }

  async getSession(hash: string): Promise<WebSession | undefined> {
    return this.doc.sessions.find((s) => s.hash === hash);
  }

  async deleteSession(hash: string): Promise<void> {
    if (!this.doc.sessions.some((s) => s.hash === hash)) return;
    this.doc = { ...this.doc, sessions: this.doc.sessions.filter((s) => s.hash !== hash) };
    await this.persist(this.doc);
  }

  async deleteSessionsOf(personId: string): Promise<number> {
    const gone = this.doc.sessions.filter((s) => s.personId === personId).length;
    if (gone === 0) return 0;
    this.doc = { ...this.doc, sessions: this.doc.sessions.filter((s) => s.personId !== personId) };
    await this.persist(this.doc);
    return gone;
  }

  async cookieKeys(): Promise<readonly string[]> {
    if (this.doc.keys.length === 0) {
      this.doc = { ...this.doc, keys: [randomBytes(32).toString('base64url')] };
      await this.persist(this.doc);
    }
    return this.doc.keys;
  }
}
