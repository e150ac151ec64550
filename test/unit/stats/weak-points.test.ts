import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { LawTally } from '../../../src/store/law-tally.js';
import type { AnswerRecord } from '../../../src/core/model.js';
import { monthsOf, weakPoints } from '../../../src/stats/weak-points.js';

const answer = (departmentId: string, law: string, article: string, correct: boolean, day = '2026-11-24'): AnswerRecord => ({
  personId: 'p',
  day: day as QuizDay,
  index: 0,
  questionId: 'q',
  chosen: 'A',
  correct,
  points: 0,
  answeredAt: '',
  elapsedMs: 0,
  law,
  article,
  departmentId,
});

describe('精准普法 tallies', () => {
  const tally = new LawTally();
  for (let i = 0; i < 10; i++) tally.add(answer('zfdd', '行政处罚法', '第六十三条', i < 3)); // 听证: 30 %
  for (let i = 0; i < 10; i++) tally.add(answer('zfdd', '行政处罚法', '第三十六条', i < 8));
  for (let i = 0; i < 10; i++) tally.add(answer('fzk', '行政处罚法', '第六十三条', i < 9));
  tally.add(answer('zfdd', '宪法', '第一条', false, '2026-10-08'));
  tally.add({ ...answer('zfdd', '宪法', '第一条', false), law: undefined }); // old records without a basis are skipped

  test('a unit sees its own weakest articles and laws, weakest first', () => {
    const w = weakPoints(tally.entries(['2026-11']), new Set(['zfdd']));
    expect(w.articles.map((r) => [r.article, r.accuracy])).toEqual([
      ['第六十三条', 0.3],
      ['第三十六条', 0.8],
    ]);
    expect(w.laws).toEqual([{ law: '行政处罚法', article: '', answered: 20, correct: 11, accuracy: 0.55 }]);
  });

  test('the whole bureau; months sum; too few answers are not ranked', () => {
    const w = weakPoints(tally.entries(['2026-10', '2026-11']), undefined);
    expect(w.articles[0]).toMatchObject({ article: '第六十三条', answered: 20, correct: 12 });
    expect(w.articles.some((r) => r.law === '宪法')).toBe(false); // 1 answer < 5
    expect(weakPoints(tally.entries(['2026-10']), undefined, 1).articles).toEqual([{ law: '宪法', article: '第一条', answered: 1, correct: 0, accuracy: 0 }]);
  });

  test('snapshot and restore keep the tallies; months of a period', () => {
    expect(LawTally.restore(tally.snapshot()).entries(['2026-11'])).toEqual(tally.entries(['2026-11']));
    expect(monthsOf({ label: '', from: '2026-11-03' as QuizDay, to: '2027-01-05' as QuizDay })).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
