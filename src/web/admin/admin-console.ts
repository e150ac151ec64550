/** Builds the admins' console services from the parts of the deps it uses (one call from mount.ts). */
import type { LoadedQuestion } from '../../bank/check-bank.js';
import type { AdminStore } from '../../core/admin-store.js';
import type { AuditLog } from '../../core/audit.js';
import type { Clock } from '../../core/clock.js';
import type { ChannelId } from '../../core/message.js';
import type { BulkSender } from '../../core/ports/sender.js';
import type { Outbox } from '../../delivery/outbox.js';
import type { Scheduler } from '../../schedule/scheduler.js';
import type { JobName } from '../../schedule/jobs.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { StatuteLibrary } from '../../statutes/statute-library.js';
import type { Store } from '../../core/ports/store.js';
import type { StudyService } from '../../study/study-service.js';
import type { AdminConsole } from '../http/admin-routes.js';
import { createBankConsole } from './bank-console.js';
import { createOpsConsole } from './ops-console.js';
import { createOrgConsole } from './org-console.js';
import { createPublishConsole } from './publish-console.js';
import { createRosterUploads } from './roster-upload.js';

/** What the console needs of the composition root's deps (mount.ts passes the deps themselves). */
export interface AdminConsoleDeps {
  readonly config: {
    readonly dataDir: string;
    readonly questionsDir: string;
    readonly adminUsers: readonly string[];
    readonly timeZone: string;
    readonly contacts: { readonly leaderTitles: string };
    readonly jobs: { readonly crons: Readonly<Partial<Record<JobName, string>>> };
  };
  readonly clock: Clock;
  readonly store: Store;
  readonly reportStore: Store;
  readonly stats: { today(): QuizDay };
  readonly bank: { all(): readonly LoadedQuestion[] };
  readonly laws: StatuteLibrary;
  reloadBank(): Promise<{ questions: number; refused: number }>;
  readonly study: StudyService;
  readonly adminStore: AdminStore;
  readonly audit: AuditLog;
  readonly bulkSenders: ReadonlyMap<ChannelId, BulkSender>;
  readonly scheduler: Scheduler;
  readonly outbox: Outbox;
}

export function createAdminConsole(deps: AdminConsoleDeps): AdminConsole {
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
