/**
 * The audit log's writer: one call per admin action (web console, chat admin commands, command line), kept
 * durably in the admin store (core/admin-store.ts). A failed write is logged and does not undo the action
 * (the action has already happened); the log line then carries the entry.
 */
import { randomUUID } from 'node:crypto';
import type { AdminStore, AuditActor, AuditEntry } from './admin-store.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';

export interface AuditLog {
  record(actor: AuditActor, via: AuditEntry['via'], action: string, summary: string, details?: Record<string, unknown>): Promise<void>;
}

export function createAuditLog(deps: { store: Pick<AdminStore, 'appendAudit'>; clock: Clock; logger: Logger }): AuditLog {
  return {
    async record(actor, via, action, summary, details) {
      const entry: AuditEntry = { id: randomUUID(), at: deps.clock.now().toISOString(), actor, via, action, summary, ...(details ? { details } : {}) };
      try {
        await deps.store.appendAudit(entry);
      } catch (err) {
        deps.logger.error('audit entry could not be written', { entry, err });
      }
    },
  };
}

/** The actor of a person (web session or chat). */
export const personActor = (p: { id: string; name: string }): AuditActor => ({ kind: 'person', id: p.id, name: p.name });
