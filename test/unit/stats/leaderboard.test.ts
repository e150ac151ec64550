/**
 * The rate, accuracy and points rules over the calendar's hard days: the 2026 National Day holiday
 * (10-01..10-07 off) and the 调休 working Saturday 2026-10-10, with the chinese-days calendar.
 */
import { describe, expect, test } from 'vitest';
import { chineseWorkCalendar, studyDaysBetween } from '../../../src/core/calendar.js';
import { type QuizDay, daysBetween } from '../../../src/core/quiz-day.js';
import { DEFAULT_POINTS } from '../../../src/quiz/points.js';
import { type DayTables, departmentRows, isExpected, personRows, subtreeIds, tablesFromMaps } from '../../../src/stats/leaderboard.js';
import type { DayStats, Department, Person } from '../../../src/core/model.js';

const d = (s: string) => s as QuizDay;
const FROM = d('2026-09-28');
const TO = d('2026-10-11');
const studyDays = studyDaysBetween(chineseWorkCalendar, FROM, TO);
const allDays = daysBetween(FROM, TO);

const DEPTS: Department[] = [
  { id: 'sfj', name: '县司法局' },
  { id: 'fzk', name: '法制科', parentId: 'sfj' },
  { id: 'zfdd', name: '执法大队', parentId: 'sfj' },
  { id: 'ggfw', name: '公共法律服务科', parentId: 'sfj' },
  { id: 'bgs', name: '办公室', parentId: 'sfj' },
  { id: 'xfk', name: '信访科', parentId: 'sfj' },
];
const person = (id: string, departmentId: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  departmentId,
  roles: ['member'],
  track: '全员',
  identities: {},
  active: true,
  joinedOn: d('2026-01-05'),
  ...extra,
});
const PEOPLE: Person[] = [
  person('甲', 'fzk'),
  person('乙', 'fzk', { joinedOn: d('2026-10-08') }), // joined after the holiday
  person('丙', 'zfdd', { active: false, leftOn: d('2026-10-08') }), // left after the holiday
  person('丁', 'zfdd'),
  person('戊', 'bgs'),
  person('己', 'xfk'),
  person('庚', 'fzk', { active: false }), // deactivated without a leaving day: never expected
];

const day = (answered: number, correct: number, answerPoints: number, bonus = 0, completed = true): DayStats => ({
  answered,
  correct,
  answerPoints,
  bonus,
  completed,
});
const MAPS = (() => {
  const t = new Map<QuizDay, Map<string, DayStats>>();
  const put = (who: string, on: string, s: DayStats) => t.set(d(on), (t.get(d(on)) ?? new Map()).set(who, s));
  for (const on of studyDays) {
    put('甲', on, day(5, 4, 5));
    put('戊', on, day(5, 5, 5));
    put('己', on, day(5, 5, 5));
  }
  put('甲', '2026-10-02', day(5, 5, 12, 2)); // studied on a holiday: points (capped at 10) count, not a study day
  put('乙', '2026-10-10', day(5, 5, 5, 1)); // the 调休 Saturday
  put('丙', '2026-09-28', day(5, 3, 3));
  put('丙', '2026-09-29', day(5, 3, 3));
  put('丁', '2026-09-28', day(2, 1, 1, 0, false)); // started, not completed
  for (const on of ['2026-10-08', '2026-10-09', '2026-10-10']) put('丁', on, day(5, 4, 4));
  return t;
})();
/** The record read over `days` (the order the leaderboard functions get as allDays). */
const tablesFor = (days: readonly QuizDay[]): DayTables => tablesFromMaps(days, MAPS);

const rows = (depts: Department[], days = studyDays, all = allDays) =>
  departmentRows(depts, PEOPLE, days, all, tablesFor(all), DEFAULT_POINTS, (x) => subtreeIds(x, DEPTS));
const dept = (id: string) => DEPTS.find((x) => x.id === id)!;

describe('study days', () => {
  test('National Day is off and the 调休 Saturday 2026-10-10 is on', () => {
    expect(studyDays).toEqual(['2026-09-28', '2026-09-29', '2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10']);
    expect(studyDaysBetween(chineseWorkCalendar, d('2026-09-28'), d('2026-10-04'))).toHaveLength(3);
  });

  test('people count as 应学 from joinedOn and until leftOn; inactive without leftOn never', () => {
    expect(studyDays.filter((x) => isExpected(PEOPLE[1]!, x))).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(studyDays.filter((x) => isExpected(PEOPLE[2]!, x))).toEqual(['2026-09-28', '2026-09-29', '2026-09-30']);
    expect(studyDays.filter((x) => isExpected(PEOPLE[6]!, x))).toEqual([]);
  });
});

describe('department rows', () => {
  test('参学率 averages the daily rates; 已学/应学 count person-days; joiners and leavers count only while present', () => {
    const [fzk] = rows([dept('fzk')]);
    // 1/1, 1/1, 1/1 before 乙 joins; 1/2, 1/2, 2/2 after.
    expect(fzk).toMatchObject({ members: 2, studied: 7, expected: 9, expectedPeople: 2, studiedPeople: 2, pointsPerPerson: 24 });
    expect(fzk!.rate).toBeCloseTo(5 / 6, 12);
    expect(fzk!.accuracy).toBeCloseTo(34 / 40, 12);
    const [zfdd] = rows([dept('zfdd')]);
    // 1/2, 1/2, 0/2 while 丙 is there; 1/1 ×3 after.
    expect(zfdd).toMatchObject({ members: 1, studied: 5, expected: 9, expectedPeople: 2, studiedPeople: 2 });
    expect(zfdd!.rate).toBeCloseTo(4 / 6, 12);
    expect(zfdd!.accuracy).toBeCloseTo(19 / 27, 12);
    expect(zfdd!.pointsPerPerson).toBe(9.5); // (丙 6 + 丁 13) over the 2 people expected in the period
  });

  test('the week with the 调休 Saturday', () => {
    const week = studyDaysBetween(chineseWorkCalendar, d('2026-10-05'), d('2026-10-11'));
    const [fzk] = rows([dept('fzk')], week, daysBetween(d('2026-10-05'), d('2026-10-11')));
    expect(fzk).toMatchObject({ studied: 4, expected: 6, expectedPeople: 2, studiedPeople: 2 });
    expect(fzk!.rate).toBeCloseTo((0.5 + 0.5 + 1) / 3, 12);
    const [zfdd] = rows([dept('zfdd')], week, daysBetween(d('2026-10-05'), d('2026-10-11')));
    expect(zfdd).toMatchObject({ rate: 1, studied: 3, expected: 3, expectedPeople: 1, studiedPeople: 1 }); // 丙 has left
  });

  test('an empty department has zeros, not NaN, and ranks last', () => {
    const all = rows(DEPTS.slice(1));
    expect(all.at(-1)).toMatchObject({
      department: { id: 'ggfw' },
      members: 0,
      studied: 0,
      expected: 0,
      rate: 0,
      accuracy: 0,
      pointsPerPerson: 0,
      expectedPeople: 0,
      studiedPeople: 0,
    });
  });

  test('ties share a rank and the next rank skips (1, 1, 3…)', () => {
    const all = rows(DEPTS.slice(1));
    expect(all.map((r) => [r.department.id, r.rank])).toEqual([
      ['bgs', 1],
      ['xfk', 1],
      ['fzk', 3],
      ['zfdd', 4],
      ['ggfw', 5],
    ]);
  });

  test('a department rolls up its sub-departments, day by day', () => {
    const [sfj] = rows([dept('sfj')]);
    // 4/5, 4/5, 3/5, 4/5, 4/5, 5/5
    expect(sfj).toMatchObject({ members: 5, studied: 24, expected: 30, expectedPeople: 6, studiedPeople: 6 });
    expect(sfj!.rate).toBeCloseTo(0.8, 12);
    expect(sfj!.accuracy).toBeCloseTo(113 / 127, 12);
    expect(sfj!.pointsPerPerson).toBeCloseTo(127 / 6, 12);
    const direct = departmentRows([dept('sfj')], PEOPLE, studyDays, allDays, tablesFor(allDays), DEFAULT_POINTS, (x) => new Set([x.id]));
    expect(direct[0]).toMatchObject({ members: 0, expected: 0, rate: 0 });
  });
});

describe('person rows', () => {
  test('points are capped per day plus bonus, count non-study days too; study days count only while expected', () => {
    const byId = new Map(personRows(PEOPLE, studyDays, allDays, tablesFor(allDays), DEFAULT_POINTS).map((r) => [r.person.id, r]));
    expect(byId.get('甲')).toMatchObject({ points: 6 * 5 + 10 + 2, daysStudied: 6, daysExpected: 6, answered: 35, correct: 29, rank: 1 });
    expect(byId.get('乙')).toMatchObject({ points: 6, daysStudied: 1, daysExpected: 3, accuracy: 1, rank: 5 });
    expect(byId.get('丙')).toMatchObject({ points: 6, daysStudied: 2, daysExpected: 3, accuracy: 0.6, rank: 6 });
    expect(byId.get('丁')).toMatchObject({ points: 13, daysStudied: 3, daysExpected: 6, answered: 17, correct: 13, rank: 4 });
    expect([byId.get('戊')!.rank, byId.get('己')!.rank]).toEqual([2, 2]);
    expect(byId.get('庚')).toMatchObject({ points: 0, daysExpected: 0, accuracy: 0 });
    expect(byId.get('庚')!.rank).toBeUndefined(); // nobody is placed for 0 points
  });
});
