/**
 * The embedded default store, on lowdb.
 *
 * Layout of DATA_DIR:
 * - `journal/*.jsonl` every event, append-only, in the compact line format of journal-codec.ts (sealed segments
 *                     gzip-compressed as `*.jsonl.gz`): history (quiz served, answer, day completed, message claimed,
 *                     attempts, parking) and directory changes (people, departments, topics upserted);
 * - `store.json`      the directory (departments, people, topics) folded at snapshot time, a lowdb document
 *                     written atomically (temp file + rename), and the journal segment to replay it from;
 * - `snapshot.json`   the running aggregates, and the journal segment to replay from (compact ASCII JSON written
 *                     atomically by snapshot-file.ts: no indentation, typed arrays trimmed to their use);
 * - `.lock`, `.lock-owner.json`  the lock of the process that owns the store (data-lock.ts), so a second
 *                     process never writes behind the owner's back: the command line talks to a running server;
 * - `web-auth.json`   web sign-in: login links, sessions (hashes only) and the cookie keys (lowdb, atomic);
 * - `admin.json`      the admins' console: audit log, switched-off jobs, publications and their recall (lowdb, atomic).
 *
 * Adding a person appends one journal line; no file whose size grows with the directory is rewritten
 * until the next snapshot. Opening, rebuilding and refusing damaged directories: data-files.ts.
 * lowdb's JSONFilePreset is not used: it silently swaps in a memory adapter when NODE_ENV=test.
 */
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { type Clock, systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { BulkWrites } from '../core/ports/bulk-writes.js';
import { lockDataDir } from './data-lock.js';
import { DIRECTORY_FILE, type DirectoryFileDoc, JOURNAL_DIR, SNAPSHOT_FILE, type SnapshotDoc, loadDataFiles } from './data-files.js';
import { Journal } from './journal.js';
import { writeJsonAtomic } from './snapshot-file.js';
import { type JournalEvent, StateStore } from './state-store.js';
import { type WebAuthDoc, WebAuthState, emptyWebAuthDoc } from './web-auth-state.js';
import { type AdminDoc, AdminState, emptyAdminDoc } from './admin-state.js';

const WebAuthSchema = z.object({
  version: z.literal(1),
  links: z.array(z.looseObject({ hash: z.string(), personId: z.string(), expiresAt: z.string() })),
  sessions: z.array(z.looseObject({ hash: z.string(), personId: z.string(), expiresAt: z.string() })),
  keys: z.array(z.string()),
});

const WEB_AUTH_FILE = 'web-auth.json';

/**
 * Web sign-in records: disposable (a lost session means signing in again), so a damaged file is set aside with a
 * warning and sign-in starts afresh, instead of refusing to start the bot.
 */
function readWebAuth(dataDir: string, logger: Logger): WebAuthDoc {
  const path = join(dataDir, WEB_AUTH_FILE);
  if (!existsSync(path)) return emptyWebAuthDoc();
  try {
    const parsed = WebAuthSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data as unknown as WebAuthDoc;
    logger.warn('web-auth.json does not match the expected layout: sign-ins start afresh', { problem: z.prettifyError(parsed.error) });
  } catch (err) {
    logger.warn('web-auth.json cannot be read: sign-ins start afresh', { error: String(err) });
  }
  renameSync(path, `${path}.damaged`);
  return emptyWebAuthDoc();
}

const AdminSchema = z.object({
  version: z.literal(1),
  audit: z.array(z.looseObject({ id: z.string(), at: z.string(), action: z.string() })),
  disabledJobs: z.array(z.string()),
  publications: z.array(z.looseObject({ id: z.string(), topicId: z.string(), createdAt: z.string() })),
});

const ADMIN_FILE = 'admin.json';

/**
 * The admins' console records. A damaged file is kept beside as admin.json.damaged (the audit log in it is not
 * thrown away: the operator can read it) and logged as an error; the bot starts with an empty console document.
 */
function readAdmin(dataDir: string, logger: Logger): AdminDoc {
  const path = join(dataDir, ADMIN_FILE);
  if (!existsSync(path)) return emptyAdminDoc();
  try {
    const parsed = AdminSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (parsed.success) return parsed.data as unknown as AdminDoc;
    logger.error('admin.json does not match the expected layout: kept as admin.json.damaged', { problem: z.prettifyError(parsed.error) });
  } catch (err) {
    logger.error('admin.json cannot be read: kept as admin.json.damaged', { error: String(err) });
  }
  renameSync(path, `${path}.damaged`);
  return emptyAdminDoc();
}

export interface LowdbStoreOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Snapshot the aggregates after this many events (default 50,000) and on close. */
  readonly snapshotEvery?: number;
  /** A lock not refreshed for this long is stale even when its holder cannot be checked (default 15 s, min 2 s). */
  readonly lockStaleMs?: number;
  readonly clock?: Clock;
}

export class LowdbStore extends StateStore implements BulkWrites {
  private eventsSinceSnapshot = 0;
  /** Events written to the journal and not yet applied to the state. */
  private unapplied = 0;
  private snapshotting: Promise<void> | undefined;
  private releaseLock: (() => Promise<void>) | undefined;
  private closed = false;
  private authDb!: Low<WebAuthDoc & { version: 1 }>;
  private adminDb!: Low<AdminDoc & { version: 1 }>;

  private constructor(
    private readonly opts: LowdbStoreOptions,
    private readonly journal: Journal,
    private readonly dirDb: Low<DirectoryFileDoc>,
  ) {
    super();
  }

  /**
   * Opens (and locks) the store in `dataDir`. Throws AppError('store.locked') if a live process holds it,
   * 'store.corrupt' / 'store.missing' when a file is damaged or missing and cannot be rebuilt exactly.
   */
  static async open(opts: LowdbStoreOptions): Promise<LowdbStore> {
    mkdirSync(opts.dataDir, { recursive: true });
    const clock = opts.clock ?? systemClock;
    const release = await lockDataDir(opts.dataDir, { logger: opts.logger, clock, staleMs: opts.lockStaleMs });
    let journal: Journal | undefined;
    try {
      const loaded = loadDataFiles(opts.dataDir, opts.logger, clock);
      journal = Journal.open(join(opts.dataDir, JOURNAL_DIR), loaded.appendFrom);
      const dirDb = new Low<DirectoryFileDoc>(new JSONFile(join(opts.dataDir, DIRECTORY_FILE)), { version: 2, replayFrom: 0, ...loaded.directory.doc() });
      const store = new LowdbStore(opts, journal, dirDb);
      store.directory = loaded.directory;
      store.history = loaded.history;
      store.practice = loaded.practice;
      store.eventsSinceSnapshot = loaded.replayedEvents;
      store.releaseLock = release;
      const authDb = new Low<WebAuthDoc & { version: 1 }>(new JSONFile(join(opts.dataDir, WEB_AUTH_FILE)), {
        version: 1,
        ...readWebAuth(opts.dataDir, opts.logger),
      });
      store.authDb = authDb;
      store.webAuth = new WebAuthState(authDb.data, (doc) => store.persistWebAuth(doc));
      store.adminDb = new Low<AdminDoc & { version: 1 }>(new JSONFile(join(opts.dataDir, ADMIN_FILE)), { version: 1, ...readAdmin(opts.dataDir, opts.logger) });
      store.admin = new AdminState(store.adminDb.data, (doc) => store.persistAdmin(doc));
      if (loaded.journalWholeDirectory) {
        // Fresh or migrated from version 1: from here on the journal holds the whole directory.
        journal.append({ t: 'dir', ...loaded.directory.doc() } satisfies JournalEvent);
      }
      if (loaded.writeDirectory) await store.writeDirectory(journal.segment);
      if (loaded.rebuiltHistory) await store.snapshot();
      opts.logger.info('store opened', { dataDir: opts.dataDir, people: store.directory.listPeople().length, replayedEvents: loaded.replayedEvents });
      return store;
    } catch (err) {
      journal?.close();
      await release();
      throw err;
    }
  }

  /** Bulk mode (core/ports/bulk-writes.ts): the journal is written a megabyte at a time while `fn` runs. */
  async bulk<T>(fn: () => Promise<T>): Promise<T> {
    this.journal.setBuffered(true);
    try {
      return await fn();
    } finally {
      this.journal.setBuffered(false);
    }
  }

  protected async persist(e: JournalEvent): Promise<void> {
    if (this.closed) throw new AppError('store.locked', 'the store is closed');
    this.journal.append(e);
    this.eventsSinceSnapshot++;
    this.unapplied++;
  }

  /**
   * Snapshots once enough events were written. Only after the event is applied: a snapshot taken between
   * the journal write and the apply would miss the event while replay starts after it (it was lost on restart).
   * With writes in flight (written, not yet applied) it waits for a moment when none is.
   */
  protected override applied(): void {
    this.unapplied--;
    if (this.unapplied === 0 && this.eventsSinceSnapshot >= (this.opts.snapshotEvery ?? 50_000) && !this.snapshotting) {
      this.snapshotting = this.snapshot().finally(() => {
        this.snapshotting = undefined;
      });
    }
  }

  protected async persistWebAuth(doc: WebAuthDoc): Promise<void> {
    if (this.closed) throw new AppError('store.locked', 'the store is closed');
    this.authDb.data = { version: 1, ...doc };
    await this.authDb.write();
  }

  protected async persistAdmin(doc: AdminDoc): Promise<void> {
    if (this.closed) throw new AppError('store.locked', 'the store is closed');
    this.adminDb.data = { version: 1, ...doc };
    await this.adminDb.write();
  }

  /**
   * Writes the aggregates and the directory, and starts a new journal segment; replay then starts from that
   * segment. The state is captured before the segment turns (synchronously), so no event falls between.
   */
  async snapshot(): Promise<void> {
    const state = this.history.snapshot();
    const directory = this.directory.doc();
    const practice = this.practice.snapshot();
    const replayFrom = this.journal.rotate();
    this.eventsSinceSnapshot = 0;
    const doc: SnapshotDoc = { version: 1, replayFrom, state, practice };
    writeJsonAtomic(join(this.opts.dataDir, SNAPSHOT_FILE), doc);
    await this.writeDirectory(replayFrom, directory);
    await this.journal.compressSealed();
  }

  private async writeDirectory(replayFrom: number, directory = this.directory.doc()): Promise<void> {
    this.dirDb.data = { version: 2, replayFrom, ...directory };
    await this.dirDb.write();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.snapshotting;
    if (this.eventsSinceSnapshot > 0) await this.snapshot();
    this.closed = true;
    this.journal.close();
    await this.releaseLock?.();
  }
}
