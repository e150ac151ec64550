/**
 * Reads a roster file into rows of cell texts with their sheet row numbers (as Excel shows them, 1-based).
 * .xlsx through exceljs (the first sheet with a 姓名/部门 header; merged cells repeat their value);
 * .csv/.tsv/.txt as UTF-8 (with or without BOM) or GB18030, the encoding Excel on Chinese Windows saves.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../xlsx/exceljs.js';
import { isHeaderRow } from './headers.js';

export interface SheetRow {
  /** 1-based row number in the sheet (line number of the record's start for CSV). */
  readonly row: number;
  readonly cells: readonly string[];
}

/** A file that cannot be read as a roster; the message is for admins. */
export class RosterFileError extends Error {}

/** Reads the file's rows; throws RosterFileError when it cannot be read. */
export async function readRosterRows(file: string): Promise<SheetRow[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new RosterFileError(code === 'ENOENT' ? `找不到文件 ${file}` : `无法读取文件 ${file}（${code ?? '读取出错'}）`);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.xls' || ext === '.et') throw new RosterFileError('不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 或 .csv 后再导入');
  const zip = bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (ext === '.xlsx' || ext === '.xlsm' || (zip && ext !== '.csv')) return xlsxRows(bytes);
  return parseCsv(decodeText(bytes));
}

async function xlsxRows(bytes: Buffer): Promise<SheetRow[]> {
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new RosterFileError('不是有效的 Excel (.xlsx) 文件（可能已损坏，或是改了扩展名的其他文件）；请在 Excel/WPS 中打开后另存为 .xlsx 再导入');
  }
  let first: SheetRow[] | undefined;
  for (const ws of wb.worksheets) {
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
      rows.push({ row: rowNumber, cells });
    });
    first ??= rows;
    if (rows.slice(0, 10).some((r) => isHeaderRow(r.cells))) return rows;
  }
  return first ?? [];
}

/** The text of an exceljs cell value: rich text, hyperlinks and formula results included. */
export function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
  return '';
}

/** UTF-8 when valid (BOM stripped), else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, line breaks in quotes); tab-separated when the first line has more tabs than commas. */
export function parseCsv(text: string): SheetRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const rows: SheetRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ row: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}
