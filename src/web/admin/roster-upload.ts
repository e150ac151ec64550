/**
 * Roster upload in the console: the same reader, planner and importer as `npm run pufa -- import-roster`
 * (directory/roster). A dry run first (row errors with row, column and reason; who would be added, moved,
 * updated, deactivated), kept for 30 minutes under a random id; applying re-plans the same file against the
 * directory as it is then and writes only when no row is bad (the safer rule: a file with errors changes
 * nothing, the admin corrects it and uploads again).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import type { QuizDay } from '../../core/quiz-day.js';
import { type RosterReport, type RosterStore, importRoster } from '../../directory/roster/index.js';

const KEEP_MS = 30 * 60_000;

interface Upload {
  readonly file: string;
  readonly dir: string;
  readonly name: string;
  readonly by: string;
  readonly deactivateMissing: boolean;
  readonly expiresAt: number;
}

export interface RosterUploadDeps {
  readonly store: RosterStore;
  readonly clock: Clock;
  readonly today: () => QuizDay;
  readonly leaderTitles?: RegExp;
}

export type RosterApply = { ok: true; report: RosterReport } | { ok: false; code: 'unknown' | 'invalid'; report?: RosterReport };

export function createRosterUploads(deps: RosterUploadDeps) {
  const uploads = new Map<string, Upload>();
  const now = () => deps.clock.now().getTime();
  const drop = async (id: string) => {
    const u = uploads.get(id);
    uploads.delete(id);
    if (u) await rm(u.dir, { recursive: true, force: true });
  };
  const sweep = async () => {
    for (const [id, u] of uploads) if (u.expiresAt <= now()) await drop(id);
  };
  const run = (u: Upload, dryRun: boolean) =>
    importRoster(deps.store, u.file, { today: deps.today(), dryRun, deactivateMissing: u.deactivateMissing, leaderTitles: deps.leaderTitles });

  return {
    /** Keeps the file and returns the dry run's report with the upload's id (to apply it later). */
    async preview(bytes: Buffer, name: string, by: string, deactivateMissing: boolean): Promise<{ id: string; report: RosterReport }> {
      await sweep();
      const dir = await mkdtemp(join(tmpdir(), 'pufa-roster-upload-'));
      const file = join(dir, name);
      await writeFile(file, bytes);
      const id = randomBytes(16).toString('base64url');
      const u: Upload = { file, dir, name, by, deactivateMissing, expiresAt: now() + KEEP_MS };
      uploads.set(id, u);
      const report = { ...(await run(u, true)), file: name };
      if (report.fatal) await drop(id);
      return { id, report };
    },
    /** Applies an upload of this admin's when its plan (made again now) has no row errors. */
    async apply(id: string, by: string): Promise<RosterApply> {
      await sweep();
      const u = uploads.get(id);
      if (!u || u.by !== by) return { ok: false, code: 'unknown' };
      const dry = await run(u, true);
      if (dry.fatal || dry.errors.length > 0) return { ok: false, code: 'invalid', report: { ...dry, file: u.name } };
      const report = { ...(await run(u, false)), file: u.name };
      await drop(id);
      return { ok: true, report };
    },
  };
}

export type RosterUploads = ReturnType<typeof createRosterUploads>;
