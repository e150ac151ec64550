/**
 * The inbox port: message claims (platform redeliveries are recognised) and the durable inbox (a message
 * accepted before a crash is handled after the restart; one that fails twice is parked for an operator).
 * core/dispatcher.ts is its consumer; a claim without a payload also dedupes platform events (contact sync).
 */
import type { ChannelId, InboundMessage } from '../message.js';

/** A message in the durable inbox: accepted, not finished. */
export interface InboxEntry {
  readonly message: InboundMessage;
  /** pending: to be handled (also after a restart); parked: failed twice, waits for an operator. */
  readonly state: 'pending' | 'parked';
  /** Handling attempts started so far (a crash or hang mid-way counts). */
  readonly attempts: number;
  readonly receivedAt: Date;
  /** Why it was parked. */
  readonly error?: string;
  readonly parkedAt?: Date;
}

export interface InboxStore {
  /**
   * True the first time a (channel, messageId) is seen; false for a platform retry. Survives restarts (claims
   * are kept at least for the last few days). With `message`, the message itself is kept (the durable inbox)
   * until finishMessage, so one accepted but not handled before a crash is handled after the restart.
   */
  claimMessage(channel: ChannelId, messageId: string, at: Date, message?: InboundMessage): Promise<boolean>;
  /** Marks a claimed message handled (a parked one too: that is how an operator drops it). The claim stays. */
  finishMessage(channel: ChannelId, messageId: string): Promise<void>;
  /** Messages claimed with their payload, not finished and not parked (recovery after a crash). */
  pendingMessages(): Promise<readonly InboundMessage[]>;
  /** Every message claimed with its payload and not finished, pending and parked, oldest first. */
  inbox(): Promise<readonly InboxEntry[]>;
  /**
   * Durably records that a handling attempt of a claimed message starts, before the handler runs, so a
   * crash or hang mid-way still counts; returns the attempt's number (1, 2, …), or 0 for a message that is
   * not in the inbox.
   */
  beginAttempt(channel: ChannelId, messageId: string): Promise<number>;
  /** Parks a message (dead letter): kept with the error, never retried automatically. */
  parkMessage(channel: ChannelId, messageId: string, error: string, at: Date): Promise<void>;
  /** Puts a parked message back to pending with no attempts (an operator's retry). */
  unparkMessage(channel: ChannelId, messageId: string): Promise<void>;
  /** Forgets a claim so a redelivery is processed (used when handling failed). */
  releaseMessage(channel: ChannelId, messageId: string): Promise<void>;
}
