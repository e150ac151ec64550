/**
 * Message claims and the durable inbox, as part of the history state (events in the journal):
 * - a claim per (channel, messageId) for recent days, so a platform retry is recognised;
 * - each claimed message with its payload until it is finished: pending (to be handled, also after a crash),
 *   with the number of handling attempts started, or parked (dead-lettered: failed twice, kept with the error,
 *   never retried automatically; `npm run pufa -- inbox` lists, retries or drops it).
 */
import type { StoredMessage } from '../core/message.js';

export type InboxEvent =
  | { readonly t: 'msg'; readonly k: string; readonly at: string; readonly m?: StoredMessage }
  | { readonly t: 'fin'; readonly k: string }
  | { readonly t: 'unmsg'; readonly k: string }
  /** A handling attempt starts (written before the handler runs, so a crash or hang mid-way still counts). */
  | { readonly t: 'try'; readonly k: string }
  | { readonly t: 'park'; readonly k: string; readonly err: string; readonly at: string }
  /** An operator's retry: back to pending with no attempts. */
  | { readonly t: 'unpark'; readonly k: string };

const INBOX_EVENTS = new Set(['msg', 'fin', 'unmsg', 'try', 'park', 'unpark']);

export function isInboxEvent(e: { readonly t: string }): e is InboxEvent {
  return INBOX_EVENTS.has(e.t);
}

export interface InboxRecord {
  readonly m: StoredMessage;
  readonly attempts: number;
  readonly receivedAt: string;
  readonly error?: string;
  readonly parkedAt?: string;
}

export interface InboxSnapshot {
  readonly claims: Readonly<Record<string, string>>;
  /** Open messages (pending or parked), in the order they were claimed. */
  readonly inbox?: readonly StoredMessage[];
  /** Attempts and parking of open messages (absent in snapshots written before parking existed). */
  readonly inboxState?: Readonly<Record<string, { readonly attempts: number; readonly error?: string; readonly parkedAt?: string }>>;
}

export class InboxState {
  private readonly claims = new Map<string, string>();
  private readonly open = new Map<string, InboxRecord>();

  apply(e: InboxEvent): void {
    switch (e.t) {
      case 'msg':
        this.claims.set(e.k, e.at);
        if (e.m) this.open.set(e.k, { m: e.m, attempts: 0, receivedAt: e.at });
        return;
      case 'fin':
        this.open.delete(e.k);
        return;
      case 'unmsg':
        this.claims.delete(e.k);
        this.open.delete(e.k);
        return;
      case 'try': {
        const r = this.open.get(e.k);
        if (r) this.open.set(e.k, { ...r, attempts: r.attempts + 1 });
        return;
      }
      case 'park': {
        const r = this.open.get(e.k);
        if (r) this.open.set(e.k, { ...r, error: e.err, parkedAt: e.at });
        return;
      }
      case 'unpark': {
        const r = this.open.get(e.k);
        if (r) this.open.set(e.k, { m: r.m, attempts: 0, receivedAt: r.receivedAt });
        return;
      }
    }
  }

  hasClaim(key: string): boolean {
    return this.claims.has(key);
  }

  /** Claimed with its payload and not finished (pending or parked). */
  record(key: string): InboxRecord | undefined {
    return this.open.get(key);
  }

  /** Open messages in the order they were claimed. */
  records(): InboxRecord[] {
    return [...this.open.values()];
  }

  /** Forgets claims older than `cutoffIso` (open messages stay). */
  prune(cutoffIso: string): void {
    for (const [key, at] of this.claims) if (at < cutoffIso && !this.open.has(key)) this.claims.delete(key);
  }

  snapshot(): InboxSnapshot {
    const inboxState: Record<string, { attempts: number; error?: string; parkedAt?: string }> = {};
    for (const [k, r] of this.open) inboxState[k] = { attempts: r.attempts, error: r.error, parkedAt: r.parkedAt };
    return { claims: Object.fromEntries(this.claims), inbox: [...this.open.values()].map((r) => r.m), inboxState };
  }

  static restore(s: InboxSnapshot): InboxState {
    const state = new InboxState();
    for (const [k, at] of Object.entries(s.claims)) state.claims.set(k, at);
    for (const m of s.inbox ?? []) {
      const k = `${m.channel}:${m.messageId}`;
      const meta = s.inboxState?.[k];
      state.open.set(k, {
        m,
        attempts: meta?.attempts ?? 0,
        receivedAt: state.claims.get(k) ?? m.receivedAt ?? m.sentAt,
        ...(meta?.error !== undefined ? { error: meta.error, parkedAt: meta.parkedAt } : {}),
      });
    }
    return state;
  }
}
