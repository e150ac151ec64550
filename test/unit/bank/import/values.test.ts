import { describe, expect, test } from 'vitest';
import { decodeText, formatCitation, parseCitation, parseCsv } from '../../../../src/bank/import/index.js';
import { headerField, mapHeaders, missingColumnsMessage } from '../../../../src/bank/import/headers.js';
import { makeId, bankSlug } from '../../../../src/bank/import/row-to-question.js';
import {
  parseDifficulty,
  parseJudgeAnswer,
  parseLetters,
  parseScore,
  parseTracks,
  parseType,
  splitOptions,
  stripOwnLetter,
} from '../../../../src/bank/import/values.js';

describe('header matching', () => {
  test.each([
    ['题目类型', 'type'],
    [' 题 干 ', 'stem'],
    ['题目（必填）', 'stem'],
    ['*试题', 'stem'],
    ['题目内容', 'stem'],
    ['问题', 'stem'],
    ['选项Ａ', 'A'],
    ['A', 'A'],
    ['选项h', 'H'],
    ['正确选项', 'answer'],
    ['答案（多选用英文逗号分隔，如：A,B）', 'answer'],
    ['答案解析', 'explanation'],
    ['试题解析', 'explanation'],
    ['分值', 'score'],
    ['题目难度', 'difficulty'],
    ['依据', 'basis'],
    ['考试人员类型（1-作业人员，2-检验人员）', 'tracks'],
    ['章节', 'topic'],
    ['ID', 'id'],
    ['编号', 'id'],
  ])('%s → %s', (header, field) => expect(headerField(header)).toBe(field));

  test('unknown and repeated headers are ignored, missing required ones are named', () => {
    const map = mapHeaders(['序号', '题目', '题干', '答案']);
    expect(map.columns).toEqual([undefined, 'stem', undefined, 'answer']);
    expect(map.unknown).toEqual(['序号']);
    expect(map.repeated).toEqual(['题干']);
    expect(map.missing).toEqual(['basis']);
    const message = missingColumnsMessage(['序号', '题目', '答案'], map.missing);
    expect(message).toContain('缺少必需的列：法律依据');
    expect(message).toContain('文件中的列：序号、题目、答案');
  });
});

describe('cell values', () => {
  test.each([
    ['B', 'B'],
    ['ABD', 'ABD'],
    ['A,B,D', 'ABD'],
    ['d、a、b', 'ABD'],
    ['Ｂ', 'B'],
    ['A，C', 'AC'],
    ['B A', 'AB'],
  ])('answer %s → %s', (raw, letters) => {
    expect(parseLetters(raw)).toBe(letters);
  });
  test('answers that are not letters', () => {
    expect(parseLetters('对')).toBeUndefined();
    expect(parseLetters('B2')).toBeUndefined();
  });
  test.each([
    ['对', '对'],
    ['√', '对'],
    ['正确', '对'],
    ['（√）', '对'],
    ['错', '错'],
    ['×', '错'],
    ['错误', '错'],
    ['X', '错'],
  ])('judge %s → %s', (raw, v) => {
    expect(parseJudgeAnswer(raw)).toBe(v);
  });
  test.each([
    ['单选', 'single'],
    ['单选题', 'single'],
    ['单项选择题', 'single'],
    ['多选题', 'multiple'],
    ['多项选择', 'multiple'],
    ['判断题', 'judge'],
    ['（判断）', 'judge'],
    ['不定项选择题', 'indefinite'],
    ['填空题', undefined],
  ])('type %s → %s', (raw, t) => expect(parseType(raw)).toBe(t));
  test.each([
    ['1', 1],
    ['易', 1],
    ['简单', 1],
    ['2', 2],
    ['中', 2],
    ['一般', 2],
    ['3', 3],
    ['难', 3],
    ['困难', 3],
    ['2级', 2],
    ['5', undefined],
  ])('difficulty %s → %s', (raw, d) => {
    expect(parseDifficulty(raw)).toBe(d);
  });
  test('score and tracks', () => {
    expect(parseScore('2分')).toBe(2);
    expect(parseScore('1.5')).toBe(1.5);
    expect(parseScore('0')).toBeUndefined();
    expect(parseTracks('全员、执法人员')).toEqual({ tracks: ['全员', '执法人员'], unknown: [] });
    expect(parseTracks('领导干部,全员')).toEqual({ tracks: ['领导干部', '全员'], unknown: [] });
    expect(parseTracks('群众')).toEqual({ tracks: [], unknown: ['群众'] });
  });
  test('options in one cell or line, with or without spaces, and own-letter prefixes', () => {
    expect(splitOptions('题干（ ）A. 一年 B. 二年 C.三年D.五年')).toEqual({ stem: '题干（ ）', options: ['一年', '二年', '三年', '五年'] });
    expect(splitOptions('题干\nA、甲公司\nB、乙公司')).toEqual({ stem: '题干', options: ['甲公司', '乙公司'] });
    expect(splitOptions('A公司违法，B公司如何？').options).toEqual([]);
    expect(stripOwnLetter('A. 一年', 'A')).toBe('一年');
    expect(stripOwnLetter('（B）二年', 'B')).toBe('二年');
    expect(stripOwnLetter('A级资质', 'A')).toBe('A级资质');
  });
});

describe('法律依据', () => {
  test.each([
    ['《行政处罚法》第三十六条', { law: '行政处罚法', articles: ['第三十六条'] }],
    ['《行政处罚法》第三十六条、第三十七条', { law: '行政处罚法', articles: ['第三十六条', '第三十七条'] }],
    ['《行政处罚法》第三十六条第一款', { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1 }],
    ['《中华人民共和国行政处罚法》第36条', { law: '中华人民共和国行政处罚法', articles: ['第三十六条'] }],
    ['行政处罚法第三十六条至第三十八条', { law: '行政处罚法', articles: ['第三十六条', '第三十七条', '第三十八条'] }],
    ['《行政复议法》（2023年修订）第十一条', { law: '行政复议法', articles: ['第十一条'] }],
    ['《刑法》第一百三十三条之一', { law: '刑法', articles: ['第一百三十三条之一'] }],
    ['《行政处罚法》第九条；《行政许可法》第十二条', { law: '行政处罚法', articles: ['第九条'], otherLaws: ['行政许可法'] }],
  ])('%s', (raw, expected) => {
    expect(parseCitation(raw)).toEqual({ otherLaws: [], ...expected });
  });
  test('unreadable citations say why', () => {
    expect(parseCitation('')).toEqual({ error: expect.stringContaining('缺少法律依据') });
    expect(parseCitation('见相关规定')).toEqual({ error: expect.stringContaining('没有写明法律名称') });
    expect(parseCitation('《行政处罚法》')).toEqual({ error: expect.stringContaining('没有写明条文') });
  });
  test('formatting reads back', () => {
    const basis = { law: '民法典', articles: ['第一千一百六十五条', '第一千一百六十六条'], paragraph: 2 };
    expect(formatCitation(basis)).toBe('《民法典》第一千一百六十五条第二款、第一千一百六十六条');
    expect(parseCitation(formatCitation(basis))).toEqual({ ...basis, otherLaws: [] });
  });
});

describe('ids', () => {
  test('our ids are kept, others are prefixed with the bank slug, missing ones hash the stem', () => {
    expect(makeId('xianfa-1-1', 'zfzg', '题干')).toBe('xianfa-1-1');
    expect(makeId('001', 'zfzg', '题干')).toBe('zfzg-001');
    expect(makeId('DX-001', 'zfzg', '题干')).toBe('zfzg-dx-001');
    expect(makeId(undefined, 'zfzg', '题 干')).toBe(makeId('', 'zfzg', '题干'));
    expect(makeId('单选一', 'zfzg', '题干')).toMatch(/^zfzg-[0-9a-f]{10}$/);
    expect(bankSlug('zfzg')).toBe('zfzg');
    expect(bankSlug('执法资格题库')).toMatch(/^b[0-9a-f]{7}$/);
    expect(bankSlug('执法资格题库')).toBe(bankSlug('执法资格题库'));
  });
});

describe('csv', () => {
  test('RFC 4180: quotes, doubled quotes, newlines in fields, CRLF, trailing newline', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n1,"two\nlines",3\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n,\n')).toEqual([
      ['a', 'b'],
      ['', ''],
    ]);
  });
  test('UTF-8 with BOM and GB18030 decode', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe9, 0xa2, 0x98]))).toBe('题');
    expect(decodeText(new Uint8Array([0xcc, 0xe2, 0xb8, 0xc9]))).toBe('题干');
  });
});
