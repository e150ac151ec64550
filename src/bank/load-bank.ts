/**
 * Reads the bank files of a questions directory and checks them (I/O shell around check-bank.ts).
 * A bank with any error is refused whole: callers get the report and decide (start-up stops).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StatuteLibrary } from '../statutes/statute-library.js';
import { type BankFile, type BankReport, type CitationLock, type LoadedQuestion, checkBank, citationKey } from './check-bank.js';

export const LOCK_FILE = 'citations.lock.json';

/** Reads `*.json` bank files in `dir` (sorted; the lock file excluded); malformed JSON becomes an error entry. */
export async function readBankFiles(dir: string): Promise<{ files: BankFile[]; parseErrors: BankReport['errors'] }> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== LOCK_FILE).sort();
  const files: BankFile[] = [];
  const parseErrors: Array<BankReport['errors'][number]> = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    try {
      files.push({ name, content: JSON.parse(text) });
    } catch (err) {
      parseErrors.push({ file: name, message: `invalid JSON: ${(err as Error).message}` });
    }
  }
  return { files, parseErrors };
}

export async function readCitationLock(dir: string): Promise<CitationLock> {
  try {
    return JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as CitationLock;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
}

/** Loads and checks the bank in `dir`. */
export async function loadBank(dir: string, laws: StatuteLibrary): Promise<BankReport> {
  const { files, parseErrors } = await readBankFiles(dir);
  const report = checkBank(files, laws, await readCitationLock(dir));
  return { ...report, errors: [...parseErrors, ...report.errors] };
}

/** One line per issue: `file · id · field: message`. */
export function formatIssue(i: BankReport['errors'][number]): string {
  return `${[i.file, i.id, i.field].filter(Boolean).join(' · ')}: ${i.message}`;
}

/**
 * Records the current text hash of every article the bank cites (after a human review of changed articles).
 * Sorted keys keep the file diff-friendly.
 */
export async function writeCitationLock(dir: string, questions: readonly LoadedQuestion[], laws: StatuteLibrary): Promise<CitationLock> {
  const lock: Record<string, string> = {};
  for (const q of questions) {
    for (const label of q.basis.articles) {
      const article = laws.article(q.basis.law, label);
      if (article) lock[citationKey(q.basis.law, label)] = article.hash;
    }
  }
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(join(dir, LOCK_FILE), `${JSON.stringify(sorted, null, 1)}\n`);
  return sorted;
}
