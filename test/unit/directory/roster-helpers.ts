/** Roster test fixtures: xlsx files written with exceljs into a temp dir, and store snapshots. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Store } from '../../../src/core/ports/store.js';

export const FIXTURES = new URL('../../fixtures/roster/', import.meta.url).pathname;

export async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'pufa-roster-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes rows (first sheet) to an .xlsx file; `merges` like 'B3:B5'. */
export async function writeXlsx(file: string, rows: readonly (readonly (string | number | null)[])[], merges: readonly string[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  for (const r of rows) ws.addRow([...r]);
  for (const m of merges) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
  return file;
}

/** Everything the directory holds, for "nothing changed" checks. */
export async function snapshot(store: Pick<Store, 'listDepartments' | 'listPeople'>): Promise<string> {
  return JSON.stringify({ d: await store.listDepartments(), p: await store.listPeople() });
}
