/**
 * Leaderboards and participation rates. Pure functions over plain data.
 *
 * Departments rank by 参学率: for each study day, the people who completed the day's quiz ÷ the people
 * expected to study that day (active members), averaged over the period's study days. 正确率 and 人均积分
 * stand beside it, and the 已学/应学 counts (person-days) always accompany the rate. Never raw totals.
 */
import type { QuizDay } from '../core/quiz-day.js';
import type { DayStats, Department, Person } from '../store/model.js';
import { type PointsRules, dayPoints } from '../quiz/points.js';

export type DayTables = ReadonlyMap<QuizDay, ReadonlyMap<string, DayStats>>;

/** Whether the person counts as 应学 (expected to study) on `day`. */
export function isExpected(p: Person, day: QuizDay): boolean {
  if (p.joinedOn > day) return false;
  if (p.leftOn !== undefined && p.leftOn <= day) return false;
  return p.active || p.leftOn !== undefined;
}

export interface DepartmentRow {
  readonly department: Department;
  readonly members: number;
  /** Person-days completed / expected over the period. */
  readonly studied: number;
  readonly expected: number;
  /** People expected (应学) on at least one study day of the period: 应学人数 of a report. */
  readonly expectedPeople: number;
  /** Of those, people who completed at least one study day they were expected on: 已学人数. */
  readonly studiedPeople: number;
  /** Mean of the daily rates over study days with anyone expected; 0–1. */
  readonly rate: number;
  /** Answers given and answered correctly in the period (accuracy = correct / answered). */
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly pointsPerPerson: number;
  readonly rank: number;
}

export interface PersonRow {
  readonly person: Person;
  readonly points: number;
  readonly daysStudied: number;
  readonly daysExpected: number;
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly rank: number;
}

/** Rows for people in `people` over `studyDays` (points also count study done on other days of `allDays`). */
export function personRows(people: readonly Person[], studyDays: readonly QuizDay[], allDays: readonly QuizDay[], tables: DayTables, rules: PointsRules): PersonRow[] {
  const rows = people.map((person) => {
    let points = 0, daysStudied = 0, daysExpected = 0, answered = 0, correct = 0;
    for (const day of allDays) {
      const s = tables.get(day)?.get(person.id);
      if (s) { points += dayPoints(s, rules); answered += s.answered; correct += s.correct; }
    }
    for (const day of studyDays) {
      if (!isExpected(person, day)) continue;
      daysExpected++;
      if (tables.get(day)?.get(person.id)?.completed) daysStudied++;
    }
    return { person, points, daysStudied, daysExpected, answered, correct, accuracy: answered ? correct / answered : 0, rank: 0 };
  });
  rows.sort((a, b) => b.points - a.points || b.accuracy - a.accuracy || a.person.name.localeCompare(b.person.name, 'zh'));
  return withRanks(rows, (a, b) => a.points === b.points && a.accuracy === b.accuracy);
}

export function departmentRows(departments: readonly Department[], people: readonly Person[], studyDays: readonly QuizDay[], allDays: readonly QuizDay[], tables: DayTables, rules: PointsRules, membersOf: (d: Department) => ReadonlySet<string>): DepartmentRow[] {
  const rows = departments.map((department) => {
    const ids = membersOf(department);
    const members = people.filter((p) => p.departmentId !== undefined && ids.has(p.departmentId));
    let studied = 0, expected = 0, rateSum = 0, rateDays = 0;
    for (const day of studyDays) {
      let e = 0, s = 0;
      for (const p of members) {
        if (!isExpected(p, day)) continue;
        e++;
        if (tables.get(day)?.get(p.id)?.completed) s++;
      }
      if (e > 0) { rateSum += s / e; rateDays++; }
      studied += s; expected += e;
    }
    const pr = personRows(members, studyDays, allDays, tables, rules);
    const answered = pr.reduce((n, r) => n + r.answered, 0);
    const correct = pr.reduce((n, r) => n + r.correct, 0);
    const activeCount = members.filter((p) => p.active).length;
    const expectedPeople = pr.filter((r) => r.daysExpected > 0).length;
    const studiedPeople = pr.filter((r) => r.daysStudied > 0).length;
    return {
      department, members: activeCount, studied, expected, expectedPeople, studiedPeople, rate: rateDays ? rateSum / rateDays : 0,
      answered, correct, accuracy: answered ? correct / answered : 0,
      pointsPerPerson: members.length ? pr.reduce((n, r) => n + r.points, 0) / Math.max(1, activeCount || members.length) : 0,
      rank: 0,
    };
  });
  rows.sort((a, b) => b.rate - a.rate || b.accuracy - a.accuracy || b.pointsPerPerson - a.pointsPerPerson || a.department.name.localeCompare(b.department.name, 'zh'));
  return withRanks(rows, (a, b) => a.rate === b.rate && a.accuracy === b.accuracy && a.pointsPerPerson === b.pointsPerPerson);
}

/** Standard competition ranking (1, 2, 2, 4): ties share a place. */
function withRanks<T extends { rank: number }>(sorted: T[], tie: (a: T, b: T) => boolean): T[] {
  return sorted.map((row, i) => ({ ...row, rank: i > 0 && tie(sorted[i - 1]!, row) ? 0 : i + 1 })).map((row, i, all) => {
    if (row.rank !== 0) return row;
    let j = i;
    while (j > 0 && all[j]!.rank === 0) j--;
    return { ...row, rank: all[j]!.rank };
  });
}

/** The department and its descendants (a leader of 执法局 sees its 大队). */
export function subtreeIds(root: Department, all: readonly Department[]): Set<string> {
  const ids = new Set([root.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) { ids.add(d.id); grew = true; }
  }
  return ids;
}

/**
 * The departments a public board ranks: with a single root (the bureau), its divisions; otherwise the roots.
 * Each is ranked with its whole subtree rolled up.
 */
export function boardDepartments(all: readonly Department[]): Department[] {
  const ids = new Set(all.map((d) => d.id));
  const roots = all.filter((d) => !d.parentId || !ids.has(d.parentId));
  if (roots.length === 1) {
    const children = all.filter((d) => d.parentId === roots[0]!.id);
    if (children.length > 0) return children;
  }
  return roots;
}
