import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseBankFile, parseTxt } from '../../../../src/bank/import/index.js';
import { FIXTURES, laws } from './bank-fixtures.js';

const messages = (issues: ReadonlyArray<{ message: string }>) => issues.map((e) => e.message);

describe('txt import: the numbered Word layout', async () => {
  const r = await parseBankFile(join(FIXTURES, 'numbered.txt'), { laws });
  const q = (row: number) => r.questions.find((x) => x.row === row)?.question;

  test('reads every question, by the line it starts on', () => {
    expect(messages(r.errors)).toEqual([]);
    expect(r.questions.map((x) => x.row)).toEqual([4, 8, 16, 21, 23]);
  });
  test('section headers set the type and the 分值 (每题2分)', () => {
    expect(r.questions.map((x) => [x.question.type, x.question.score])).toEqual([
      ['single', 2],
      ['single', 2],
      ['multiple', 3],
      ['judge', undefined],
      ['judge', undefined],
    ]);
  });
  test('options on one line, on several lines, and run together without spaces', () => {
    expect(q(4)).toMatchObject({
      stem: '根据《行政处罚法》，违法行为在（ ）内未被发现的，一般不再给予行政处罚。',
      options: ['一年', '二年', '三年', '五年'],
      answer: 'B',
    });
    expect(q(8)!.options).toEqual(['十日', '二十日', '三十日', '四十五日']);
    expect(q(16)).toMatchObject({
      options: ['违法事实确凿', '有法定依据', '对公民处以二百元以下罚款或者警告', '对公民处以二万元以下罚款'],
      answer: 'ABC',
      difficulty: 2,
    });
  });
  test('答案/解析/依据 on one line or several; the answer may sit in the stem as （B） or （√）', () => {
    expect(q(4)).toMatchObject({
      explanation: expect.stringContaining('二年内未被发现'),
      basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1 },
    });
    expect(q(8)).toMatchObject({ answer: 'B', stem: expect.stringContaining('之日起（ ）内作出') });
    expect(q(21)).toMatchObject({ answer: '对', stem: '根据《行政处罚法》，行政处罚应当由具有行政执法资格的执法人员实施。' });
    expect(q(23)).toMatchObject({ answer: '错', explanation: expect.stringContaining('不得少于两人') });
  });
  test('a missing 解析 is filled from the cited article, with a warning', () => {
    expect(q(8)!.explanation).toMatch(/^《行政许可法》第四十二条规定：/);
    expect(messages(r.warnings)).toEqual(['第 8 行：没有解析，已用所引条文代替，请补写', '第 21 行：没有解析，已用所引条文代替，请补写']);
  });
});

describe('txt import: the 【题干】 layout', async () => {
  const r = await parseBankFile(join(FIXTURES, 'bracket.txt'), { laws });

  test('reads each block, with 【题型】, 【正确答案】 and unknown labels such as 【您的答案】', () => {
    expect(r.questions.map((x) => [x.row, x.question.type, x.question.answer])).toEqual([
      [1, 'single', 'B'],
      [7, 'judge', '对'],
      [9, 'multiple', 'ABC'],
    ]);
    expect(r.questions[1]!.question).toMatchObject({ tracks: ['执法人员'], difficulty: 1 });
    expect(r.questions[2]!.question.explanation).toBe('《行政处罚法》第五十一条。');
  });
  test('a bad block is reported at its line', () => {
    expect(messages(r.errors)).toEqual(['第 13 行：答案 E 不在选项中（A–B）']);
  });
});

describe('txt import: edge cases', () => {
  test('a file without questions is a file-level error', () => {
    expect(parseTxt('这是一份说明文字，没有题目。').fileError).toContain('没有找到题目');
  });
  test('numbered items inside a 解析 do not start a new question', () => {
    const { records } = parseTxt(
      '5. 根据《行政处罚法》，题干？\nA. 甲 B. 乙\n答案：A\n解析：理由如下：\n1. 第一点\n2. 第二点\n依据：《行政处罚法》第九条\n6. 下一题？\nA. 甲 B. 乙\n答案：B',
    );
    expect(records.map((x) => x.row)).toEqual([1, 8]);
    expect(records[0]!.cells.explanation).toBe('理由如下：\n1. 第一点\n2. 第二点');
  });
  test('a stem that starts with a year is not taken for a decimal', () => {
    const { records } = parseTxt('1. 2021年修订的《行政处罚法》规定，题干？\nA. 甲 B. 乙\n答案：A');
    expect(records[0]!.cells.stem).toBe('2021年修订的《行政处罚法》规定，题干？');
  });
});
