/**
 * Parsing a bureau's bank file (.xlsx, .csv, .json, .txt) into questions of our bank format, with every bad row
 * reported by row number and reason. Nothing here writes: bank-registry.ts stores what an import accepts.
 */
import { basename, extname } from 'node:path';
import { NO_PROGRESS, type Progress } from '../../core/progress.js';
import type { StatuteLibrary } from '../../statutes/statute-library.js';
import { type ParsedBank, fileIssue, importRecords } from './import-rows.js';
import { type BankFormat, readBankSource } from './read-source.js';
import { bankSlug } from './row-to-question.js';

export type { ImportIssue, ParsedBank, ParsedRow, SourceRecord } from './import-rows.js';
export type { BankFormat } from './read-source.js';
export { importRecords } from './import-rows.js';
export { readBankSource } from './read-source.js';
export { bankSlug, makeId, rowToQuestion } from './row-to-question.js';
export { formatCitation, parseCitation } from './citation.js';
export { parseCsv, decodeText } from './csv.js';
export { parseTxt } from './txt.js';
export { questionCells } from './question-cells.js';

/** A parsed bank file: its questions and the report of every bad row. */
export interface ParsedBankFile extends ParsedBank {
  /** Bank name: as given, else the name a JSON bank file carries, else the file name without extension. */
  readonly bank: string;
  readonly format?: BankFormat;
  /** True when the file as a whole could not be read (errors then hold only file-level issues, row 0). */
  readonly fileError: boolean;
}

/**
 * Reads and checks a bank file against the carried statutes. Never throws for bad content.
 * Ids: a 编号 already in our id form is kept, other 编号 are prefixed with the bank's slug, rows without one get
 * the slug plus a hash of the stem (see makeId), so re-importing a file updates its questions.
 */
export async function parseBankFile(file: string, opts: { laws: StatuteLibrary; bankName?: string; progress?: Progress }): Promise<ParsedBankFile> {
  const progress = opts.progress ?? NO_PROGRESS;
  progress.step('读取题库文件', 1);
  const source = await readBankSource(file);
  progress.update(1);
  const bank = opts.bankName ?? source.bankName ?? basename(file, extname(file));
  const format = source.format ? { format: source.format } : {};
  if (source.fileErrors.length > 0) {
    return { bank, ...format, fileError: true, questions: [], errors: source.fileErrors.map(fileIssue), warnings: source.warnings, rows: 0, invalidRows: 0 };
  }
  progress.step('检查题目', source.records.length);
  const parsed = importRecords(source.records, { slug: bankSlug(bank), laws: opts.laws, onRecord: (done) => progress.update(done) });
  if (parsed.rows === 0) {
    return { bank, ...format, fileError: true, ...parsed, errors: [fileIssue('文件中没有题目（表头下面没有填写内容的行）')], warnings: source.warnings };
  }
  return { bank, ...format, fileError: false, ...parsed, warnings: [...source.warnings, ...parsed.warnings] };
}
