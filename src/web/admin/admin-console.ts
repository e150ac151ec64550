/** Builds the admins' console services from the deps (one call from mount.ts). */
import type { Deps } from '../../deps.js';
import type { AdminConsole } from '../http/admin-routes.js';
import { createBankConsole } from './bank-console.js';
import { createOpsConsole } from './ops-console.js';
import { createOrgConsole } from './org-console.js';
import { createPublishConsole } from './publish-console.js';
import { createRosterUploads } from './roster-upload.js';

export function createAdminConsole(deps: Deps): AdminConsole {
  const { config } = deps;
  return {
    // The real world's directory (platform and imported people), as the command line's import-roster sees it.
    roster: createRosterUploads({
      store: deps.store,
      clock: deps.clock,
      today: () => deps.stats.today(),
      leaderTitles: new RegExp(config.contacts.leaderTitles),
    }),
    bank: createBankConsole({
      all: () => deps.bank.all(),
      laws: deps.laws,
      dataDir: config.dataDir,
      questionsDir: config.questionsDir,
      clock: deps.clock,
      reload: () => deps.reloadBank(),
    }),
    org: createOrgConsole({ store: deps.reportStore, adminUsers: config.adminUsers }),
    publish: createPublishConsole({ study: deps.study, store: deps.store, admin: deps.adminStore, senders: deps.bulkSenders, clock: deps.clock }),
    ops: createOpsConsole({ admin: deps.adminStore, scheduler: deps.scheduler, crons: config.jobs.crons, store: deps.store, outbox: deps.outbox }),
    admin: deps.adminStore,
    audit: deps.audit,
    timeZone: config.timeZone,
  };
}
