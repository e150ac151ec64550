/**
 * The outbox port: deliveries written durably before anything is sent, and each one's fate (delivery/outbox.ts
 * sends them). Each method is one atomic step: settling an item also creates its follow-up item for throttled
 * recipients, so no recipient is lost or doubled between the two.
 */
import type { OutboxItem, OutboxRecord, OutboxResult } from '../model.js';

export interface OutboxStore {
  /** Writes deliveries durably before anything is sent; an item id already present (pending or settled) is ignored. */
  enqueue(items: readonly OutboxItem[]): Promise<void>;
  /** Items not yet sent, oldest first (a restart resumes from here). */
  pendingOutbox(): Promise<readonly OutboxItem[]>;
  /**
   * Marks an item delivered (recipients the platform rejected in `invalid`; throttled ones in `retry` move
   * to a follow-up item `<id>:r<attempt>` in the same step) or given up (`failed`).
   */
  settleOutbox(result: OutboxResult): Promise<void>;
  /** Counts a failed attempt; `next` says when to try again and why it failed (backoff across restarts). */
  retryOutbox(id: string, next?: { at: string; error: string }): Promise<void>;
  /** Makes given-up items pending again (a re-run of their job); other ids are ignored. */
  reviveOutbox(ids: readonly string[]): Promise<void>;
  /** Pending, delivered and given-up items of the recent days (of one reason, e.g. 'daily-push:2026-11-24'), pending first. */
  outboxRecords(reason?: string): Promise<readonly OutboxRecord[]>;
}
