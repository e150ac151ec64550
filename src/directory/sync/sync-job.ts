/**
 * The nightly 通讯录同步 as a scheduled task (CONTACT_SYNC_CRON, default 02:30 every day). It exists only
 * when a platform with a contact API is configured; each run reads every platform and logs what changed.
 */
import type { Logger } from '../../core/log.js';
import type { MaintenanceTask } from '../../core/ports/scheduled-task.js';
import type { ContactSync } from './contact-sync.js';

export const SYNC_TASK = 'sync-contacts';

/** The task, or undefined when the sync is switched off or no platform can be read. */
export function contactSyncTask(contacts: ContactSync, cron: string | undefined, logger: Logger): MaintenanceTask | undefined {
  if (!cron || contacts.channels.length === 0) return undefined;
  return {
    name: SYNC_TASK,
    cron,
    async run() {
      const reports = await contacts.sync();
      for (const r of reports) {
        if (r.failures.length > 0)
          logger.warn('nightly contact sync incomplete: kept what was synced before', { channel: r.channel, failures: r.failures.length });
      }
    },
  };
}
