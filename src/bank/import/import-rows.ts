/**
 * The format-independent half of an import: rows of cells in, checked questions and a per-row report out. Pure.
 * Empty rows are skipped silently (also template rows with only 题型/编号/难度 pre-filled); a row with any error
 * yields no question; ids must be unique in the file.
 */

/** A row with none of these filled is an empty row. */
const CONTENT_FIELDS: readonly Field[] = ['stem', 'answer', 'basis', 'explanation', 'options', ...OPTION_FIELDS];
import type { StatuteLibrary } from '../../statutes/statute-library.js';
import type { Question, QuestionType } from '../question-schema.js';
import { type Cells, type Field, OPTION_FIELDS } from './headers.js';
import { rowToQuestion } from './row-to-question.js';

/** One row of a bank file, as read by a format reader. */
export interface SourceRecord {
  /** Row number as the admin sees it (spreadsheet row, CSV record + header, txt line, JSON item). */
  readonly row: number;
  /** Worksheet name, when the workbook has several sheets of questions. */
  readonly sheet?: string;
  readonly cells: Cells;
  readonly typeHint?: QuestionType;
  readonly scoreHint?: number;
}

/** An error or warning of an import. `row` 0 is about the whole file. */
export interface ImportIssue {
  readonly row: number;
  readonly sheet?: string;
  /** Chinese, prefixed with the place: "第 5 行：答案 E 不在选项中（A–D）". */
  readonly message: string;
}

/** A row that became a question. */
export interface ParsedRow {
  readonly row: number;
  readonly sheet?: string;
  readonly question: Question;
}

/** The outcome of checking the rows of one file. */
export interface ParsedBank {
  readonly questions: readonly ParsedRow[];
  readonly errors: readonly ImportIssue[];
  readonly warnings: readonly ImportIssue[];
  /** Non-empty rows read. */
  readonly rows: number;
  /** Rows with at least one error (these give no question). */
  readonly invalidRows: number;
}

/** "第 5 行" or "工作表「多选题」第 5 行". */
export function place(row: number, sheet?: string): string {
  return `${sheet ? `工作表「${sheet}」` : ''}第 ${row} 行`;
}

/** A file-level issue (row 0). */
export function fileIssue(message: string): ImportIssue {
  return { row: 0, message };
}

/** Checks every record; collects every problem rather than stopping at the first. */
export function importRecords(
  records: readonly SourceRecord[],
  ctx: { slug: string; laws: StatuteLibrary /** Called after each record with the count done (progress). */; onRecord?: (done: number) => void },
): ParsedBank {
  const questions: ParsedRow[] = [];
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const seen = new Map<string, SourceRecord>();
  let rows = 0;
  let invalidRows = 0;
  for (const [k, record] of records.entries()) {
    ctx.onRecord?.(k + 1);
    if (!CONTENT_FIELDS.some((f) => (record.cells[f] ?? '').trim() !== '')) continue;
    rows++;
    const at = (message: string): ImportIssue => ({
      row: record.row,
      ...(record.sheet ? { sheet: record.sheet } : {}),
      message: `${place(record.row, record.sheet)}：${message}`,
    });
    const result = rowToQuestion(record.cells, { slug: ctx.slug, laws: ctx.laws, typeHint: record.typeHint, scoreHint: record.scoreHint });
    const rowErrors = [...result.errors];
    const q = result.question;
    const earlier = q ? seen.get(q.id) : undefined;
    if (q && earlier) {
      const there = place(earlier.row, earlier.sheet);
      rowErrors.push(record.cells.id ? `编号「${record.cells.id}」与${there}重复` : `题干与${there}相同（重复的题目）`);
    }
    warnings.push(...result.warnings.map(at));
    if (rowErrors.length > 0 || !q) {
      invalidRows++;
      errors.push(...rowErrors.map(at));
      continue;
    }
    seen.set(q.id, record);
    questions.push({ row: record.row, ...(record.sheet ? { sheet: record.sheet } : {}), question: q });
  }
  return { questions, errors, warnings, rows, invalidRows };
}
