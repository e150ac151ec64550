/**
 * Reads a bank file of any supported format into source records (the I/O half of an import).
 * .xlsx (every worksheet with a recognisable header), .csv (UTF-8 or GB18030), .json (our bank format or an
 * array of rows keyed by Chinese headers) and .txt (the pasted Word layouts, see txt.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../xlsx/exceljs.js';
import { BUILTIN_BANK, QUESTION_TYPES, type QuestionType } from '../question-schema.js';
import { decodeText, parseCsv } from './csv.js';
import { type Field, REQUIRED_FIELDS, missingColumnsMessage } from './headers.js';
import { type ImportIssue, type SourceRecord, fileIssue } from './import-rows.js';
import { jsonItemCells } from './question-cells.js';
import { type TableRow, readTable } from './table.js';
import { parseTxt } from './txt.js';
import { parseType } from './values.js';

/** The file formats an import reads (chosen by extension). */
export type BankFormat = 'xlsx' | 'csv' | 'json' | 'txt';

/** A bank file read into rows, before the rows are checked. */
export interface SourceFile {
  readonly format?: BankFormat;
  readonly records: readonly SourceRecord[];
  /** File-level errors (unreadable file, missing required column): nothing in the file is imported. */
  readonly fileErrors: readonly string[];
  readonly warnings: readonly ImportIssue[];
  /** The bank name a JSON bank file gives itself. */
  readonly bankName?: string;
}

const FORMATS: Readonly<Record<string, BankFormat>> = { '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.csv': 'csv', '.tsv': 'csv', '.json': 'json', '.txt': 'txt' };

/** Reads `file` by its extension. Never throws for bad content: problems come back as file errors. */
export async function readBankSource(file: string): Promise<SourceFile> {
  const ext = extname(file).toLowerCase();
  const format = FORMATS[ext];
  if (!format) {
    const hint = ext === '.xls' ? '请在 Excel 中另存为 .xlsx 后再导入' : '支持 .xlsx、.csv、.json、.txt';
    return { records: [], fileErrors: [`不支持的文件类型 ${ext || '（无扩展名）'}：${hint}`], warnings: [] };
  }
  try {
    const bytes = await readFile(file);
    if (format === 'xlsx') return { format, ...(await readXlsx(bytes)) };
    const text = decodeText(bytes);
    if (format === 'csv') return { format, ...fromTables([{ rows: parseCsv(text).map((values, i) => ({ row: i + 1, values })) }]) };
    if (format === 'txt') {
      const { records, fileError } = parseTxt(text);
      return { format, records, fileErrors: fileError ? [fileError] : [], warnings: [] };
    }
    return { format, ...readJson(text) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { format, records: [], fileErrors: [`找不到文件 ${file}`], warnings: [] };
    return { format, records: [], fileErrors: [`无法读取文件 ${file}（${code ?? '读取出错'}）`], warnings: [] };
  }
}

interface Sheet {
  readonly name?: string;
  readonly rows: readonly TableRow[];
}

async function readXlsx(bytes: Buffer): Promise<Omit<SourceFile, 'format'>> {
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    // exceljs types its Buffer as an ArrayBuffer; at run time it takes a Node Buffer.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      records: [],
      fileErrors: ['不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）；请在 Excel/WPS 中打开后另存为 .xlsx 再导入'],
      warnings: [],
    };
  }
  const sheets: Sheet[] = workbook.worksheets.map((ws) => {
    const rows: TableRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      const values: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) values.push(cellText(row.getCell(c)));
      rows.push({ row: n, values });
    });
    return { name: ws.name, rows };
  });
  return fromTables(sheets);
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    return String(cell.value ?? '');
  }
}

/** Reads each sheet's table; sheets without any header (instructions) are skipped, noted unless named 说明. */
function fromTables(sheets: readonly Sheet[]): Omit<SourceFile, 'format'> {
  const warnings: ImportIssue[] = [];
  const nonEmpty = sheets.filter((s) => s.rows.some((r) => r.values.some((v) => v.trim() !== '')));
  if (nonEmpty.length === 0) return { records: [], fileErrors: ['文件中没有数据'], warnings };
  const tables = nonEmpty.map((s) => ({ sheet: s, table: readTable(s.rows) }));
  const data = tables.filter((t) => t.table.hasHeader);
  if (data.length === 0) return { records: [], fileErrors: [tables[0]!.table.fileError!], warnings };
  const named = data.length > 1;
  for (const t of tables.filter((x) => !x.table.hasHeader && !/^(填写)?说明/.test(x.sheet.name ?? ''))) {
    warnings.push(fileIssue(`忽略工作表「${t.sheet.name}」：没有找到表头`));
  }
  const fileErrors = data.filter((t) => t.table.fileError).map((t) => `${named ? `工作表「${t.sheet.name}」` : ''}${t.table.fileError}`);
  const records: SourceRecord[] = [];
  for (const { sheet } of data) {
    const hint = sheet.name ? parseType(sheet.name) : undefined;
    const typeHint = (QUESTION_TYPES as readonly string[]).includes(hint ?? '') ? (hint as QuestionType) : undefined;
    const table = readTable(sheet.rows, { ...(named ? { sheet: sheet.name } : {}), ...(typeHint ? { typeHint } : {}) });
    records.push(...table.records);
    if (table.ignoredColumns.length > 0) {
      warnings.push(fileIssue(`${named ? `工作表「${sheet.name}」` : ''}忽略无法识别的列：${table.ignoredColumns.join('、')}`));
    }
  }
  return { records, fileErrors, warnings };
}

function readJson(text: string): Omit<SourceFile, 'format'> {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (err) {
    return { records: [], fileErrors: [`不是有效的 JSON（${jsonWhere((err as Error).message)}）`], warnings: [] };
  }
  const bankFile = typeof content === 'object' && content !== null && !Array.isArray(content) ? (content as Record<string, unknown>) : undefined;
  const items = Array.isArray(content) ? content : bankFile && Array.isArray(bankFile.questions) ? bankFile.questions : undefined;
  if (!items) return { records: [], fileErrors: ['JSON 应为题库文件 {"bank": …, "questions": […]}，或题目数组 [{"题型": …, "题干": …}, …]'], warnings: [] };
  const bankName = typeof bankFile?.bank === 'string' && bankFile.bank !== BUILTIN_BANK ? bankFile.bank : undefined;
  const records: SourceRecord[] = [];
  const fields = new Set<Field>();
  const keys = new Set<string>();
  const fileErrors: string[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fileErrors.push(`第 ${i + 1} 项不是一道题（应为对象）`);
      return;
    }
    for (const k of Object.keys(item)) keys.add(k);
    const { cells, fields: found } = jsonItemCells(item as Record<string, unknown>);
    for (const f of found) fields.add(f);
    records.push({ row: i + 1, cells });
  });
  const missing = REQUIRED_FIELDS.filter((f) => !fields.has(f));
  if (records.length > 0 && missing.length > 0) fileErrors.push(missingColumnsMessage([...keys], missing));
  return { records, fileErrors, warnings: [], ...(bankName ? { bankName } : {}) };
}

/** Where JSON.parse stopped ("position 12"), said in Chinese. */
function jsonWhere(message: string): string {
  const at = /position (\d+)/.exec(message);
  return at ? `第 ${Number(at[1]) + 1} 个字符处有误` : '格式有误';
}
