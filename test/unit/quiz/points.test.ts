/** The README's points rules as a table: per answer by type (+ 较难), the daily cap on answer points, the streak bonus on top. */
import { describe, expect, test } from 'vitest';
import type { LoadedQuestion } from '../../../src/bank/check-bank.js';
import { DEFAULT_POINTS, answerPoints, dayPoints, streakBonus } from '../../../src/quiz/points.js';
import { EMPTY_DAY } from '../../../src/core/model.js';

const q = (type: LoadedQuestion['type'], difficulty: 1 | 2 | 3 = 1) => ({ type, difficulty }) as LoadedQuestion;

describe('points (README 积分规则, defaults)', () => {
  test.each([
    ['single', 1, true, 1],
    ['multiple', 1, true, 2],
    ['judge', 2, true, 1],
    ['single', 3, true, 2],
    ['multiple', 3, true, 3],
    ['multiple', 3, false, 0],
  ] as const)('%s of difficulty %i answered %s: %i', (type, difficulty, correct, points) => {
    expect(answerPoints(q(type, difficulty), correct, DEFAULT_POINTS)).toBe(points);
  });

  test.each([
    [9, 0, 9],
    [10, 0, 10],
    [11, 0, 10],
    [15, 0, 10],
    [45, 2, 12], // the streak bonus is not capped
  ])('a day of %i answer points and bonus %i is worth %i', (answerPoints, bonus, worth) => {
    expect(DEFAULT_POINTS.dailyCap).toBe(10);
    expect(dayPoints({ ...EMPTY_DAY, answerPoints, bonus }, DEFAULT_POINTS)).toBe(worth);
  });

  test.each([
    [2, 0],
    [3, 1],
    [6, 1],
    [7, 2],
    [30, 2],
  ])('a streak of %i study days earns %i', (streak, bonus) => {
    expect(streakBonus(streak, DEFAULT_POINTS)).toBe(bonus);
  });
});
