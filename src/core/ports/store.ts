/**
 * The store, as the composition root sees it: every narrow port in one object, plus `close`. Features never
 * take a Store; each takes the ports it uses (quiz: QuizLog, StudyStats, PracticeStore; the dispatcher:
 * InboxStore; …), so a port can be implemented, faked or moved to another database on its own.
 *
 * Implementations: store/lowdb-store.ts (the embedded default: a compact journal and snapshots),
 * store/memory-store.ts (tests: the same state without a journal) and test/fakes/map-store.ts (plain maps,
 * written from these contracts and sharing no code with src/store/). test/contract/ runs the same contract
 * suites against all three, so a logic bug in the shared state shows up as a disagreement with the third;
 * a PostgreSQL store would implement the same ports.
 *
 * Every method is one atomic step (one journal line in the embedded store; one transaction in a database), and
 * every result is plain data that later writes do not change.
 */
import type { DirectoryStore } from './directory-store.js';
import type { InboxStore } from './inbox-store.js';
import type { JobStore } from './job-store.js';
import type { OutboxStore } from './outbox-store.js';
import type { PracticeStore } from './practice-store.js';
import type { QuizLog } from './quiz-log.js';
import type { StudyStats } from './study-stats.js';
import type { TopicStore } from './topic-store.js';

export interface Store extends DirectoryStore, TopicStore, QuizLog, StudyStats, PracticeStore, InboxStore, OutboxStore, JobStore {
  /** Flushes and releases resources (the embedded store's lock). */
  close(): Promise<void>;
}
