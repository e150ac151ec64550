/**
 * The bank in the console: question search (text, law, type, bank) over the banks in use, and uploading an imported
 * bank (.xlsx/.csv/.json/.txt, the same parser and rules as `npm run pufa -- import-bank`): a dry run lists
 * the findings (errors per row, warnings; check-bank's rules), applying imports only a file without errors and
 * reloads the bank. The shipped bank (questions/) is read-only here: it is changed in the repository.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedQuestion } from '../../bank/check-bank.js';
import { type ImportBankResult, editBankQuestion, importBank, listBanks } from '../../bank/bank-registry.js';
import type { Question } from '../../bank/question-schema.js';
import { parseBankFile } from '../../bank/import/index.js';
import type { Clock } from '../../core/clock.js';
import type { StatuteLibrary } from '../../statutes/statute-library.js';

const KEEP_MS = 30 * 60_000;

export interface BankConsoleDeps {
  readonly all: () => readonly LoadedQuestion[];
  readonly laws: StatuteLibrary;
  readonly dataDir: string;
  readonly questionsDir: string;
  readonly clock: Clock;
  readonly reload: () => Promise<{ questions: number; refused: number }>;
}

export function createBankConsole(deps: BankConsoleDeps) {
  const uploads = new Map<string, { dir: string; file: string; by: string; expiresAt: number }>();
  const now = () => deps.clock.now().getTime();
  const drop = async (id: string) => {
    const u = uploads.get(id);
    uploads.delete(id);
    if (u) await rm(u.dir, { recursive: true, force: true });
  };

  async function search(q: { text?: string; law?: string; type?: string; bank?: string; limit?: number }) {
    const builtin = new Set((await listBanks(deps.dataDir)).filter((b) => b.builtin).map((b) => b.name));
    const text = q.text?.trim();
    const hits = deps
      .all()
      .filter(
        (x) =>
          (!q.bank || x.bank === q.bank) &&
          (!q.law || x.basis.law === q.law) &&
          (!q.type || x.type === q.type) &&
          (!text || x.stem.includes(text) || x.id === text),
      );
    return {
      total: hits.length,
      questions: hits.slice(0, q.limit ?? 50).map((x) => ({
        id: x.id,
        bank: x.bank,
        readOnly: builtin.has(x.bank),
        type: x.type,
        stem: x.stem,
        options: x.options ?? null,
        answer: x.answer,
        explanation: x.explanation,
        law: x.basis.law,
        articles: x.basis.articles,
      })),
      laws: [...new Set(deps.all().map((x) => x.basis.law))].sort(),
    };
  }

  /** Reads the file and reports what an import would do; keeps it under an id for applying. */
  async function preview(bytes: Buffer, name: string, by: string) {
    for (const [id, u] of uploads) if (u.expiresAt <= now()) await drop(id);
    const dir = await mkdtemp(join(tmpdir(), 'pufa-bank-upload-'));
    const file = join(dir, name);
    await writeFile(file, bytes);
    const parsed = await parseBankFile(file, { laws: deps.laws });
    const id = randomBytes(16).toString('base64url');
    uploads.set(id, { dir, file, by, expiresAt: now() + KEEP_MS });
    if (parsed.fileError) await drop(id);
    return {
      id,
      bank: parsed.bank,
      rows: parsed.rows,
      questions: parsed.questions.length,
      errors: parsed.errors,
      warnings: parsed.warnings,
      canApply: !parsed.fileError && parsed.errors.length === 0 && parsed.questions.length > 0,
    };
  }

  /** Imports an upload without errors (a file with errors changes nothing) and reloads the bank. */
  async function apply(
    id: string,
    by: string,
  ): Promise<{ ok: true; result: ImportBankResult } | { ok: false; code: 'unknown' | 'invalid'; result?: ImportBankResult }> {
    const u = uploads.get(id);
    if (!u || u.by !== by) return { ok: false, code: 'unknown' };
    const result = await importBank(u.file, { dataDir: deps.dataDir, laws: deps.laws, questionsDir: deps.questionsDir, now: deps.clock.now() });
    if (!result.written) return { ok: false, code: 'invalid', result };
    await drop(id);
    await deps.reload();
    return { ok: true, result };
  }

  /**
   * Saves an edited question of an imported bank (check-bank's rules run first; a finding refuses the save) and
   * reloads the bank. The fields the console edits: stem, options, answer, explanation.
   */
  async function edit(id: string, changes: Pick<Question, 'stem' | 'answer' | 'explanation'> & { options?: string[] }) {
    const current = deps.all().find((q) => q.id === id);
    if (!current) return { ok: false as const, code: 'bank.unknown' as const, errors: [] };
    const { bank, file: _file, ...question } = current;
    const edited: Question = {
      ...question,
      stem: changes.stem,
      answer: changes.answer,
      explanation: changes.explanation,
      ...(changes.options ? { options: changes.options } : {}),
    };
    const r = await editBankQuestion({ dataDir: deps.dataDir, laws: deps.laws, bank, question: edited });
    if (r.ok) await deps.reload();
    return { ...r, bank };
  }

  return { search, preview, apply, edit };
}

export type BankConsole = ReturnType<typeof createBankConsole>;
