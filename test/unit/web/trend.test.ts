import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { tablesFromMaps } from '../../../src/stats/leaderboard.js';
import type { DayStats, Person } from '../../../src/core/model.js';
import { scanDays } from '../../../src/web/dashboard/day-scan.js';
import { bucketOf, totals, trend } from '../../../src/web/dashboard/trend.js';

const day = (d: string) => d as QuizDay;
const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  departmentId: 'd',
  roles: ['member'],
  track: '全员',
  identities: {},
  active: true,
  joinedOn: day('2026-01-01'),
  ...extra,
});
const done = (correct: number): DayStats => ({ answered: 5, correct, answerPoints: correct, bonus: 0, completed: true });

describe('day scan and trends', () => {
  // Mon 2026-11-23 … Sun 2026-11-29, then Mon 2026-11-30 and Tue 2026-12-01; weekends are not study days.
  const days = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'].map(day);
  const study = (d: QuizDay) => ![5, 6].includes((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7);
  const a = person('a');
  const b = person('b', { joinedOn: day('2026-11-25') });
  const c = person('c', { active: false, leftOn: day('2026-11-30') });
  const maps = new Map<QuizDay, Map<string, DayStats>>([
    [
      day('2026-11-23'),
      new Map([
        ['a', done(5)],
        ['c', done(3)],
      ]),
    ],
    [day('2026-11-24'), new Map([['b', done(5)]])], // before b joined: counts nowhere
    [day('2026-11-28'), new Map([['a', done(4)]])], // a Saturday: answers count, no 应学
    [day('2026-11-30'), new Map([['c', done(5)]])], // after c left: counts nowhere
    [
      day('2026-12-01'),
      new Map([
        ['a', done(2)],
        ['b', done(4)],
      ]),
    ],
  ]);
  const scan = scanDays([a, b, c], days, study, tablesFromMaps(days, maps), 2, (p) => (p.id === 'a' ? 0 : 1));

  test('应学 on study days within each term; answers on any day of the term', () => {
    expect([...scan.total.expected]).toEqual([2, 2, 3, 3, 3, 0, 0, 2, 2]);
    expect([...scan.total.completed]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect([...scan.total.answered]).toEqual([10, 0, 0, 0, 0, 5, 0, 0, 10]);
    expect([...scan.groups[0]!.completed]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  test('by day, week (Monday first) and month: the mean of the study days’ rates', () => {
    expect(bucketOf(day('2026-11-29'), 'week')).toBe('2026-11-23');
    expect(bucketOf(day('2026-11-30'), 'month')).toBe('2026-11');
    const weeks = trend(scan, scan.total, 'week');
    expect(weeks.map((w) => w.bucket)).toEqual(['2026-11-23', '2026-11-30']);
    expect(weeks[0]!.rate).toBeCloseTo(1 / 5); // 1, 0, 0, 0, 0 over five study days
    expect(weeks[0]!.accuracy).toBeCloseTo(12 / 15);
    expect(weeks[1]!.rate).toBeCloseTo(1 / 2); // 0 then 1
    const months = trend(scan, scan.total, 'month');
    expect(months.map((m) => [m.bucket, m.expected, m.completed])).toEqual([
      ['2026-11', 15, 2],
      ['2026-12', 2, 2],
    ]);
    const byDay = trend(scan, scan.total, 'day');
    expect(byDay[5]).toMatchObject({ bucket: '2026-11-28', rate: null, answered: 5 });
    expect(totals(scan, scan.total).rate).toBeCloseTo((1 + 0 + 0 + 0 + 0 + 0 + 1) / 7);
  });

  test('the bucket holding today is marked in progress, and only that one', () => {
    const byDay = trend(scan, scan.total, 'day', day('2026-12-01'));
    expect(byDay.filter((p) => p.inProgress).map((p) => p.bucket)).toEqual(['2026-12-01']);
    expect(trend(scan, scan.total, 'week', day('2026-12-01')).map((p) => p.inProgress)).toEqual([false, true]);
    // A past period (today after its end) has nothing in progress; without today nothing is marked.
    expect(trend(scan, scan.total, 'month', day('2027-01-05')).some((p) => p.inProgress)).toBe(false);
    expect(trend(scan, scan.total, 'day').some((p) => p.inProgress)).toBe(false);
  });
});
