/**
 * One pass over a scope's people and a period's days (the packed day columns, by position): per day the
 * people expected (应学) and those who completed the day, answers and correct answers; and the same per
 * group of people (a heat map's rows). Pure; the same 应学 rule as the boards (core/membership.ts).
 */
import { isExpected } from '../../core/membership.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { Person } from '../../store/model.js';
import type { DayTables } from '../../stats/leaderboard.js';
import { type PointsRules, dayPoints } from '../../quiz/points.js';

/** Per-day counts, indexed like `days`. */
export interface DayCounts {
  readonly expected: Int32Array;
  readonly completed: Int32Array;
  readonly answered: Int32Array;
  readonly correct: Int32Array;
}

/** Whole-period figures of a group's people (a board row's people counts and points). */
export interface GroupPeople {
  /** Active members now. */
  members: number;
  /** People 应学 on at least one study day of the period, and of them those who completed at least one. */
  expectedPeople: number;
  studiedPeople: number;
  points: number;
}

export interface DayScan {
  readonly days: readonly QuizDay[];
  /** Whether each day is a study day (only those count 应学). */
  readonly study: readonly boolean[];
  readonly total: DayCounts;
  /** Per group (groupOf's index), when groups were asked for. */
  readonly groups: readonly DayCounts[];
  readonly groupPeople: readonly GroupPeople[];
}

const counts = (n: number): DayCounts => ({
  expected: new Int32Array(n),
  completed: new Int32Array(n),
  answered: new Int32Array(n),
  correct: new Int32Array(n),
});

/** First index of `days` (ascending) on or after `day`. */
function firstOnOrAfter(days: readonly QuizDay[], day: QuizDay): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Scans `people` over `days` (ascending). `groupOf(person)` puts a person in a group (index < groupCount) or
 * none (-1). Answers count on days the person was 应学 (as on the boards); 应学/completed on study days only.
 */
export function scanDays(
  people: readonly Person[],
  days: readonly QuizDay[],
  isStudyDay: (day: QuizDay) => boolean,
  tables: DayTables,
  groupCount = 0,
  groupOf: (p: Person) => number = () => -1,
  rules?: PointsRules,
): DayScan {
  const study = days.map(isStudyDay);
  const total = counts(days.length);
  const groups = Array.from({ length: groupCount }, () => counts(days.length));
  const groupPeople = Array.from({ length: groupCount }, () => ({ members: 0, expectedPeople: 0, studiedPeople: 0, points: 0 }));
  for (const p of people) {
    const slot = tables.slotOf(p.id);
    const g = groupOf(p);
    const group = g >= 0 ? groups[g] : undefined;
    const gp = g >= 0 ? groupPeople[g] : undefined;
    let expectedDays = 0;
    let studiedDays = 0;
    let points = 0;
    // Membership as day-index bounds, except for people with earlier terms (checked day by day).
    const simple = !p.earlierTerms?.length;
    const from = simple ? firstOnOrAfter(days, p.joinedOn) : 0;
    const until = simple ? (p.leftOn !== undefined ? firstOnOrAfter(days, p.leftOn) : p.active ? days.length : 0) : days.length;
    for (let di = from; di < until; di++) {
      if (!simple && !isExpected(p, days[di]!)) continue;
      const s = tables.get(di, slot);
      if (study[di]) {
        total.expected[di]!++;
        expectedDays++;
        if (group) group.expected[di]!++;
      }
      if (!s) continue;
      if (gp && rules) points += dayPoints(s, rules);
      total.answered[di]! += s.answered;
      total.correct[di]! += s.correct;
      if (group) {
        group.answered[di]! += s.answered;
        group.correct[di]! += s.correct;
      }
      if (study[di] && s.completed) {
        total.completed[di]!++;
        studiedDays++;
        if (group) group.completed[di]!++;
      }
    }
    if (gp) {
      if (p.active) gp.members++;
      if (expectedDays > 0) gp.expectedPeople++;
      if (studiedDays > 0) gp.studiedPeople++;
      gp.points += points;
    }
  }
  return { days, study, total, groups, groupPeople };
}
