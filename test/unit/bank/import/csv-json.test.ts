import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseBankFile } from '../../../../src/bank/import/index.js';
import { FIXTURES, laws, tmpDir } from './bank-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await tmpDir();
});

const messages = (issues: ReadonlyArray<{ message: string }>) => issues.map((e) => e.message);

describe('csv import', () => {
  test('a good file with synonym headers, BOM, quoted newlines, an empty row and a law that is not carried', async () => {
    const r = await parseBankFile(join(FIXTURES, 'good.csv'), { laws });
    expect(r.bank).toBe('good');
    expect(messages(r.errors)).toEqual([]);
    expect(messages(r.warnings)).toEqual(['忽略无法识别的列：备注', '第 7 行：《某市行政执法示例规定》不在本项目收录的法律文本中，无法核对条文，请人工核对']);
    expect(r.rows).toBe(5);
    const byRow = new Map(r.questions.map((q) => [q.row, q.question]));
    expect(byRow.get(2)).toMatchObject({
      id: 'good-cf-001',
      score: 2,
      difficulty: 1,
      tracks: ['全员', '执法人员'],
      basis: { paragraph: 1, version: '2021-01-22' },
    });
    expect(byRow.get(3)).toMatchObject({ type: 'multiple', answer: 'ABC', basis: { law: '行政处罚法', articles: ['第五十一条'] } });
    expect(byRow.get(5)).toMatchObject({ type: 'judge', answer: '对', difficulty: 3 });
    expect(byRow.get(6)!.explanation).toContain('\n');
    expect(byRow.get(7)).toMatchObject({ basis: { law: '某市行政执法示例规定', articles: ['第三条'] }, tracks: ['领导干部', '执法人员'] });
    expect(byRow.get(7)!.basis).not.toHaveProperty('version');
  });

  test('a broken file reports every bad row by number and reason', async () => {
    const r = await parseBankFile(join(FIXTURES, 'broken.csv'), { laws });
    expect(messages(r.errors)).toEqual([
      '第 2 行：缺少答案',
      '第 3 行：答案 E 不在选项中（A–D）',
      '第 4 行：单选题只能有一个答案（答案为 AB；若是多选题请改题型）',
      '第 5 行：判断题的答案「C」无法识别（应为 对/错、√/× 或 正确/错误）',
      '第 6 行：《行政处罚法》没有第九百条（收录文本为 2021-01-22 版）',
      '第 7 行：依据「见相关规定」没有写明法律名称（应如《行政处罚法》第三十六条）',
      '第 8 行：难度「很难」无法识别（应为 1–3 或 易/中/难）',
      '第 8 行：适用对象「群众」无法识别（可选：全员、领导干部、执法人员）',
      '第 9 行：选项C为空，但后面还有选项',
    ]);
    expect(r.invalidRows).toBe(8);
    expect(r.questions.map((q) => q.row)).toEqual([10, 11]);
  });

  test('a duplicate id within the file', async () => {
    const file = join(dir, 'dup.csv');
    const row = (id: string, stem: string) => `单选,${id},${stem},一年,二年,三年,五年,B,《行政处罚法》第三十六条`;
    await writeFile(
      file,
      [
        '题型,编号,题干,选项A,选项B,选项C,选项D,答案,依据',
        row('a1', '违法行为在多长时间内未被发现的，不再处罚？'),
        row('a1', '违法行为多久未被发现不再给予行政处罚？'),
      ].join('\n'),
    );
    const r = await parseBankFile(file, { laws });
    expect(messages(r.errors)).toEqual(['第 3 行：编号「a1」与第 2 行重复']);
  });

  test('a file with a header but no questions is a file-level error', async () => {
    const file = join(dir, 'empty.csv');
    await writeFile(file, '题型,题干,答案,依据\n,,,\n');
    const r = await parseBankFile(file, { laws });
    expect(r.fileError).toBe(true);
    expect(messages(r.errors)).toEqual(['文件中没有题目（表头下面没有填写内容的行）']);
  });

  test('GB18030 (Excel-saved Chinese CSV) decodes', async () => {
    const r = await parseBankFile(join(FIXTURES, 'gbk.csv'), { laws });
    expect(messages(r.errors)).toEqual([]);
    expect(r.questions[0]!.question.stem).toContain('行政处罚');
  });
});

describe('json import', () => {
  test('our bank format: ids kept, the file names its bank, version set from the carried text', async () => {
    const file = join(dir, 'own.json');
    await writeFile(
      file,
      JSON.stringify({
        bank: 'zfzg',
        questions: [
          {
            id: 'zfzg-cf-36',
            type: 'single',
            stem: '根据《行政处罚法》，违法行为在多长时间内未被发现的，一般不再给予行政处罚？',
            options: ['一年', '二年', '三年', '五年'],
            answer: 'B',
            explanation: '第三十六条第一款。',
            basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1 },
            tracks: ['执法人员'],
            topic: '时效',
            difficulty: 2,
            score: 2,
          },
          { id: 'zfzg-bad', type: 'single', stem: '缺少依据的题目？', options: ['甲', '乙'], answer: 'C', explanation: '无。' },
        ],
      }),
    );
    const r = await parseBankFile(file, { laws });
    expect(r.bank).toBe('zfzg');
    expect(r.questions.map((q) => q.question)).toEqual([
      expect.objectContaining({ id: 'zfzg-cf-36', score: 2, basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1, version: '2021-01-22' } }),
    ]);
    expect(messages(r.errors)).toEqual(['第 2 行：答案 C 不在选项中（A–B）', '第 2 行：缺少法律依据（应如《行政处罚法》第三十六条）']);
  });

  test('an array of rows keyed by Chinese headers, options as an array', async () => {
    const file = join(dir, 'rows.json');
    await writeFile(
      file,
      JSON.stringify([
        {
          题型: '单选题',
          题目: '根据《行政处罚法》，违法行为在多长时间内未被发现的，一般不再给予行政处罚？',
          选项: ['一年', '二年', '三年', '五年'],
          正确答案: 'B',
          依据: '《行政处罚法》第三十六条',
        },
        {
          题型: '判断',
          题目: '根据《行政处罚法》，执法人员不得少于两人，法律另有规定的除外。',
          正确答案: '正确',
          依据: '《行政处罚法》第四十二条',
          适用对象: ['全员', '执法人员'],
        },
        {},
      ]),
    );
    const r = await parseBankFile(file, { laws, bankName: 'rows' });
    expect(messages(r.errors)).toEqual([]);
    expect(r.questions.map((q) => [q.question.type, q.question.answer, q.question.tracks])).toEqual([
      ['single', 'B', ['全员']],
      ['judge', '对', ['全员', '执法人员']],
    ]);
  });

  test('wrong keys, invalid JSON and other shapes are file-level errors', async () => {
    const write = async (name: string, text: string) => {
      await writeFile(join(dir, name), text);
      return join(dir, name);
    };
    const wrong = await parseBankFile(await write('wrong.json', JSON.stringify([{ 题目名称: '…', 答案: 'B', 依据: '《行政处罚法》第九条' }])), { laws });
    expect(messages(wrong.errors)).toEqual([expect.stringContaining('缺少必需的列：题干')]);
    expect(messages((await parseBankFile(await write('bad.json', '{"questions": ['), { laws })).errors)).toEqual([expect.stringContaining('不是有效的 JSON')]);
    expect(messages((await parseBankFile(await write('shape.json', '{"a": 1}'), { laws })).errors)).toEqual([expect.stringContaining('JSON 应为题库文件')]);
  });
});
