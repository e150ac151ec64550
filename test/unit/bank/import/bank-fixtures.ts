/**
 * Shared fixtures for the bank import tests: the carried statutes, temp dirs, and workbooks generated with exceljs
 * (no committed binaries).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadStatuteLibrary } from '../../../../src/statutes/statute-library.js';

export const ROOT = new URL('../../../../', import.meta.url).pathname;
export const FIXTURES = join(ROOT, 'test/fixtures/bank');
export const laws = await loadStatuteLibrary(join(ROOT, 'laws'));

export function tmpDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'pufa-bank-'));
}

export interface SheetSpec {
  readonly name: string;
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
}

/** Writes a workbook; `null` cells stay empty, an empty array is an empty row. */
export async function writeWorkbook(file: string, sheets: readonly SheetSpec[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    spec.rows.forEach((values, i) => {
      values.forEach((v, c) => {
        if (v !== null) sheet.getCell(i + 1, c + 1).value = v;
      });
    });
  }
  await workbook.xlsx.writeFile(file);
  return file;
}

export const HEADER = ['题型', '编号', '题干', '选项A', '选项B', '选项C', '选项D', '答案', '解析', '难度', '法律依据', '适用对象', '知识点'];

/** Valid rows over real articles, in three types; `n` makes the stem and id distinct. */
export function validRow(n: number): Array<string | number | null> {
  switch (n % 3) {
    case 0:
      return [
        '单选',
        `Q${n}`,
        `第${n}题：根据《行政处罚法》，违法行为在多长时间内未被发现的，一般不再给予行政处罚？`,
        '一年',
        '二年',
        '三年',
        '五年',
        'B',
        '《行政处罚法》第三十六条第一款规定，违法行为在二年内未被发现的，不再给予行政处罚。',
        1,
        '《行政处罚法》第三十六条第一款',
        '全员',
        '处罚时效',
      ];
    case 1:
      return [
        '多选',
        `Q${n}`,
        `第${n}题：根据《行政处罚法》，当场作出行政处罚决定应当符合的条件包括（ ）。`,
        '违法事实确凿',
        '有法定依据',
        '对公民处以二百元以下罚款或者警告',
        '对公民处以二万元以下罚款',
        'A,B,C',
        '《行政处罚法》第五十一条规定了当场作出行政处罚决定的条件。',
        '中',
        '《行政处罚法》第五十一条',
        '执法人员',
        '简易程序',
      ];
    default:
      return [
        '判断',
        `Q${n}`,
        `第${n}题：根据《行政处罚法》，执法人员不得少于两人，法律另有规定的除外。`,
        null,
        null,
        null,
        null,
        '√',
        '《行政处罚法》第四十二条第一款规定，执法人员不得少于两人，法律另有规定的除外。',
        3,
        '《行政处罚法》第四十二条',
        '全员、执法人员',
        '执法人员',
      ];
  }
}
