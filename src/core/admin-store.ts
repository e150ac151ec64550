/**
 * The admins' console port (issue 16): the audit log of admin actions, the jobs switched off in the console,
 * and the publications (发布) with what is needed to recall them. Kept apart from the big Store port like the
 * web sign-in port; implemented by the state stores (store/admin-state.ts; lowdb: DATA_DIR/admin.json).
 */
import type { ChannelId } from './message.js';

/** Who did it: a person (web or chat), the command line, or a script with the admin token. */
export interface AuditActor {
  readonly kind: 'person' | 'cli' | 'token';
  readonly id?: string;
  readonly name?: string;
}

/** One admin action, as the console lists it. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: AuditActor;
  /** Where it came from. */
  readonly via: 'web' | 'chat' | 'cli' | 'api';
  /** A stable action name, e.g. `roster.apply`, `publish.confirm`, `job.toggle`. */
  readonly action: string;
  /** One line for people (Chinese). */
  readonly summary: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A platform message id of one send (WeCom msgid, DingTalk processQueryKey), kept for recall. */
export interface SendHandle {
  readonly channel: ChannelId;
  readonly handle: string;
  readonly at: string;
}

/** A 发布 from the console or the chat: the topic, whom it reached, and its recall. */
export interface Publication {
  readonly id: string;
  readonly topicId: string;
  readonly title: string;
  readonly audience: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly handles: readonly SendHandle[];
  readonly recalledAt?: string;
  readonly recalledBy?: string;
  /** What the recall did (counts and the platforms that cannot recall), for the console. */
  readonly recall?: Readonly<Record<string, unknown>>;
}

export interface AdminStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` pages back (an entry id). */
  listAudit(opts: { limit: number; before?: string; action?: string }): Promise<readonly AuditEntry[]>;
  /** Jobs switched off in the console (they stay off across restarts). */
  disabledJobs(): Promise<readonly string[]>;
  setJobEnabled(name: string, enabled: boolean): Promise<void>;
  savePublication(p: Publication): Promise<void>;
  getPublication(id: string): Promise<Publication | undefined>;
  /** Newest first. */
  listPublications(limit: number): Promise<readonly Publication[]>;
  /** Adds send handles to the publication of a topic (no-op for another reason). */
  addSendHandles(topicId: string, handles: readonly SendHandle[]): Promise<void>;
}

/** Whether a store also holds the admins' console records (both state stores do). */
export function hasAdminStore(x: unknown): x is { adminStore(): AdminStore } {
  return typeof (x as { adminStore?: unknown } | undefined)?.adminStore === 'function';
}
