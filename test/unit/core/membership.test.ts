/**
 * Membership (issue 20): who is 应学 on a day, the one access rule, and a rejoin that keeps the earlier term;
 * reports count study only on a person's member days, so a leaver who keeps writing inflates nothing.
 */
import { describe, expect, test } from 'vitest';
import { isExpected, rejoined, studyAccess } from '../../../src/core/membership.js';
import { type QuizDay, daysBetween } from '../../../src/core/quiz-day.js';
import { DEFAULT_POINTS } from '../../../src/quiz/points.js';
import { departmentRows, personRows, tablesFromMaps } from '../../../src/stats/leaderboard.js';
import type { DayStats, Person } from '../../../src/core/model.js';

const d = (s: string) => s as QuizDay;
const base: Person = { id: 'jia', name: '甲', departmentId: 'yd', roles: ['member'], track: '全员', identities: {}, active: true, joinedOn: d('2026-11-02') };

describe('isExpected, studyAccess, rejoined', () => {
  test('a member from joinedOn; a leaver until the day before leftOn; inactive without a day never', () => {
    expect(isExpected(base, d('2026-11-01'))).toBe(false);
    expect(isExpected(base, d('2026-11-02'))).toBe(true);
    const left = { ...base, active: false, leftOn: d('2026-11-10') };
    expect(isExpected(left, d('2026-11-09'))).toBe(true);
    expect(isExpected(left, d('2026-11-10'))).toBe(false);
    expect(isExpected({ ...base, active: false }, d('2026-11-05'))).toBe(false);
  });

  test('studyAccess: the listed may study; a leaver may not, and the refusal says since when', () => {
    expect(studyAccess(base)).toEqual({ allowed: true });
    expect(studyAccess({ ...base, active: false, leftOn: d('2026-11-10') })).toEqual({ allowed: false, reason: 'left', since: '2026-11-10' });
    expect(studyAccess({ ...base, active: false })).toEqual({ allowed: false, reason: 'left', since: undefined });
  });

  test('rejoining keeps the earlier term: 应学 then, not in the gap, again from the rejoin day', () => {
    const back = rejoined(rejoined({ ...base, active: false, leftOn: d('2026-11-10') }, d('2026-11-20')), d('2026-11-30'));
    expect(back).toMatchObject({ active: true, joinedOn: '2026-11-20', earlierTerms: [{ joinedOn: '2026-11-02', leftOn: '2026-11-10' }] });
    expect(back.leftOn).toBeUndefined();
    expect(['2026-11-05', '2026-11-15', '2026-11-21'].map((x) => isExpected(back, d(x)))).toEqual([true, false, true]);
    const twice = rejoined({ ...back, active: false, leftOn: d('2026-11-25') }, d('2026-11-28'));
    expect(twice.earlierTerms).toEqual([
      { joinedOn: '2026-11-02', leftOn: '2026-11-10' },
      { joinedOn: '2026-11-20', leftOn: '2026-11-25' },
    ]);
    expect(rejoined({ ...base, active: false, joinedOn: d('2026-11-10'), leftOn: d('2026-11-10') }, d('2026-11-12')).earlierTerms).toBeUndefined();
  });
});

describe('reports count study only on member days', () => {
  const days = daysBetween(d('2026-11-02'), d('2026-11-13'));
  const full: DayStats = { answered: 5, correct: 5, answerPoints: 5, bonus: 0, completed: true };
  const every = (ids: string[]) => new Map(days.map((day) => [day, new Map(ids.map((id) => [id, full]))]));
  const dept = { id: 'yd', name: '一队' };

  test('a leaver who keeps answering after leftOn, and answers before joinedOn, add nothing', () => {
    const leaver: Person = { ...base, active: false, leftOn: d('2026-11-09') }; // member 11-02..11-08: 7 days
    const joiner: Person = { ...base, id: 'bing', name: '丙', joinedOn: d('2026-11-12') }; // member 11-12..11-13
    const tables = tablesFromMaps(days, every(['jia', 'bing']));
    const rows = personRows([leaver, joiner], days, days, tables, DEFAULT_POINTS);
    expect(rows.find((r) => r.person.id === 'jia')).toMatchObject({ answered: 35, points: 35, daysExpected: 7, daysStudied: 7 });
    expect(rows.find((r) => r.person.id === 'bing')).toMatchObject({ answered: 10, points: 10, daysExpected: 2 });
    const [row] = departmentRows([dept], [leaver, joiner], days, days, tables, DEFAULT_POINTS, () => new Set(['yd']));
    expect(row).toMatchObject({ expected: 9, studied: 9, rate: 1, answered: 45, accuracy: 1, pointsPerPerson: 45 / 2 });
  });

  test('a rejoiner’s earlier term counts with its 应学 days; the gap does not', () => {
    const back = rejoined({ ...base, active: false, leftOn: d('2026-11-05') }, d('2026-11-10')); // 11-02..11-04, then 11-10..11-13
    const [row] = personRows([back], days, days, tablesFromMaps(days, every(['jia'])), DEFAULT_POINTS);
    expect(row).toMatchObject({ daysExpected: 7, daysStudied: 7, answered: 35, points: 35 });
  });

  test('days given out of order are checked day by day with the same result', () => {
    const leaver: Person = { ...base, active: false, leftOn: d('2026-11-09') };
    const shuffled = [...days].reverse();
    const [row] = personRows([leaver], shuffled, shuffled, tablesFromMaps(shuffled, every(['jia'])), DEFAULT_POINTS);
    expect(row).toMatchObject({ answered: 35, daysExpected: 7 });
  });
});
