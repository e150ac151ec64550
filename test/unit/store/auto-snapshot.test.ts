/**
 * The snapshot the store takes by itself every `snapshotEvery` events holds the event that triggered it, and
 * writes in flight at that moment: a restart after it (a crash, no close) loses nothing acknowledged.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { LowdbStore } from '../../../src/store/lowdb-store.js';

const day = '2026-11-24' as QuizDay;
const run = (job: string) => ({ job, day, startedAt: '2026-11-24T01:00:00.000Z' });

test('every event written before and while an automatic snapshot is taken is there after a crash', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-autosnap-'));
  const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger(), snapshotEvery: 3 });
  for (let i = 0; i < 7; i++) await store.saveJobRun(run(`j${i}`));
  await Promise.all(Array.from({ length: 7 }, (_, i) => store.saveJobRun(run(`k${i}`)))); // concurrent writes
  await store.saveJobRun(run('last')); // waits behind nothing: the snapshots above have been started
  await (store as unknown as { snapshotting?: Promise<void> }).snapshotting;
  // A crash: the files as they are while the store is open, opened elsewhere.
  const copy = mkdtempSync(join(tmpdir(), 'pufa-autosnap-crash-'));
  cpSync(dataDir, copy, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  const after = await LowdbStore.open({ dataDir: copy, logger: createMemoryLogger() });
  const jobs = [...Array.from({ length: 7 }, (_, i) => `j${i}`), ...Array.from({ length: 7 }, (_, i) => `k${i}`), 'last'];
  const missing = [];
  for (const job of jobs) if (!(await after.getJobRun(job, day))) missing.push(job);
  expect(missing).toEqual([]);
  await after.close();
  await store.close();
});
