import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseBankFile } from '../../../../src/bank/import/index.js';
import { HEADER, laws, tmpDir, validRow, writeWorkbook } from './bank-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await tmpDir();
});

const messages = (r: { errors: ReadonlyArray<{ message: string }> }) => r.errors.map((e) => e.message);

describe('xlsx import', () => {
  test('a good workbook: title row above the header, empty and pre-filled template rows skipped, every field read', async () => {
    const file = await writeWorkbook(join(dir, 'good.xlsx'), [
      {
        name: 'Sheet1',
        rows: [
          ['2024年执法资格考试题库'],
          HEADER,
          validRow(0),
          [],
          validRow(1),
          [null, null, null],
          validRow(2),
          ['单选', 'Q99', null, null, null, null, null, null, null, 2],
        ],
      },
    ]);
    const r = await parseBankFile(file, { laws, bankName: 'zfzg' });
    expect(messages(r)).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.rows).toBe(3);
    expect(r.questions.map((q) => q.row)).toEqual([3, 5, 7]);
    const [single, multiple, judge] = r.questions.map((q) => q.question);
    expect(single).toEqual({
      id: 'zfzg-q0',
      type: 'single',
      stem: validRow(0)[2],
      options: ['一年', '二年', '三年', '五年'],
      answer: 'B',
      explanation: validRow(0)[8],
      basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1, version: '2021-01-22' },
      tracks: ['全员'],
      topic: '处罚时效',
      difficulty: 1,
    });
    expect(multiple).toMatchObject({ type: 'multiple', answer: 'ABC', tracks: ['执法人员'], difficulty: 2 });
    expect(judge).toMatchObject({ type: 'judge', answer: '对', tracks: ['全员', '执法人员'], difficulty: 3 });
    expect(judge).not.toHaveProperty('options');
  });

  test('a wrong or missing required column is a file-level error naming the columns found and expected', async () => {
    const header = HEADER.map((h) => (h === '题干' ? '题目名称' : h));
    const file = await writeWorkbook(join(dir, 'wrong-column.xlsx'), [{ name: '题库', rows: [header, validRow(0)] }]);
    const r = await parseBankFile(file, { laws });
    expect(r.fileError).toBe(true);
    expect(r.questions).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.row).toBe(0);
    expect(r.errors[0]!.message).toContain('缺少必需的列：题干（可写作 题干/题目/试题/题目内容/问题');
    expect(r.errors[0]!.message).toContain('文件中的列：题型、编号、题目名称、选项A');
  });

  test('bad rows are reported with their row number and reason', async () => {
    const row = (n: number, patch: Record<number, string | number | null>) => validRow(n).map((v, i) => (i in patch ? patch[i]! : v));
    const file = await writeWorkbook(join(dir, 'broken.xlsx'), [
      {
        name: '题库',
        rows: [
          HEADER,
          row(0, { 7: null }),
          row(3, { 7: 'E' }),
          row(6, { 1: 'Q0' }),
          row(9, {}),
          row(1, { 7: 'B' }),
          row(2, { 7: 'C' }),
          row(4, { 10: '《行政处罚法》第九百条' }),
        ],
      },
    ]);
    const r = await parseBankFile(file, { laws });
    expect(messages(r)).toEqual([
      '第 2 行：缺少答案',
      '第 3 行：答案 E 不在选项中（A–D）',
      '第 6 行：多选题至少有两个正确选项（答案为 B；若是单选题请改题型）',
      '第 7 行：判断题的答案「C」无法识别（应为 对/错、√/× 或 正确/错误）',
      '第 8 行：《行政处罚法》没有第九百条（收录文本为 2021-01-22 版）',
    ]);
    expect(r.questions.map((q) => q.row)).toEqual([4, 5]);
  });

  test('a duplicate id is an error on the later row', async () => {
    const second = validRow(3);
    second[1] = 'Q0';
    const file = await writeWorkbook(join(dir, 'dup.xlsx'), [{ name: '题库', rows: [HEADER, validRow(0), second] }]);
    const r = await parseBankFile(file, { laws });
    expect(messages(r)).toEqual(['第 3 行：编号「Q0」与第 2 行重复']);
  });

  test('one sheet per type: the sheet name gives the type, errors name the sheet, 说明 sheets are skipped', async () => {
    const noType = (n: number) => validRow(n).slice(1);
    const file = await writeWorkbook(join(dir, 'sheets.xlsx'), [
      { name: '说明', rows: [['本题库按题型分工作表']] },
      { name: '单选题', rows: [HEADER.slice(1), noType(0), noType(3)] },
      { name: '多选题', rows: [HEADER.slice(1), noType(1), [...noType(4).slice(0, 6), 'E', ...noType(4).slice(7)]] },
    ]);
    const r = await parseBankFile(file, { laws });
    expect(messages(r)).toEqual(['工作表「多选题」第 3 行：答案 E 不在选项中（A–D）']);
    expect(r.questions.map((q) => q.question.type)).toEqual(['single', 'single', 'multiple']);
    expect(r.warnings).toEqual([]);
  });

  test('a 3,000-row file imports every row', async () => {
    const rows = [HEADER, ...Array.from({ length: 3000 }, (_, n) => validRow(n))];
    const file = await writeWorkbook(join(dir, 'big.xlsx'), [{ name: '题库', rows }]);
    const started = Date.now();
    const r = await parseBankFile(file, { laws, bankName: 'big' });
    expect(messages(r)).toEqual([]);
    expect(r.rows).toBe(3000);
    expect(r.questions).toHaveLength(3000);
    expect(new Set(r.questions.map((q) => q.question.id)).size).toBe(3000);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test('unsupported and unreadable files are file-level errors', async () => {
    expect(messages(await parseBankFile(join(dir, 'old.xls'), { laws }))).toEqual([expect.stringContaining('另存为 .xlsx')]);
    expect(messages(await parseBankFile(join(dir, 'missing.xlsx'), { laws }))).toEqual([expect.stringContaining('找不到文件')]);
  });
});
