import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, test } from 'vitest';
import { importBank } from '../../../src/bank/bank-registry.js';
import { exportBankXlsx } from '../../../src/bank/export-xlsx.js';
import { parseBankFile } from '../../../src/bank/import/index.js';
import { loadBank } from '../../../src/bank/load-bank.js';
import type { Question } from '../../../src/bank/question-schema.js';
import { FIXTURES, ROOT, laws, tmpDir } from './import/bank-fixtures.js';

const shipped = await loadBank(join(ROOT, 'questions'), laws);
const plain = (questions: readonly (Question & { bank?: string; file?: string })[]): Question[] => questions.map(({ bank: _b, file: _f, ...q }) => q);

describe('exportBankXlsx', () => {
  test('round trip export → import of the whole shipped bank gives identical questions', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'builtin.xlsx');
    const original = plain(shipped.questions);
    expect(original.length).toBeGreaterThanOrEqual(500);
    expect(await exportBankXlsx(original, file)).toEqual({ rows: original.length });
    const back = await parseBankFile(file, { laws, bankName: 'builtin' });
    expect(back.errors).toEqual([]);
    expect(back.warnings).toEqual([]);
    expect(back.questions.map((q) => q.question)).toEqual(original);
  });

  test('writes the template the importer reads, formatted for editing', async () => {
    const dir = await tmpDir();
    const file = join(dir, 'template.xlsx');
    await exportBankXlsx(plain(shipped.questions.slice(0, 3)), file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('题库')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '题型',
      '编号',
      '题干',
      '选项A',
      '选项B',
      '选项C',
      '选项D',
      '选项E',
      '选项F',
      '选项G',
      '选项H',
      '答案',
      '解析',
      '分值',
      '难度',
      '法律依据',
      '适用对象',
      '知识点',
      '案例题',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(40);
    expect(sheet.getCell(2, 3).alignment).toMatchObject({ wrapText: true });
    expect(sheet.getCell(1, 1).font).toMatchObject({ bold: true });
    expect(sheet.getCell(2, 1).text).toMatch(/^(单选题|多选题|判断题)$/);
    expect(sheet.getCell(2, 16).text).toMatch(/^《.+》第.+条/);
    expect(workbook.getWorksheet('说明')).toBeDefined();
    expect(sheet.rowCount).toBe(4);
  });

  test('an imported bank (分值, a law not carried, several tracks) exports and re-imports unchanged', async () => {
    const dataDir = await tmpDir();
    const first = await importBank(join(FIXTURES, 'good.csv'), { dataDir, laws, bankName: 'good' });
    expect(first.imported).toBe(5);
    const parsed = await parseBankFile(join(FIXTURES, 'good.csv'), { laws });
    const questions = parsed.questions.map((q) => q.question);
    const file = join(dataDir, 'good.xlsx');
    await exportBankXlsx(questions, file);
    const back = await parseBankFile(file, { laws, bankName: 'good' });
    expect(back.questions.map((q) => q.question)).toEqual(questions);
    expect(await importBank(file, { dataDir, laws, bankName: 'good' })).toMatchObject({ written: true, imported: 0, updated: 0, unchanged: 5 });
  });
});
