/**
 * Writes questions as the Excel template the importer reads (one row per question), laid out for editing:
 * frozen header, filters, column widths, wrapped text, drop-downs for 题型 and 难度, and a 说明 sheet.
 * Exporting and importing the file again gives the same questions.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadExcelJS } from '../xlsx/exceljs.js';
import { type Field, FIELD_LABELS, OPTION_FIELDS } from './import/headers.js';
import { questionCells } from './import/question-cells.js';
import type { Question } from './question-schema.js';

interface Column {
  readonly field: Field;
  readonly width: number;
  readonly wrap?: boolean;
}

/** The template's columns, in order. */
export const TEMPLATE_COLUMNS: readonly Column[] = [
  { field: 'type', width: 9 },
  { field: 'id', width: 26 },
  { field: 'stem', width: 50, wrap: true },
  ...OPTION_FIELDS.map((field): Column => ({ field, width: 22, wrap: true })),
  { field: 'answer', width: 8 },
  { field: 'explanation', width: 60, wrap: true },
  { field: 'score', width: 7 },
  { field: 'difficulty', width: 7 },
  { field: 'basis', width: 30, wrap: true },
  { field: 'tracks', width: 18 },
  { field: 'topic', width: 16 },
  { field: 'case', width: 8 },
];

const NOTES: ReadonlyArray<[string, string]> = [
  ['题型', '单选题、多选题 或 判断题'],
  ['编号', '题目的固定编号。修改题目时请保留编号，重新导入会按编号更新；新题可留空（系统按题干生成编号）'],
  ['题干', '必填。请在题干中写明法律名称，如“根据《行政处罚法》，……”'],
  ['选项A…选项H', '选择题至少两个选项，从选项A起连续填写；判断题不填'],
  ['答案', '必填。单选如 B；多选如 ABD（也可写 A,B,D）；判断写 对 或 错'],
  ['解析', '说明答案为什么正确，引用或转述所依据的条文'],
  ['分值', '可选，正数'],
  ['难度', '1 基础、2 中等、3 较难（也可写 易/中/难）'],
  ['法律依据', '必填。如《行政处罚法》第三十六条第一款、第三十七条；收录的法律会核对条文是否存在'],
  ['适用对象', '全员、领导干部、执法人员，可填多个，用顿号分隔；不填为全员'],
  ['知识点', '可选，简短，如 处罚时效'],
  ['案例题', '可选：案例分析题填 是（题干描述一个工作中的情境），其余留空'],
];

/** Writes `questions` to `file` (.xlsx). Returns the number of question rows written. */
export async function exportBankXlsx(questions: readonly Question[], file: string): Promise<{ rows: number }> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'pufa-bot';
  const sheet = workbook.addWorksheet('题库', { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({
    header: FIELD_LABELS[c.field],
    key: c.field,
    width: c.width,
    style: { alignment: { vertical: 'top', wrapText: c.wrap ?? false } },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: TEMPLATE_COLUMNS.length } };

  const typeColumn = TEMPLATE_COLUMNS.findIndex((c) => c.field === 'type') + 1;
  const difficultyColumn = TEMPLATE_COLUMNS.findIndex((c) => c.field === 'difficulty') + 1;
  for (const q of questions) {
    const cells = questionCells(q);
    const row = sheet.addRow({ ...cells, difficulty: q.difficulty, ...(q.score !== undefined ? { score: q.score } : {}) });
    row.getCell(typeColumn).dataValidation = { type: 'list', allowBlank: false, formulae: ['"单选题,多选题,判断题"'] };
    row.getCell(difficultyColumn).dataValidation = { type: 'list', allowBlank: true, formulae: ['"1,2,3"'] };
  }

  const notes = workbook.addWorksheet('说明');
  notes.columns = [
    { header: '列', key: 'column', width: 14 },
    { header: '填写说明', key: 'note', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const [column, note] of NOTES) notes.addRow({ column, note });

  await mkdir(dirname(file), { recursive: true });
  await workbook.xlsx.writeFile(file);
  return { rows: questions.length };
}
