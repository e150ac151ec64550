/**
 * A task the scheduler runs beside the daily jobs on its own cron (the nightly 通讯录同步). Features
 * provide it (directory/sync/sync-job.ts); schedule/scheduler.ts runs it. It handles its own errors and
 * idempotency.
 */
export interface MaintenanceTask {
  readonly name: string;
  readonly cron: string;
  run(): Promise<void>;
}
