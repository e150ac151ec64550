/**
 * The outbox reducer of the history state: deliveries written before anything is sent, and each one's fate.
 * Settling an item also creates its follow-up item for throttled recipients, in the same event.
 */
import type { OutboxItem, OutboxRecord, OutboxResult } from '../core/model.js';

export type OutboxEvent =
  | { readonly t: 'out'; readonly item: OutboxItem }
  | { readonly t: 'sent'; readonly r: OutboxResult }
  | { readonly t: 'retry'; readonly id: string; readonly next?: string; readonly err?: string }
  | { readonly t: 'revive'; readonly ids: readonly string[] };

const OUTBOX_EVENTS: ReadonlySet<string> = new Set(['out', 'sent', 'retry', 'revive']);

export function isOutboxEvent(e: { readonly t: string }): e is OutboxEvent {
  return OUTBOX_EVENTS.has(e.t);
}

/** An outbox item the outbox has finished with; a given-up one keeps the whole item so a re-run can send it. */
export interface SettledOutbox {
  readonly record: OutboxRecord;
  readonly item?: OutboxItem;
}

export interface OutboxSnapshot {
  readonly outbox?: readonly OutboxItem[];
  /** Settled ids (written before per-recipient accounting; read for compatibility). */
  readonly settled?: Readonly<Record<string, string>>;
  readonly outboxSettled?: readonly SettledOutbox[];
}

export class OutboxState {
  private readonly pending = new Map<string, OutboxItem>();
  private readonly settled = new Map<string, SettledOutbox>();

  apply(e: OutboxEvent): void {
    switch (e.t) {
      case 'out':
        if (!this.isKnown(e.item.id)) this.pending.set(e.item.id, e.item);
        return;
      case 'sent':
        this.settle(e.r);
        return;
      case 'retry': {
        const item = this.pending.get(e.id);
        if (item) this.pending.set(e.id, { ...item, attempts: (item.attempts ?? 0) + 1, nextAt: e.next ?? item.nextAt, lastError: e.err ?? item.lastError });
        return;
      }
      case 'revive':
        for (const id of e.ids) {
          const s = this.settled.get(id);
          if (s?.record.state !== 'failed' || !s.item) continue;
          this.settled.delete(id);
          this.pending.set(id, { ...s.item, attempts: 0, nextAt: undefined, lastError: s.record.error });
        }
        return;
    }
  }

  /** Unsent items in the order they were written. */
  pendingItems(): OutboxItem[] {
    return [...this.pending.values()];
  }

  isKnown(id: string): boolean {
    return this.pending.has(id) || this.settled.has(id);
  }

  /** Pending and settled items of the recent days (of one reason, when given), pending first. */
  records(reason?: string): OutboxRecord[] {
    const out: OutboxRecord[] = [];
    for (const i of this.pending.values()) {
      if (reason !== undefined && i.reason !== reason) continue;
      out.push({
        id: i.id,
        reason: i.reason,
        channel: i.channel,
        to: i.to,
        state: 'pending',
        attempts: i.attempts ?? 0,
        at: i.nextAt,
        deadline: i.deadline,
        error: i.lastError,
      });
    }
    for (const s of this.settled.values()) if (reason === undefined || s.record.reason === reason) out.push(s.record);
    return out;
  }

  /** Forgets settled items older than `cutoffIso` (pending ones stay until sent or given up). */
  prune(cutoffIso: string): void {
    for (const [id, s] of this.settled) if ((s.record.at ?? '') < cutoffIso) this.settled.delete(id);
  }

  /** Settles a pending item: delivered (moving throttled recipients to a follow-up item) or given up. */
  private settle(r: OutboxResult): void {
    const item = this.pending.get(r.id);
    this.pending.delete(r.id);
    const base = {
      id: r.id,
      reason: item?.reason ?? '',
      channel: item?.channel,
      to: item?.to,
      attempts: item?.attempts ?? 0,
      at: r.sentAt,
      deadline: item?.deadline,
    };
    if (r.failed !== undefined) {
      this.settled.set(r.id, { record: { ...base, state: 'failed', error: r.failed }, item });
      return;
    }
    // A delivered reply (one per answer) is not kept: its id is never enqueued again (delivery/replies.ts).
    if (item?.to.kind === 'reply') return;
    const moved = item && r.retry?.length ? r.retry : undefined;
    this.settled.set(r.id, { record: { ...base, state: 'delivered', invalid: r.invalid?.length ? r.invalid : undefined, moved } });
    if (item && moved) {
      const attempts = (item.attempts ?? 0) + 1;
      const id = `${item.id.replace(/:r\d+$/, '')}:r${attempts}`;
      if (!this.isKnown(id))
        this.pending.set(id, { ...item, id, to: { kind: 'users', userIds: moved }, attempts, nextAt: r.retryAt, lastError: 'throttled by the platform' });
    }
  }

  snapshot(): OutboxSnapshot {
    return { outbox: [...this.pending.values()], outboxSettled: [...this.settled.values()] };
  }

  static restore(s: OutboxSnapshot): OutboxState {
    const state = new OutboxState();
    for (const item of s.outbox ?? []) state.pending.set(item.id, item);
    for (const [id, at] of Object.entries(s.settled ?? {})) state.settled.set(id, { record: { id, reason: '', state: 'delivered', attempts: 0, at } });
    for (const x of s.outboxSettled ?? []) state.settled.set(x.record.id, x);
    return state;
  }
}
