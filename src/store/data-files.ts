/**
 * Reads a data directory for the lowdb store and decides what it can trust. Nothing missing or damaged is
 * ever replaced silently:
 * - a fresh directory (no store.json, no snapshot.json, no journal events) starts empty;
 * - store.json missing: the directory is rebuilt from the journal when the journal holds all of it (every
 *   directory change is journaled after a full `dir` event written when the directory was created or
 *   migrated); otherwise the start is refused, naming the file;
 * - store.json damaged (not JSON, or not the layout): refused (it may be a hand edit to fix); the message
 *   says how to restore it, or to move it away so it is rebuilt;
 * - snapshot.json missing or damaged: the aggregates are rebuilt by replaying the whole journal when every
 *   segment from 000000 is there (a damaged file is kept aside as snapshot.json.damaged-<time>); otherwise
 *   refused;
 * - a journal segment missing where replay needs it: refused, naming the segment; missing older segments
 *   (not needed to open) are reported as a warning, since the full answer record is then incomplete;
 * - an unfinished last line (a crash mid-write) is cut, with a warning saying what was cut.
 * Every rebuild is logged as a warning with what was rebuilt.
 */
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { type DirectoryDoc, DirectoryState, isDirectoryEvent } from './directory-state.js';
import { type HistorySnapshot, HistoryState } from './history-state.js';
import { Journal } from './journal.js';
import { type PracticeSnapshot, PracticeState, isPracticeEvent } from './practice-state.js';
import type { JournalEvent } from './state-store.js';

export const DIRECTORY_FILE = 'store.json';
export const SNAPSHOT_FILE = 'snapshot.json';
export const JOURNAL_DIR = 'journal';

const DirectoryFields = {
  departments: z.array(z.looseObject({ id: z.string(), name: z.string(), parentId: z.string().optional() })),
  people: z.array(z.looseObject({ id: z.string(), name: z.string(), identities: z.record(z.string(), z.string()) })),
  topics: z.array(z.looseObject({ id: z.string(), title: z.string() })).default([]),
};
/** Version 1 was rewritten on every change; version 2 is folded at snapshot time and replays the journal from `replayFrom`. */
const DirectorySchema = z.discriminatedUnion('version', [
  z.object({ version: z.literal(1), ...DirectoryFields }),
  z.object({ version: z.literal(2), replayFrom: z.number().int().min(0), ...DirectoryFields }),
]);

const SnapshotSchema = z.object({
  version: z.literal(1),
  replayFrom: z.number().int().min(0),
  state: z.looseObject({}).nullable(),
  practice: z.looseObject({}).optional(),
});

export interface SnapshotDoc {
  version: 1;
  /** Replay journal segments from this number on. */
  replayFrom: number;
  state: HistorySnapshot | null;
  /** Review queues, answers by law, rounds and 复习 sittings (absent in snapshots written before them). */
  practice?: PracticeSnapshot;
}

export type DirectoryFileDoc = DirectoryDoc & { version: 2; replayFrom: number };

export interface LoadedData {
  readonly directory: DirectoryState;
  readonly history: HistoryState;
  readonly practice: PracticeState;
  readonly replayedEvents: number;
  /** Segment the journal appends to. */
  readonly appendFrom: number;
  /** Fresh or migrated from version 1: journal a full `dir` event, so the journal holds the whole directory. */
  readonly journalWholeDirectory: boolean;
  /** Write store.json now (fresh, migrated or rebuilt). */
  readonly writeDirectory: boolean;
  /** The aggregates were rebuilt from the journal: snapshot them now. */
  readonly rebuiltHistory: boolean;
}

type FileRead<T> = { kind: 'missing' } | { kind: 'damaged'; reason: string } | { kind: 'ok'; doc: T };

function readJson<T>(path: string, schema: z.ZodType<T>): FileRead<T> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  // Snapshots are written in ASCII (snapshot-file.ts): read as one-byte text, twice as fast as UTF-8 decoding.
  const text = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'damaged', reason: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { kind: 'ok', doc: parsed.data } : { kind: 'damaged', reason: `not the expected layout: ${z.prettifyError(parsed.error)}` };
}

/** Numbers in 0..last that have no segment file. */
function missingSegments(segments: readonly number[], from: number): number[] {
  const have = new Set(segments);
  const last = segments.at(-1) ?? -1;
  const out: number[] = [];
  for (let n = from; n <= last; n++) if (!have.has(n)) out.push(n);
  return out;
}

function refuse(code: 'store.corrupt' | 'store.missing', message: string, details: Record<string, unknown>): never {
  throw new AppError(code, message, details);
}

export function loadDataFiles(dataDir: string, logger: Logger, clock: Clock): LoadedData {
  const journalDir = join(dataDir, JOURNAL_DIR);
  const segments = Journal.segments(journalDir);
  const last = segments.at(-1);
  if (last !== undefined) {
    const torn = Journal.repairTail(journalDir, last);
    if (torn) logger.warn('journal: cut an unfinished last line left by a crash mid-write (it was never acknowledged)', { ...torn });
  }
  const dirRead = readJson(join(dataDir, DIRECTORY_FILE), DirectorySchema);
  const snapRead = readJson(join(dataDir, SNAPSHOT_FILE), SnapshotSchema);
  const hasEvents = segments.some((n) => Journal.size(journalDir, n) > 0);

  if (dirRead.kind === 'missing' && snapRead.kind === 'missing' && !hasEvents) {
    return {
      directory: new DirectoryState(),
      history: new HistoryState(),
      practice: new PracticeState(),
      replayedEvents: 0,
      appendFrom: last ?? 0,
      journalWholeDirectory: true,
      writeDirectory: true,
      rebuiltHistory: false,
    };
  }
  if (dirRead.kind === 'damaged') {
    refuse(
      'store.corrupt',
      `${DIRECTORY_FILE} in ${dataDir} is damaged: ${dirRead.reason}. Restore it from a backup (or fix the edit); if there is no backup, move it out of the data directory and start again: the directory is then rebuilt from the journal if the journal holds all of it`,
      { file: DIRECTORY_FILE },
    );
  }

  const fromZeroComplete = segments[0] === 0 && missingSegments(segments, 0).length === 0;
  let history: HistoryState;
  let practice: PracticeState;
  let histFrom: number;
  let rebuiltHistory = false;
  const snapshot = snapRead.kind === 'ok' ? restoreSnapshot(snapRead.doc) : undefined;
  if (snapshot) {
    history = snapshot.history;
    practice = snapshot.practice;
    histFrom = snapshot.replayFrom;
  } else {
    const why = snapRead.kind === 'missing' ? 'missing' : `damaged (${snapRead.kind === 'damaged' ? snapRead.reason : 'its aggregates do not restore'})`;
    const legacyWithoutEvents = segments.length === 0 && dirRead.kind === 'ok' && dirRead.doc.version === 1;
    if (!fromZeroComplete && !legacyWithoutEvents) {
      refuse(
        snapRead.kind === 'missing' ? 'store.missing' : 'store.corrupt',
        `${SNAPSHOT_FILE} in ${dataDir} is ${why} and the journal cannot replace it (${describeSegments(segments)}). Restore ${SNAPSHOT_FILE} (and the journal) from a backup`,
        { file: SNAPSHOT_FILE, missingSegments: missingSegments(segments, 0) },
      );
    }
    if (snapRead.kind !== 'missing') {
      const aside = `${SNAPSHOT_FILE}.damaged-${clock.now().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(join(dataDir, SNAPSHOT_FILE), join(dataDir, aside));
      logger.warn(`${SNAPSHOT_FILE} is damaged: kept aside as ${aside}; the aggregates are rebuilt from the whole journal`, { dataDir });
    } else if ((last ?? 0) > 0) {
      logger.warn(`${SNAPSHOT_FILE} is missing: the aggregates are rebuilt from the whole journal`, { dataDir, segments: segments.length });
    }
    history = new HistoryState();
    practice = new PracticeState();
    histFrom = 0;
    rebuiltHistory = segments.length > 0;
  }

  const rebuildDirectory = dirRead.kind === 'missing';
  const dirDoc = dirRead.kind === 'ok' ? dirRead.doc : undefined;
  const directory = dirDoc
    ? DirectoryState.from({ departments: dirDoc.departments, people: dirDoc.people, topics: dirDoc.topics } as unknown as DirectoryDoc)
    : new DirectoryState();
  const dirFrom = dirDoc?.version === 2 ? dirDoc.replayFrom : histFrom;

  // Replay needs every segment from where it starts to the newest.
  const legacyWithoutEvents = segments.length === 0 && dirDoc?.version === 1 && snapRead.kind === 'missing';
  const replayStarts: Array<[number, string]> = [[histFrom, SNAPSHOT_FILE]];
  if (!rebuildDirectory) replayStarts.push([dirFrom, DIRECTORY_FILE]);
  for (const [from, file] of legacyWithoutEvents ? [] : replayStarts) {
    const gaps: number[] = [];
    for (let n = from; n <= Math.max(last ?? -1, from); n++) if (!segments.includes(n)) gaps.push(n);
    if (gaps.length === 0) continue;
    refuse(
      'store.missing',
      `journal segment${gaps.length > 1 ? 's' : ''} ${gaps.map((n) => `${JOURNAL_DIR}/${Journal.name(n)}`).join(', ')} ${gaps.length > 1 ? 'are' : 'is'} missing in ${dataDir} (${file} replays from ${Journal.name(from)}; ${describeSegments(segments)}). Restore ${gaps.length > 1 ? 'them' : 'it'} from a backup`,
      { missingSegments: gaps, replayFrom: from },
    );
  }
  const older: number[] = [];
  for (let n = 0; n < Math.min(histFrom, dirFrom); n++) if (!segments.includes(n)) older.push(n);
  if (older.length > 0 && !rebuildDirectory) {
    logger.warn('old journal segments are missing: not needed to open, but the complete answer record is not on disk any more', {
      dataDir,
      missing: older.map((n) => Journal.name(n)),
    });
  }

  // One pass over the journal: directory events from dirFrom (or, rebuilding, from the last whole `dir`
  // event with no gap after it), history events from histFrom.
  let replayed = 0;
  let directoryWhole = !rebuildDirectory;
  let previous = -1;
  const start = rebuildDirectory ? (segments[0] ?? 0) : Math.min(histFrom, dirFrom);
  const onPartial = (t: { segment: number; bytesCut: number; partialStart: string }) =>
    logger.warn('journal: skipped an unfinished line at the end of an older segment', { ...t });
  for (const { segment, event } of Journal.entries<JournalEvent>(journalDir, start, onPartial)) {
    if (rebuildDirectory && segment !== previous && segment !== previous + 1) directoryWhole = false;
    previous = segment;
    if (isDirectoryEvent(event)) {
      if (rebuildDirectory) {
        if (event.t === 'dir') directoryWhole = true;
        directory.apply(event);
      } else if (segment >= dirFrom) directory.apply(event);
    } else if (segment >= histFrom) {
      // The practice state has events of its own and also reads quizzes and answers.
      if (isPracticeEvent(event)) practice.apply(event);
      else {
        history.apply(event);
        practice.observe(event);
      }
      replayed++;
    }
  }
  if (rebuildDirectory) {
    if (!directoryWhole) {
      refuse(
        'store.missing',
        `${DIRECTORY_FILE} (departments, people, study topics) is missing in ${dataDir} and the journal does not hold the whole directory (${describeSegments(segments)}). Restore ${DIRECTORY_FILE} from a backup`,
        { file: DIRECTORY_FILE },
      );
    }
    logger.warn(`${DIRECTORY_FILE} was missing: the directory is rebuilt from the journal`, {
      dataDir,
      departments: directory.listDepartments().length,
      people: directory.listPeople().length,
      topics: directory.listTopics().length,
    });
  }
  return {
    directory,
    history,
    practice,
    replayedEvents: replayed,
    appendFrom: Math.max(histFrom, dirFrom),
    journalWholeDirectory: dirDoc?.version === 1,
    writeDirectory: rebuildDirectory || dirDoc?.version === 1,
    rebuiltHistory,
  };
}

function restoreSnapshot(doc: z.infer<typeof SnapshotSchema>): { history: HistoryState; practice: PracticeState; replayFrom: number } | undefined {
  try {
    return {
      history: doc.state ? HistoryState.restore(doc.state as unknown as HistorySnapshot) : new HistoryState(),
      practice: PracticeState.restore(doc.practice as PracticeSnapshot | undefined),
      replayFrom: doc.replayFrom,
    };
  } catch {
    return undefined;
  }
}

function describeSegments(segments: readonly number[]): string {
  if (segments.length === 0) return 'the journal folder is empty or missing';
  const missing = missingSegments(segments, 0);
  return `journal has ${segments.length} segment(s) ${Journal.name(segments[0]!)}…${Journal.name(segments.at(-1)!)}${missing.length ? `, missing ${missing.map(Journal.name).join(', ')}` : ''}`;
}
