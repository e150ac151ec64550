/**
 * What a job run reports (the job runner in schedule/ produces it; chat replies and the command line read
 * it): whom it sent to, whom it skipped and why, and where the deliveries stand in the outbox.
 */
import type { DeliveryCounts, GroupCounts } from './outbox-status.js';

/** People a run left out, by why. */
export interface Skipped {
  /** Already sent this job's message that day (by any trigger). */
  readonly alreadySent: number;
  /** Already finished that day's quiz (daily push and reminder). */
  readonly finished: number;
  /** Rejected by the platform earlier that day (not members, outside the app's visibility). */
  readonly invalid: number;
  /** No account on a configured platform. */
  readonly noAddress: number;
}

export type RunOutcome =
  | {
      readonly status: 'ran';
      /** People this run sent to: new ones plus earlier undelivered ones. */
      readonly sent: number;
      readonly skipped: Skipped;
      /** Where the people this run sent to stand after its attempt (from the outbox). */
      readonly run: DeliveryCounts;
      /** Where everyone of the job's day stands (from the outbox). */
      readonly day: DeliveryCounts;
      readonly groups: GroupCounts;
    }
  /** Only with `once`: the job already ran for that day. */
  | { readonly status: 'already-ran' }
  | { readonly status: 'not-a-study-day' }
  /** A study day, but not one the job acts on (the monthly report outside the month's first study day). */
  | { readonly status: 'not-due' };
