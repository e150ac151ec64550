/** The AdminStore contract (core/admin-store.ts): audit log, job switches, publications; durable stores keep them. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdminStore, AuditEntry, Publication } from '../../src/core/admin-store.js';

export interface AdminFixture {
  readonly store: AdminStore & { close(): Promise<void> };
  /** Closes and opens the same data again (durable stores only). */
  readonly reopen?: () => Promise<AdminStore & { close(): Promise<void> }>;
  /** The data directory (durable stores only). */
  readonly dataDir?: string;
}

const entry = (i: number, action = 'roster.apply'): AuditEntry => ({
  id: `e${i}`,
  at: `2026-11-24T02:${String(i).padStart(2, '0')}:00.000Z`,
  actor: { kind: 'person', id: 'admin', name: '管理员' },
  via: 'web',
  action,
  summary: `第 ${i} 条`,
});
const pub = (over: Partial<Publication> = {}): Publication => ({
  id: 't1',
  topicId: 't1',
  title: '专题',
  audience: 3,
  createdBy: 'admin',
  createdAt: '2026-11-24T02:00:00.000Z',
  handles: [],
  ...over,
});

export function describeAdminStoreContract(name: string, make: () => Promise<AdminFixture>): void {
  describe(`AdminStore contract: ${name}`, () => {
    it('lists the audit log newest first, pages back with before, filters by action prefix', async () => {
      const { store } = await make();
      for (let i = 1; i <= 5; i++) await store.appendAudit(entry(i, i % 2 ? 'roster.apply' : 'job.toggle'));
      expect((await store.listAudit({ limit: 2 })).map((e) => e.id)).toEqual(['e5', 'e4']);
      expect((await store.listAudit({ limit: 2, before: 'e4' })).map((e) => e.id)).toEqual(['e3', 'e2']);
      expect((await store.listAudit({ limit: 10, action: 'job' })).map((e) => e.id)).toEqual(['e4', 'e2']);
      await store.close();
    });

    it('switches jobs off and on; keeps publications and adds send handles to a topic', async () => {
      const { store } = await make();
      await store.setJobEnabled('remind', false);
      await store.setJobEnabled('leaderboard', false);
      await store.setJobEnabled('leaderboard', true);
      expect(await store.disabledJobs()).toEqual(['remind']);
      await store.savePublication(pub());
      await store.addSendHandles('t1', [{ channel: 'wecom', handle: 'msg-1', at: '2026-11-24T02:00:01.000Z' }]);
      await store.addSendHandles('other', [{ channel: 'wecom', handle: 'msg-2', at: '2026-11-24T02:00:01.000Z' }]);
      expect((await store.getPublication('t1'))?.handles.map((h) => h.handle)).toEqual(['msg-1']);
      await store.savePublication({ ...(await store.getPublication('t1'))!, recalledAt: '2026-11-24T02:05:00.000Z' });
      expect((await store.listPublications(10)).map((p) => p.recalledAt)).toEqual(['2026-11-24T02:05:00.000Z']);
      await store.close();
    });

    it('durable: everything survives a restart; a damaged file is set aside, not used', async () => {
      const f = await make();
      if (!f.reopen) return;
      await f.store.appendAudit(entry(1));
      await f.store.setJobEnabled('remind', false);
      await f.store.savePublication(pub());
      await f.store.close();
      const again = await f.reopen();
      expect((await again.listAudit({ limit: 10 })).map((e) => e.id)).toEqual(['e1']);
      expect(await again.disabledJobs()).toEqual(['remind']);
      expect((await again.getPublication('t1'))?.title).toBe('专题');
      await again.close();
      writeFileSync(join(f.dataDir!, 'admin.json'), '{"version":1,"audit":"broken"');
      const fresh = await f.reopen();
      expect(await fresh.disabledJobs()).toEqual([]);
      await fresh.close();
    });
  });
}
