import { describe, expect, test } from 'vitest';
import { parseAnswer } from '../../../src/quiz/answer-parse.js';

describe('parseAnswer', () => {
  test.each([
    ['A', 'single', 4, 'A'],
    ['b', 'single', 4, 'B'],
    ['Ａ', 'single', 4, 'A'],
    [' c ', 'single', 4, 'C'],
    ['AC', 'multiple', 4, 'AC'],
    ['A,C', 'multiple', 4, 'AC'],
    ['A C', 'multiple', 4, 'AC'],
    ['C、A', 'multiple', 4, 'AC'],
    ['ａｃ', 'multiple', 4, 'AC'],
    ['A，C', 'multiple', 4, 'AC'],
    ['CAA', 'multiple', 4, 'AC'],
  ] as const)('%s as %s → %s', (raw, type, n, letters) => {
    expect(parseAnswer(raw, type, n)).toEqual({ kind: 'letters', letters });
  });

  test.each([
    ['对', true],
    ['√', true],
    ['正确', true],
    ['错', false],
    ['×', false],
    ['错误', false],
    ['Ｔ', true],
    ['f', false],
  ] as const)('judge %s → %s', (raw, value) => {
    expect(parseAnswer(raw, 'judge', 2)).toEqual({ kind: 'judge', value });
  });

  test.each([
    ['E', 'single', 4],
    ['答题', 'single', 4],
    ['', 'multiple', 4],
    ['AZ', 'multiple', 4],
    ['也许', 'judge', 2],
    ['B', 'judge', 2],
    ['ABCDE', 'multiple', 4],
  ] as const)('%s is not an answer to a %s question with %i options', (raw, type, n) => {
    expect(parseAnswer(raw, type, n)).toBeUndefined();
  });
});
