/**
 * Imported question banks, kept apart from the shipped bank (questions/): each is `<dataDir>/banks/<name>.json` in
 * our bank format, with its enabled flag in `<dataDir>/banks/banks.json`. Files are written atomically (temp + rename).
 *
 * `importBank` is all-or-nothing (a file with errors imports nothing unless `skipInvalid`) and updates by id;
 * `loadAllBanks` gives start-up the shipped bank plus every imported bank, and the names of disabled banks.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { NO_PROGRESS, type Progress } from '../core/progress.js';
import type { StatuteLibrary } from '../statutes/statute-library.js';
import { type BankFile, type BankIssue, type BankReport, checkBank, citationKey } from './check-bank.js';
import { type ImportIssue, parseBankFile } from './import/index.js';
import { readBankFiles, readCitationLock } from './load-bank.js';
import { BUILTIN_BANK, type Question } from './question-schema.js';

/** Folder under DATA_DIR holding the imported banks and the registry. */
export const BANKS_DIR = 'banks';
/** The registry of imported banks and their enabled flags, in BANKS_DIR. */
export const REGISTRY_FILE = 'banks.json';

const EntrySchema = z.object({
  enabled: z.boolean().default(true),
  source: z.string().optional(),
  importedAt: z.string().optional(),
  questions: z.number().int().optional(),
});
const RegistrySchema = z.object({ banks: z.record(z.string(), EntrySchema).default({}) });
type Registry = z.infer<typeof RegistrySchema>;

/** One bank as `listBanks` reports it. */
export interface BankEntry extends z.infer<typeof EntrySchema> {
  readonly name: string;
  /** True for the shipped bank (questions/), which can be disabled but not imported over. */
  readonly builtin: boolean;
}

/** Options of importBank. */
export interface ImportBankOptions {
  readonly dataDir: string;
  readonly laws: StatuteLibrary;
  /** Bank to import into; default: the name a JSON bank file carries, else the file name without extension. */
  readonly bankName?: string;
  /** Import the valid rows of a file that has bad rows (the bad rows are reported and skipped). */
  readonly skipInvalid?: boolean;
  /** The shipped bank's directory: its ids are reserved for it. */
  readonly questionsDir?: string;
  readonly now?: Date;
  /** Where the import shows its progress. */
  readonly progress?: Progress;
}

/** What an import did, with every error and warning (Chinese, row-numbered). */
export interface ImportBankResult {
  readonly bank: string;
  /** False when nothing was stored (errors without skipInvalid, or no valid question). */
  readonly written: boolean;
  /** Non-empty rows read from the file. */
  readonly rows: number;
  readonly imported: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Invalid rows left out (only with skipInvalid). */
  readonly skipped: number;
  /** Questions in the bank after the import. */
  readonly total: number;
  readonly errors: readonly ImportIssue[];
  readonly warnings: readonly ImportIssue[];
}

const bankPath = (dataDir: string, name: string) => join(dataDir, BANKS_DIR, `${name}.json`);

/** Imports a bank file (.xlsx, .csv, .json, .txt) into `<dataDir>/banks/<bank>.json`. */
export async function importBank(file: string, opts: ImportBankOptions): Promise<ImportBankResult> {
  const progress = opts.progress ?? NO_PROGRESS;
  const parsed = await parseBankFile(file, { laws: opts.laws, progress, ...(opts.bankName ? { bankName: opts.bankName } : {}) });
  const bank = parsed.bank;
  const none = { bank, written: false, rows: parsed.rows, imported: 0, updated: 0, unchanged: 0, skipped: 0, total: 0 };
  const nameProblem = bankNameProblem(bank);
  if (nameProblem) return { ...none, errors: [{ row: 0, message: nameProblem }], warnings: parsed.warnings };
  if (parsed.fileError) return { ...none, errors: parsed.errors, warnings: parsed.warnings };

  const stored = await readStoredBank(opts.dataDir, bank);
  const owners = await reservedIds(opts.dataDir, bank, opts.questionsDir);
  const errors = [...parsed.errors];
  const accepted: Question[] = [];
  for (const { row, sheet, question } of parsed.questions) {
    const owner = owners.get(question.id);
    if (owner) errors.push({ row, ...(sheet ? { sheet } : {}), message: `第 ${row} 行：编号 ${question.id} 已被题库「${owner}」使用，请改用其他编号` });
    else accepted.push(question);
  }
  const skipped = parsed.invalidRows + (parsed.questions.length - accepted.length);
  if ((errors.length > 0 && !opts.skipInvalid) || accepted.length === 0) {
    return { ...none, total: stored.questions.length, errors, warnings: parsed.warnings };
  }

  const byId = new Map(stored.questions.map((q) => [q.id, q]));
  let imported = 0,
    updated = 0,
    unchanged = 0;
  for (const q of accepted) {
    const before = byId.get(q.id);
    if (!before) imported++;
    else if (isDeepStrictEqual(before, q)) unchanged++;
    else updated++;
    byId.set(q.id, q);
  }
  const questions = [...byId.values()];
  const citations: Record<string, string> = { ...stored.citations };
  for (const q of accepted) {
    for (const label of q.basis.articles) {
      const article = q.basis.version ? opts.laws.article(q.basis.law, label) : undefined;
      if (article) citations[citationKey(q.basis.law, label)] = article.hash;
    }
  }
  const importedAt = (opts.now ?? new Date()).toISOString();
  progress.step('保存题库', 1);
  await writeJsonAtomic(bankPath(opts.dataDir, bank), { bank, source: basename(file), importedAt, citations, questions });
  const registry = await readRegistry(opts.dataDir);
  const enabled = registry.banks[bank]?.enabled ?? true;
  registry.banks[bank] = { enabled, source: basename(file), importedAt, questions: questions.length };
  await writeRegistry(opts.dataDir, registry);
  progress.update(1);
  return { bank, written: true, rows: parsed.rows, imported, updated, unchanged, skipped, total: questions.length, errors, warnings: parsed.warnings };
}

/** Enables or disables a bank ('builtin' included). Throws for an unknown imported bank. */
export async function setBankEnabled(dataDir: string, name: string, enabled: boolean): Promise<BankEntry> {
  const registry = await readRegistry(dataDir);
  const entry = registry.banks[name];
  if (!entry && name !== BUILTIN_BANK) throw new AppError('input.invalid', `没有名为「${name}」的导入题库（用 banks 查看已导入的题库）`, { bank: name });
  registry.banks[name] = { ...entry, enabled };
  await writeRegistry(dataDir, registry);
  return { name, builtin: name === BUILTIN_BANK, ...registry.banks[name]! };
}

/**
 * Deletes an imported bank: it leaves the registry (its questions are no longer served; a quiz already drawn
 * skips them) and its file moves to `banks/deleted/<name>.<time>.json`, kept for the record. The shipped bank
 * cannot be deleted (only disabled). Throws AppError('input.invalid') for the shipped bank or an unknown name.
 */
export async function deleteBank(dataDir: string, name: string, now: Date): Promise<{ readonly questions: number; readonly keptAt: string }> {
  if (name === BUILTIN_BANK) {
    throw new AppError('input.invalid', `内置题库「${BUILTIN_BANK}」不能删除；不想使用时可以停用：banks disable ${BUILTIN_BANK}`, { bank: name });
  }
  const registry = await readRegistry(dataDir);
  const entry = registry.banks[name];
  if (!entry) throw new AppError('input.invalid', `没有名为「${name}」的导入题库（用 banks 查看已导入的题库）`, { bank: name });
  const stored = await readStoredBank(dataDir, name);
  const keptAt = join(dataDir, BANKS_DIR, DELETED_DIR, `${name}.${now.toISOString().replace(/[:.]/g, '-')}.json`);
  await mkdir(join(dataDir, BANKS_DIR, DELETED_DIR), { recursive: true });
  try {
    await rename(bankPath(dataDir, name), keptAt);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  delete registry.banks[name];
  await writeRegistry(dataDir, registry);
  return { questions: stored.questions.length, keptAt };
}

/** Folder under BANKS_DIR where deleted banks' files are kept. */
export const DELETED_DIR = 'deleted';

/** The shipped bank first, then the imported banks by name, with their enabled flags. */
export async function listBanks(dataDir: string): Promise<BankEntry[]> {
  const { banks } = await readRegistry(dataDir);
  const builtin: BankEntry = { name: BUILTIN_BANK, builtin: true, enabled: banks[BUILTIN_BANK]?.enabled ?? true };
  const imported = Object.entries(banks)
    .filter(([name]) => name !== BUILTIN_BANK)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]): BankEntry => ({ name, builtin: false, ...e }));
  return [builtin, ...imported];
}

/** Every bank checked together, for start-up. */
export interface LoadedBanks {
  /** Shipped bank plus the imported banks that loaded cleanly. `errors` holds only the shipped bank's errors (fatal). */
  readonly report: BankReport;
  /** Banks switched off: pass to createQuestionBank so their questions are not served but still resolve by id. */
  readonly disabledBanks: readonly string[];
  /** Imported banks left out because they no longer check (e.g. a law text replaced); log these. */
  readonly refused: ReadonlyArray<{ readonly bank: string; readonly errors: readonly BankIssue[] }>;
}

/** Loads and checks the shipped bank (questionsDir) and every registered imported bank (dataDir) together. */
export async function loadAllBanks(opts: { questionsDir: string; dataDir: string; laws: StatuteLibrary }): Promise<LoadedBanks> {
  const { files, parseErrors } = await readBankFiles(opts.questionsDir);
  const registry = await readRegistry(opts.dataDir);
  const importedFiles: BankFile[] = [];
  const missing: BankIssue[] = [];
  for (const name of Object.keys(registry.banks)
    .filter((n) => n !== BUILTIN_BANK)
    .sort()) {
    const file = `${BANKS_DIR}/${name}.json`;
    try {
      const content = JSON.parse(await readFile(bankPath(opts.dataDir, name), 'utf8')) as Record<string, unknown>;
      importedFiles.push({ name: file, content: { ...content, bank: name } });
    } catch (err) {
      missing.push({ file, message: `cannot read imported bank: ${(err as Error).message}` });
    }
  }
  const report = checkBank([...files, ...importedFiles], opts.laws, await readCitationLock(opts.questionsDir));
  const importedNames = new Set(importedFiles.map((f) => f.name));
  const badFiles = new Set([...report.errors, ...missing].filter((e) => e.file.startsWith(`${BANKS_DIR}/`)).map((e) => e.file));
  const refused = [...badFiles].sort().map((file) => ({
    bank: file.slice(BANKS_DIR.length + 1, -'.json'.length),
    errors: [...missing, ...report.errors].filter((e) => e.file === file),
  }));
  const kept = report.questions.filter((q) => !badFiles.has(q.file));
  const keptIds = new Set(kept.map((q) => q.id));
  return {
    report: {
      questions: kept,
      errors: [...parseErrors, ...report.errors.filter((e) => !importedNames.has(e.file))],
      warnings: report.warnings,
      needsReview: report.needsReview.filter((id) => keptIds.has(id)),
    },
    disabledBanks: Object.entries(registry.banks)
      .filter(([, e]) => !e.enabled)
      .map(([name]) => name),
    refused,
  };
}

/** What saving an edited question found: written, or refused with check-bank's findings (nothing written). */
export type EditQuestionResult =
  | { readonly ok: true; readonly question: Question; readonly warnings: readonly BankIssue[] }
  | { readonly ok: false; readonly code: 'bank.readonly' | 'bank.unknown' | 'bank.invalid'; readonly errors: readonly BankIssue[] };

/**
 * Saves an edited question of an imported bank after check-bank's rules pass on the bank as it would be stored
 * (schema, answer against options, the cited articles, duplicates); the citations lock is brought up to the
 * article texts the edited question cites. The shipped bank is read-only (it lives in the repository).
 */
export async function editBankQuestion(opts: {
  readonly dataDir: string;
  readonly laws: StatuteLibrary;
  readonly bank: string;
  readonly question: Question;
}): Promise<EditQuestionResult> {
  if (opts.bank === BUILTIN_BANK) return { ok: false, code: 'bank.readonly', errors: [] };
  const registry = await readRegistry(opts.dataDir);
  const stored = registry.banks[opts.bank] ? await readStoredBank(opts.dataDir, opts.bank) : undefined;
  if (!stored?.questions.some((q) => q.id === opts.question.id)) return { ok: false, code: 'bank.unknown', errors: [] };
  const questions = stored.questions.map((q) => (q.id === opts.question.id ? opts.question : q));
  const citations: Record<string, string> = { ...stored.citations };
  for (const label of opts.question.basis?.articles ?? []) {
    const article = opts.laws.article(opts.question.basis.law, label);
    if (article) citations[citationKey(opts.question.basis.law, label)] = article.hash;
  }
  const file = `${BANKS_DIR}/${opts.bank}.json`;
  const report = checkBank([{ name: file, content: { bank: opts.bank, citations, questions } }], opts.laws);
  const mine = (i: BankIssue) => i.id === opts.question.id || i.id === undefined;
  const errors = report.errors.filter(mine);
  if (errors.length > 0) return { ok: false, code: 'bank.invalid', errors };
  const content = (await readJson(bankPath(opts.dataDir, opts.bank))) as Record<string, unknown>;
  await writeJsonAtomic(bankPath(opts.dataDir, opts.bank), { ...content, citations, questions });
  return { ok: true, question: opts.question, warnings: report.warnings.filter(mine) };
}

/** Why a bank name cannot be used, or undefined. Names become file names, so they are kept plain. */
export function bankNameProblem(name: string): string | undefined {
  if (name === BUILTIN_BANK || name === 'banks') return `题库名称「${name}」是保留名称，请用 --bank 另取一个名称`;
  if (!/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,39}$/u.test(name))
    return `题库名称「${name}」不可用：只能用汉字、字母、数字、-、_ 和 .，最多 40 个字符（可用 --bank 指定）`;
  return undefined;
}

async function readStoredBank(dataDir: string, name: string): Promise<{ questions: Question[]; citations: Record<string, string> }> {
  const content = await readJson(bankPath(dataDir, name));
  const bank = content as { questions?: Question[]; citations?: Record<string, string> } | undefined;
  return { questions: bank?.questions ?? [], citations: bank?.citations ?? {} };
}

/** Ids taken by other banks (shipped and imported), with the bank that holds each. */
async function reservedIds(dataDir: string, bank: string, questionsDir?: string): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const add = (content: unknown, owner: string) => {
    const questions = (content as { questions?: unknown } | undefined)?.questions;
    if (Array.isArray(questions)) for (const q of questions) if (typeof q?.id === 'string') owners.set(q.id, owner);
  };
  if (questionsDir) for (const f of (await readBankFiles(questionsDir)).files) add(f.content, BUILTIN_BANK);
  const { banks } = await readRegistry(dataDir);
  for (const other of Object.keys(banks).filter((n) => n !== bank && n !== BUILTIN_BANK)) add(await readJson(bankPath(dataDir, other)), other);
  return owners;
}

async function readRegistry(dataDir: string): Promise<Registry> {
  const parsed = RegistrySchema.safeParse((await readJson(join(dataDir, BANKS_DIR, REGISTRY_FILE))) ?? {});
  if (!parsed.success) {
    const file = join(dataDir, BANKS_DIR, REGISTRY_FILE);
    throw new AppError('store.corrupt', `题库登记文件 ${file} 已损坏（不是题库登记的格式）`, { file });
  }
  return parsed.data;
}

async function writeRegistry(dataDir: string, registry: Registry): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(registry.banks).sort(([a], [b]) => a.localeCompare(b)));
  await writeJsonAtomic(join(dataDir, BANKS_DIR, REGISTRY_FILE), { banks: sorted });
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeJsonAtomic(path: string, data: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 1)}\n`);
  await rename(tmp, path);
}
