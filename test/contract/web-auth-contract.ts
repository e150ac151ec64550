/** The WebAuthStore contract (core/web-auth-store.ts), run against every store that implements it. */
import { describe, expect, it } from 'vitest';
import type { LoginLink, WebAuthStore, WebSession } from '../../src/core/web-auth-store.js';

export interface WebAuthFixture {
  readonly store: WebAuthStore & { close(): Promise<void> };
  /** Closes and opens the same data again (durable stores only). */
  readonly reopen?: () => Promise<WebAuthStore & { close(): Promise<void> }>;
}

const link = (over: Partial<LoginLink> = {}): LoginLink => ({
  hash: 'h1',
  personId: 'p1',
  returnTo: '/dash',
  issuedVia: 'cli',
  createdAt: '2026-11-24T02:00:00.000Z',
  expiresAt: '2026-11-24T02:10:00.000Z',
  ...over,
});
const session = (over: Partial<WebSession> = {}): WebSession => ({
  hash: 's1',
  personId: 'p1',
  via: 'link',
  csrf: 'c1',
  createdAt: '2026-11-24T02:00:00.000Z',
  expiresAt: '2026-11-24T10:00:00.000Z',
  ...over,
});

export function describeWebAuthContract(name: string, make: () => Promise<WebAuthFixture>, opts: { durable?: boolean } = {}): void {
  describe(`WebAuthStore contract: ${name}`, () => {
    it('a link is used once, and not after it expires', async () => {
      const { store } = await make();
      await store.saveLoginLink(link());
      await store.saveLoginLink(link({ hash: 'h2', personId: 'p2' }));
      expect((await store.findLoginLink('h1'))?.usedAt).toBeUndefined();
      const first = await store.useLoginLink('h1', new Date('2026-11-24T02:05:00Z'));
      expect((await store.findLoginLink('h1'))?.usedAt).toBe('2026-11-24T02:05:00.000Z');
      expect(await store.findLoginLink('nope')).toBeUndefined();
      expect(first.ok && first.link.personId).toBe('p1');
      expect(await store.useLoginLink('h1', new Date('2026-11-24T02:05:01Z'))).toEqual({ ok: false, reason: 'used' });
      expect(await store.useLoginLink('h2', new Date('2026-11-24T02:10:00Z'))).toEqual({ ok: false, reason: 'expired' });
      expect(await store.useLoginLink('nope', new Date('2026-11-24T02:05:00Z'))).toEqual({ ok: false, reason: 'unknown' });
      await store.close();
    });

    it('of two concurrent uses of one link exactly one succeeds', async () => {
      const { store } = await make();
      await store.saveLoginLink(link());
      const at = new Date('2026-11-24T02:01:00Z');
      const results = await Promise.all([store.useLoginLink('h1', at), store.useLoginLink('h1', at)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      await store.close();
    });

    it("a new link closes the person's older unused one, and the throttle counts links by time", async () => {
      const { store } = await make();
      await store.saveLoginLink(link());
      await store.saveLoginLink(link({ hash: 'h2', createdAt: '2026-11-24T02:01:00.000Z', expiresAt: '2026-11-24T02:11:00.000Z' }));
      expect(await store.useLoginLink('h1', new Date('2026-11-24T02:02:00Z'))).toEqual({ ok: false, reason: 'used' });
      expect((await store.useLoginLink('h2', new Date('2026-11-24T02:02:00Z'))).ok).toBe(true);
      expect(await store.loginLinksSince('p1', new Date('2026-11-24T02:00:30Z'))).toHaveLength(1);
      expect(await store.loginLinksSince('p1', new Date('2026-11-24T01:00:00Z'))).toHaveLength(2);
      await store.close();
    });

    it('sessions are saved, found by hash, deleted one by one or per person', async () => {
      const { store } = await make();
      await store.saveSession(session());
      await store.saveSession(session({ hash: 's2' }));
      await store.saveSession(session({ hash: 's3', personId: 'p2' }));
      expect((await store.getSession('s1'))?.personId).toBe('p1');
      await store.deleteSession('s1');
      expect(await store.getSession('s1')).toBeUndefined();
      expect(await store.deleteSessionsOf('p1')).toBe(1);
      expect(await store.getSession('s2')).toBeUndefined();
      expect((await store.getSession('s3'))?.personId).toBe('p2');
      await store.close();
    });

    it('records a day past their end are dropped on the next write', async () => {
      const { store } = await make();
      await store.saveSession(session());
      await store.saveSession(session({ hash: 's9', createdAt: '2026-11-26T02:00:00.000Z', expiresAt: '2026-11-26T10:00:00.000Z' }));
      expect(await store.getSession('s1')).toBeUndefined();
      expect(await store.getSession('s9')).toBeDefined();
      await store.close();
    });

    it('cookie keys are made once and stay the same', async () => {
      const { store } = await make();
      const keys = await store.cookieKeys();
      expect(keys).toHaveLength(1);
      expect(keys[0]!.length).toBeGreaterThanOrEqual(32);
      expect(await store.cookieKeys()).toEqual(keys);
      await store.close();
    });

    if (!opts.durable) return;
    it('links, sessions and keys survive a restart', async () => {
      const f = await make();
      if (!f.reopen) throw new Error('a durable store fixture must give reopen');
      await f.store.saveLoginLink(link());
      await f.store.saveSession(session());
      const keys = await f.store.cookieKeys();
      await f.store.close();
      const again = await f.reopen();
      expect((await again.getSession('s1'))?.csrf).toBe('c1');
      expect(await again.cookieKeys()).toEqual(keys);
      expect((await again.useLoginLink('h1', new Date('2026-11-24T02:03:00Z'))).ok).toBe(true);
      await again.close();
      const third = await f.reopen();
      expect(await third.useLoginLink('h1', new Date('2026-11-24T02:04:00Z'))).toEqual({ ok: false, reason: 'used' });
      await third.close();
    });
  });
}
