/**
 * Leaderboards and participation rates. Pure functions over plain data.
 *
 * Departments rank by 参学率: for each study day, the people who completed the day's quiz ÷ the people
 * expected to study that day (active members), averaged over the period's study days. 正确率 and 人均积分
 * stand beside it, and the 已学/应学 counts (person-days) always accompany the rate. Never raw totals.
 */
import { isExpected } from '../core/membership.js';
import type { QuizDay } from '../core/quiz-day.js';
import { type DayStats, type Department, type Person, UNASSIGNED_DEPARTMENT } from '../core/model.js';
import { type PointsRules, dayPoints } from '../quiz/points.js';

/** Chinese (pinyin) order for names; one collator, as localeCompare with a locale builds one per call. */
const byName = new Intl.Collator('zh');

/**
 * The study record of a period, read by position: `slotOf(personId)` once per person, then
 * `get(dayIndex, slot)` for each day of the period (the `allDays` order). The store backs it with its packed
 * day columns, so a month of 10,000 people is read without hashing a person id per day.
 */
export interface DayTables {
  slotOf(personId: string): number;
  get(dayIndex: number, slot: number): DayStats | undefined;
}

/** DayTables over per-day maps (tests and small data). */
export function tablesFromMaps(days: readonly QuizDay[], maps: ReadonlyMap<QuizDay, ReadonlyMap<string, DayStats>>): DayTables {
  const ids: string[] = [];
  const slots = new Map<string, number>();
  return {
    slotOf(id) {
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = ids.length;
        ids.push(id);
        slots.set(id, slot);
      }
      return slot;
    },
    get: (di, slot) => maps.get(days[di]!)?.get(ids[slot]!),
  };
}

export { isExpected };

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
  /** Place by points (ties share it); absent with 0 points: nobody is "第 1 名" for having nothing. */
  readonly rank?: number;
}

interface DailyCounts {
  /** Per study day (by index): people expected, and of them people who completed the day. */
  readonly expected: Int32Array;
  readonly studied: Int32Array;
}

/**
 * One pass over the period's day tables, day by day (each table read sequentially: a year × 10,000 people
 * stays well under a second): each person's totals, unsorted, and per department (direct members only)
 * the daily 应学/已学 counts.
 */
function scan(people: readonly Person[], studyDays: readonly QuizDay[], allDays: readonly QuizDay[], tables: DayTables, rules: PointsRules) {
  const n = people.length;
  const slots = people.map((p) => tables.slotOf(p.id));
  const dayIndex = new Map(allDays.map((d, i) => [d, i]));
  const member = membership(people, allDays);
  const points = new Float64Array(n),
    answered = new Float64Array(n),
    correct = new Float64Array(n);
  const daysExpected = new Int32Array(n),
    daysStudied = new Int32Array(n);
  for (let di = 0; di < allDays.length; di++) {
    for (let i = 0; i < n; i++) {
      const s = tables.get(di, slots[i]!);
      // Study on a day the person was not 应学 (after leaving, before joining) counts nowhere.
      if (!s || !member(i, di)) continue;
      points[i] = points[i]! + dayPoints(s, rules);
      answered[i] = answered[i]! + s.answered;
      correct[i] = correct[i]! + s.correct;
    }
  }
  const daily = new Map<string, DailyCounts>();
  const countsOf = people.map((p) => {
    if (p.departmentId === undefined) return undefined;
    let c = daily.get(p.departmentId);
    if (!c) {
      c = { expected: new Int32Array(studyDays.length), studied: new Int32Array(studyDays.length) };
      daily.set(p.departmentId, c);
    }
    return c;
  });
  studyDays.forEach((day, k) => {
    const di = dayIndex.get(day);
    for (let i = 0; i < n; i++) {
      if (!isExpected(people[i]!, day)) continue;
      daysExpected[i]!++;
      const c = countsOf[i];
      if (c) c.expected[k]!++;
      if (di === undefined || !tables.get(di, slots[i]!)?.completed) continue;
      daysStudied[i]!++;
      if (c) c.studied[k]!++;
    }
  });
  const rows: PersonRow[] = people.map((person, i) => ({
    person,
    points: points[i]!,
    daysStudied: daysStudied[i]!,
    daysExpected: daysExpected[i]!,
    answered: answered[i]!,
    correct: correct[i]!,
    accuracy: answered[i] ? correct[i]! / answered[i]! : 0,
    rank: 0,
  }));
  return { rows, daily };
}

/**
 * `member(i, di)`: whether people[i] was 应学 on allDays[di] (isExpected), answered from day-index bounds per
 * person (one binary search each) so the report's inner loop does no date comparisons; people with earlier
 * terms, or days not in order, are checked day by day.
 */
function membership(people: readonly Person[], allDays: readonly QuizDay[]): (i: number, di: number) => boolean {
  const ordered = allDays.every((d, k) => k === 0 || allDays[k - 1]! < d);
  const firstOnOrAfter = (day: QuizDay) => {
    let lo = 0,
      hi = allDays.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (allDays[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const from = new Int32Array(people.length),
    until = new Int32Array(people.length);
  const dayByDay = people.map((p, i) => {
    if (!ordered || p.earlierTerms?.length) return true;
    from[i] = firstOnOrAfter(p.joinedOn);
    until[i] = p.leftOn !== undefined ? firstOnOrAfter(p.leftOn) : p.active ? allDays.length : 0;
    return false;
  });
  return (i, di) => (dayByDay[i] ? isExpected(people[i]!, allDays[di]!) : di >= from[i]! && di < until[i]!);
}

/** Rows for people in `people` over `studyDays` (points also count study done on other days of `allDays` they were members on). */
export function personRows(
  people: readonly Person[],
  studyDays: readonly QuizDay[],
  allDays: readonly QuizDay[],
  tables: DayTables,
  rules: PointsRules,
): PersonRow[] {
  const { rows } = scan(people, studyDays, allDays, tables, rules);
  rows.sort((a, b) => b.points - a.points || b.accuracy - a.accuracy || byName.compare(a.person.name, b.person.name));
  const ranked = rows.filter((r) => r.points > 0).map((r) => ({ ...r, rank: 0 }));
  return [
    ...withRanks(ranked, (a, b) => a.points === b.points && a.accuracy === b.accuracy),
    ...rows.filter((r) => r.points <= 0).map(({ rank: _r, ...r }) => r),
  ];
}

/** Rows for `departments`, each over the people of `membersOf(department)` (its subtree), ranked by 参学率. */
export function departmentRows(
  departments: readonly Department[],
  people: readonly Person[],
  studyDays: readonly QuizDay[],
  allDays: readonly QuizDay[],
  tables: DayTables,
  rules: PointsRules,
  membersOf: (d: Department) => ReadonlySet<string>,
): DepartmentRow[] {
  const { rows: everyone, daily } = scan(
    people.filter((p) => p.departmentId !== undefined),
    studyDays,
    allDays,
    tables,
    rules,
  );
  const byDepartment = new Map<string, PersonRow[]>();
  for (const r of everyone) {
    const list = byDepartment.get(r.person.departmentId!);
    if (list) list.push(r);
    else byDepartment.set(r.person.departmentId!, [r]);
  }
  const rows = departments.map((department) => {
    const pr: PersonRow[] = [];
    const e = new Int32Array(studyDays.length),
      s = new Int32Array(studyDays.length);
    for (const id of membersOf(department)) {
      for (const r of byDepartment.get(id) ?? []) pr.push(r);
      const c = daily.get(id);
      if (c)
        for (let i = 0; i < studyDays.length; i++) {
          e[i] = e[i]! + c.expected[i]!;
          s[i] = s[i]! + c.studied[i]!;
        }
    }
    let studied = 0,
      expected = 0,
      rateSum = 0,
      rateDays = 0;
    for (let i = 0; i < studyDays.length; i++) {
      if (e[i]! > 0) {
        rateSum += s[i]! / e[i]!;
        rateDays++;
      }
      studied += s[i]!;
      expected += e[i]!;
    }
    let answered = 0,
      correct = 0,
      points = 0,
      activeCount = 0,
      expectedPeople = 0,
      studiedPeople = 0;
    for (const r of pr) {
      answered += r.answered;
      correct += r.correct;
      points += r.points;
      if (r.person.active) activeCount++;
      if (r.daysExpected > 0) expectedPeople++;
      if (r.daysStudied > 0) studiedPeople++;
    }
    return {
      department,
      members: activeCount,
      studied,
      expected,
      expectedPeople,
      studiedPeople,
      rate: rateDays ? rateSum / rateDays : 0,
      answered,
      correct,
      accuracy: answered ? correct / answered : 0,
      pointsPerPerson: expectedPeople > 0 ? points / expectedPeople : 0,
      rank: 0,
    };
  });
  rows.sort(
    (a, b) => b.rate - a.rate || b.accuracy - a.accuracy || b.pointsPerPerson - a.pointsPerPerson || byName.compare(a.department.name, b.department.name),
  );
  return withRanks(rows, (a, b) => a.rate === b.rate && a.accuracy === b.accuracy && a.pointsPerPerson === b.pointsPerPerson);
}

/** Standard competition ranking (1, 2, 2, 4): ties share a place. */
function withRanks<T extends { rank: number }>(sorted: T[], tie: (a: T, b: T) => boolean): T[] {
  return sorted
    .map((row, i) => ({ ...row, rank: i > 0 && tie(sorted[i - 1]!, row) ? 0 : i + 1 }))
    .map((row, i, all) => {
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
    for (const d of all)
      if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
  }
  return ids;
}

/**
 * The departments a public board ranks: with a single root (the bureau), its divisions; otherwise the roots.
 * 未分组 (people no one could place yet) is left off.
 * Each is ranked with its whole subtree rolled up.
 */
export function boardDepartments(everything: readonly Department[]): Department[] {
  // 未分组 is for admins (their reports list every department), not for public boards.
  const all = everything.filter((d) => d.id !== UNASSIGNED_DEPARTMENT.id);
  const ids = new Set(all.map((d) => d.id));
  const roots = all.filter((d) => !d.parentId || !ids.has(d.parentId));
  if (roots.length === 1) {
    const children = all.filter((d) => d.parentId === roots[0]!.id);
    if (children.length > 0) return children;
  }
  return roots;
}
