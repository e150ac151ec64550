/**
 * Rows of a sheet (xlsx worksheet, CSV file, JSON array) → source records: finds the header row (it may sit
 * below a title row), maps its columns and reports a missing required column as a file-level error. Pure.
 */
import type { QuestionType } from '../question-schema.js';
import { knownHeaderCount, mapHeaders, missingColumnsMessage, rowCells } from './headers.js';
import type { SourceRecord } from './import-rows.js';

/** One row of a sheet, as text cells. */
export interface TableRow {
  /** Row number as the admin sees it (1-based, header included). */
  readonly row: number;
  readonly values: readonly string[];
}

/** The records of one sheet, or why it has none. */
export interface TableResult {
  readonly records: SourceRecord[];
  /** Set when the sheet has no usable header: missing required columns (message names found and expected). */
  readonly fileError?: string;
  /** Unknown or repeated header names (ignored). */
  readonly ignoredColumns: readonly string[];
  /** False when no row looks like a header at all (e.g. an instructions sheet). */
  readonly hasHeader: boolean;
}

const HEADER_SEARCH_ROWS = 10;

/** Finds the header among the first non-empty rows (the first naming ≥ 2 known columns) and reads the rows below. */
export function readTable(rows: readonly TableRow[], opts: { sheet?: string; typeHint?: QuestionType } = {}): TableResult {
  const nonEmpty = rows.filter((r) => r.values.some((v) => v.trim() !== ''));
  const candidates = nonEmpty.slice(0, HEADER_SEARCH_ROWS);
  const headerIndex = candidates.findIndex((r) => knownHeaderCount(r.values) >= 2);
  if (headerIndex < 0) {
    const found = nonEmpty[0]?.values ?? [];
    return { records: [], fileError: missingColumnsMessage(found, ['stem', 'answer', 'basis']), ignoredColumns: [], hasHeader: false };
  }
  const header = candidates[headerIndex]!;
  const map = mapHeaders(header.values);
  if (map.missing.length > 0) {
    return { records: [], fileError: missingColumnsMessage(header.values, map.missing), ignoredColumns: [], hasHeader: true };
  }
  const records = nonEmpty.slice(headerIndex + 1).map((r) => ({
    row: r.row,
    ...(opts.sheet ? { sheet: opts.sheet } : {}),
    cells: rowCells(r.values, map.columns),
    ...(opts.typeHint ? { typeHint: opts.typeHint } : {}),
  }));
  return { records, ignoredColumns: [...map.unknown, ...map.repeated], hasHeader: true };
}
