/**
 * The admins' console records (core/admin-store.ts) of a state store, as one small document persisted whole
 * after each change: the audit log (the newest 20,000 entries), the switched-off jobs, the publications of
 * the last 90 days.
 */
import type { AdminStore, AuditEntry, Publication, SendHandle } from '../core/admin-store.js';

export interface AdminDoc {
  audit: AuditEntry[];
  disabledJobs: string[];
  publications: Publication[];
}

export const emptyAdminDoc = (): AdminDoc => ({ audit: [], disabledJobs: [], publications: [] });

const MAX_AUDIT = 20_000;
const KEEP_PUBLICATIONS_MS = 90 * 86_400_000;

export class AdminState implements AdminStore {
  constructor(
    private doc: AdminDoc,
    private readonly persist: (doc: AdminDoc) => Promise<void>,
  ) {}

  get data(): AdminDoc {
    return this.doc;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    const audit = [...this.doc.audit, entry];
    this.doc = { ...this.doc, audit: audit.length > MAX_AUDIT ? audit.slice(audit.length - MAX_AUDIT) : audit };
    await this.persist(this.doc);
  }

  async listAudit(opts: { limit: number; before?: string; action?: string }): Promise<readonly AuditEntry[]> {
    let end = this.doc.audit.length;
    if (opts.before) {
      const i = this.doc.audit.findIndex((e) => e.id === opts.before);
      if (i >= 0) end = i;
    }
    const out: AuditEntry[] = [];
    for (let i = end - 1; i >= 0 && out.length < opts.limit; i--) {
      const e = this.doc.audit[i]!;
      if (!opts.action || e.action === opts.action || e.action.startsWith(`${opts.action}.`)) out.push(e);
    }
    return out;
  }

  async disabledJobs(): Promise<readonly string[]> {
    return this.doc.disabledJobs;
  }

  async setJobEnabled(name: string, enabled: boolean): Promise<void> {
    const off = new Set(this.doc.disabledJobs);
    if (enabled) off.delete(name);
    else off.add(name);
    this.doc = { ...this.doc, disabledJobs: [...off].sort() };
    await this.persist(this.doc);
  }

  async savePublication(p: Publication): Promise<void> {
    const cutoff = Date.parse(p.createdAt) - KEEP_PUBLICATIONS_MS;
    const kept = this.doc.publications.filter((x) => x.id !== p.id && Date.parse(x.createdAt) > cutoff);
    const existing = this.doc.publications.find((x) => x.id === p.id);
    this.doc = { ...this.doc, publications: existing ? this.doc.publications.map((x) => (x.id === p.id ? p : x)) : [...kept, p] };
    await this.persist(this.doc);
  }

  async getPublication(id: string): Promise<Publication | undefined> {
    return this.doc.publications.find((p) => p.id === id);
  }

  async listPublications(limit: number): Promise<readonly Publication[]> {
    return [...this.doc.publications].reverse().slice(0, limit);
  }

  async addSendHandles(topicId: string, handles: readonly SendHandle[]): Promise<void> {
    const p = this.doc.publications.find((x) => x.topicId === topicId);
    if (!p || handles.length === 0) return;
    await this.savePublication({ ...p, handles: [...p.handles, ...handles] });
  }
}
