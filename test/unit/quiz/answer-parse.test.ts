import { describe, expect, test } from 'vitest';
import { parseAnswer, readAnswer } from '../../../src/quiz/answer-parse.js';

describe('parseAnswer', () => {
  test.each([
    ['A', 'single', 4, 'A'],
    ['b', 'single', 4, 'B'],
    ['Ａ', 'single', 4, 'A'],
    [' c ', 'single', 4, 'C'],
    ['AA', 'single', 4, 'A'],
    ['AC', 'multiple', 4, 'AC'],
    ['A,C', 'multiple', 4, 'AC'],
    ['A C', 'multiple', 4, 'AC'],
    ['C、A', 'multiple', 4, 'AC'],
    ['ａｃ', 'multiple', 4, 'AC'],
    ['A，C', 'multiple', 4, 'AC'],
    ['CAA', 'multiple', 4, 'AC'],
    ['B', 'multiple', 4, 'B'],
    ['ABCDE', 'multiple', 5, 'ABCDE'],
  ] as const)('%s as %s → %s', (raw, type, n, letters) => {
    expect(parseAnswer(raw, type, n)).toEqual({ kind: 'letters', letters });
  });

  test.each([
    ['对', true],
    ['√', true],
    ['正确', true],
    ['是', true],
    ['T', true],
    ['t', true],
    ['Ｔ', true],
    ['对。', true],
    ['错', false],
    ['×', false],
    ['错误', false],
    ['否', false],
    ['F', false],
    ['f', false],
  ] as const)('judge %s → %s', (raw, value) => {
    expect(parseAnswer(raw, 'judge', 2)).toEqual({ kind: 'judge', value });
  });

  test.each([
    ['E', 'single', 4],
    ['答题', 'single', 4],
    ['', 'multiple', 4],
    ['AZ', 'multiple', 4],
    ['OK', 'single', 4],
    ['也许', 'judge', 2],
    ['B', 'judge', 2],
    ['A', 'judge', 2],
    ['ABCDE', 'multiple', 4],
    ['A、C', 'single', 4],
    ['对', 'single', 4],
  ] as const)('%s is not a gradable answer to a %s question with %i options', (raw, type, n) => {
    expect(parseAnswer(raw, type, n)).toBeUndefined();
  });
});

describe('readAnswer: what cannot be graded is asked again with the reason', () => {
  test('several letters to a single-choice question ask for one letter (not graded wrong)', () => {
    for (const raw of ['A、C', 'AC', 'a c', 'A,C']) {
      const r = readAnswer(raw, 'single', 4);
      expect(r.kind).toBe('retry');
      expect(r.kind === 'retry' && r.problem).toBe('这是单选题，只有一个正确答案，请只回复一个字母（您回复了 A、C）。');
    }
  });

  test('a letter beyond the options says which letters exist', () => {
    const r = readAnswer('ABCDE', 'multiple', 4);
    expect(r).toEqual({ kind: 'retry', problem: '本题只有 A–D 四个选项，没有 E。请重新作答。' });
    expect(readAnswer('E', 'single', 4)).toEqual({ kind: 'retry', problem: '本题只有 A–D 四个选项，没有 E。请重新作答。' });
    expect(readAnswer('CF', 'multiple', 5)).toEqual({ kind: 'retry', problem: '本题只有 A–E 五个选项，没有 F。请重新作答。' });
  });

  test('判断 accepts exactly 对/错/正确/错误/√/×/是/否/T/F; letters and near words are asked again', () => {
    for (const raw of ['A', 'b']) {
      const r = readAnswer(raw, 'judge', 2);
      expect(r.kind).toBe('retry');
      expect(r.kind === 'retry' && r.problem).toContain(`判断题没有 ${raw.toUpperCase()} 选项`);
    }
    for (const raw of ['对的', '不对', 'Y', 'yes', 'No', 'true', 'X', '✓']) {
      const r = readAnswer(raw, 'judge', 2);
      expect(r.kind, raw).toBe('retry');
      expect(r.kind === 'retry' && r.problem).toContain('“对”或“错”');
    }
  });

  test('text that is no answer at all is none (the generic hint)', () => {
    expect(readAnswer('我的成绩怎么样', 'single', 4)).toEqual({ kind: 'none' });
    expect(readAnswer('也许吧', 'judge', 2)).toEqual({ kind: 'none' });
    expect(readAnswer('OK', 'multiple', 4)).toEqual({ kind: 'none' });
  });
});
