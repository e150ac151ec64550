/**
 * The embedded default store, on lowdb.
 *
 * Layout of DATA_DIR:
 * - `store.json`     the directory (departments, people), a lowdb document, written atomically (temp file + rename);
 * - `snapshot.json`  the running aggregates (lowdb document, atomic), and the journal segment to replay from;
 * - `journal/*.jsonl` every history event (quiz served, answer, day completed, message claimed), append-only;
 * - `web-auth.json`  web sign-in: login links, sessions (hashes only) and the cookie keys (lowdb, atomic);
 * - `.lock`          held by the process that owns the store (proper-lockfile), so a second process never
 *                    writes behind the owner's back: the command line talks to a running server instead.
 *
 * lowdb's JSONFilePreset is not used: it silently swaps in a memory adapter when NODE_ENV=test.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { type HistoryEvent, type HistorySnapshot, HistoryState } from './history-state.js';
import { Journal } from './journal.js';
import { type DirectoryDoc, StateStore } from './state-store.js';
import { type WebAuthDoc, WebAuthState, emptyWebAuthDoc } from './web-auth-state.js';

const WebAuthSchema = z.object({
  version: z.literal(1),
  links: z.array(z.looseObject({ hash: z.string(), personId: z.string(), expiresAt: z.string() })),
  sessions: z.array(z.looseObject({ hash: z.string(), personId: z.string(), expiresAt: z.string() })),
  keys: z.array(z.string()),
});

const DirectorySchema = z.object({
  version: z.literal(1),
  departments: z.array(z.looseObject({ id: z.string(), name: z.string(), parentId: z.string().optional() })),
  people: z.array(z.looseObject({ id: z.string(), name: z.string(), identities: z.record(z.string(), z.string()) })),
  topics: z.array(z.looseObject({ id: z.string(), title: z.string() })).default([]),
});

interface SnapshotDoc {
  version: 1;
  /** Replay journal segments from this number on. */
  replayFrom: number;
  state: HistorySnapshot | null;
}

export interface LowdbStoreOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Snapshot the aggregates after this many events (default 50,000) and on close. */
  readonly snapshotEvery?: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (default 15 s, min 2 s). */
  readonly lockStaleMs?: number;
}

export class LowdbStore extends StateStore {
  private journal!: Journal;
  private eventsSinceSnapshot = 0;
  private snapshotting: Promise<void> | undefined;
  private releaseLock: (() => Promise<void>) | undefined;
  private closed = false;
  private authDb!: Low<WebAuthDoc & { version: 1 }>;

  private constructor(
    private readonly opts: LowdbStoreOptions,
    private readonly dirDb: Low<DirectoryDoc & { version: 1 }>,
    private readonly snapDb: Low<SnapshotDoc>,
  ) {
    super();
  }

  /** Opens (and locks) the store in `dataDir`. Throws AppError('store.locked') if another process holds it. */
  static async open(opts: LowdbStoreOptions): Promise<LowdbStore> {
    mkdirSync(opts.dataDir, { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(opts.dataDir, {
        lockfilePath: join(opts.dataDir, '.lock'),
        stale: opts.lockStaleMs ?? 15_000,
        update: Math.min(5_000, (opts.lockStaleMs ?? 15_000) / 2),
        retries: 0,
      });
    } catch (err) {
      throw new AppError('store.locked', `the data directory ${opts.dataDir} is in use by another pufa-bot process`, { dataDir: opts.dataDir }, { cause: err });
    }
    try {
      const dirDb = new Low(new JSONFile<DirectoryDoc & { version: 1 }>(join(opts.dataDir, 'store.json')), {
        version: 1,
        departments: [],
        people: [],
        topics: [],
      });
      const snapDb = new Low(new JSONFile<SnapshotDoc>(join(opts.dataDir, 'snapshot.json')), { version: 1, replayFrom: 0, state: null });
      await readDoc(dirDb, 'store.json');
      await readDoc(snapDb, 'snapshot.json');
      const parsed = DirectorySchema.safeParse(dirDb.data);
      if (!parsed.success) throw new AppError('store.corrupt', `store.json does not match the expected layout: ${z.prettifyError(parsed.error)}`);
      dirDb.data.topics ??= [];
      const authDb = new Low(new JSONFile<WebAuthDoc & { version: 1 }>(join(opts.dataDir, 'web-auth.json')), { version: 1, ...emptyWebAuthDoc() });
      await readDoc(authDb, 'web-auth.json');
      const auth = WebAuthSchema.safeParse(authDb.data);
      if (!auth.success) throw new AppError('store.corrupt', `web-auth.json does not match the expected layout: ${z.prettifyError(auth.error)}`);
      const store = new LowdbStore(opts, dirDb, snapDb);
      store.authDb = authDb;
      store.webAuth = new WebAuthState(authDb.data, (doc) => store.persistWebAuth(doc));
      store.releaseLock = release;
      store.load();
      return store;
    } catch (err) {
      await release();
      throw err;
    }
  }

  private load(): void {
    this.directory = { departments: this.dirDb.data.departments, people: this.dirDb.data.people, topics: this.dirDb.data.topics };
    this.reindex();
    const snap = this.snapDb.data;
    this.history = snap.state ? HistoryState.restore(snap.state) : new HistoryState();
    const dir = join(this.opts.dataDir, 'journal');
    this.journal = Journal.open(dir, snap.replayFrom);
    let replayed = 0;
    for (const e of Journal.read<HistoryEvent>(dir, snap.replayFrom)) {
      this.history.apply(e);
      replayed++;
    }
    this.eventsSinceSnapshot = replayed;
    this.opts.logger.info('store opened', { dataDir: this.opts.dataDir, people: this.directory.people.length, replayedEvents: replayed });
  }

  protected async persist(e: HistoryEvent): Promise<void> {
    if (this.closed) throw new AppError('store.locked', 'the store is closed');
    this.journal.append(e);
    this.eventsSinceSnapshot++;
    if (this.eventsSinceSnapshot >= (this.opts.snapshotEvery ?? 50_000) && !this.snapshotting) {
      this.snapshotting = this.snapshot().finally(() => {
        this.snapshotting = undefined;
      });
    }
  }

  protected async persistDirectory(): Promise<void> {
    this.dirDb.data = { version: 1, ...this.directory };
    await this.dirDb.write();
  }

  protected async persistWebAuth(doc: WebAuthDoc): Promise<void> {
    if (this.closed) throw new AppError('store.locked', 'the store is closed');
    this.authDb.data = { version: 1, ...doc };
    await this.authDb.write();
  }

  /** Writes the aggregates and starts a new journal segment; replay then starts from that segment. */
  async snapshot(): Promise<void> {
    const state = this.history.snapshot();
    const replayFrom = this.journal.rotate();
    this.eventsSinceSnapshot = 0;
    this.snapDb.data = { version: 1, replayFrom, state };
    await this.snapDb.write();
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

async function readDoc<T>(db: Low<T>, name: string): Promise<void> {
  try {
    await db.read();
  } catch (err) {
    throw new AppError('store.corrupt', `${name} is not valid JSON; restore it from a backup`, { file: name }, { cause: err });
  }
}
