/**
 * Statistics for chat and reports: personal standing, leaderboards, participation (参学率) and 未学名单.
 * Reads running aggregates from the Store (one small table per day), never the raw history.
 */
import { type StudyCalendar, studyDaysBetween } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import { type QuizDay, daysBetween, quizDayOf } from '../core/quiz-day.js';
import type { Department, Person } from '../store/model.js';
import type { Store } from '../store/store.js';
import { type PointsRules, dayPoints, streakAt } from '../quiz/points.js';
import type { Standing } from '../quiz/quiz-service.js';
import { type DayTables, type DepartmentRow, type PersonRow, boardDepartments, departmentRows, isExpected, personRows, subtreeIds } from './leaderboard.js';
import type { Period } from './period.js';

export interface StatsServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly calendar: StudyCalendar;
  readonly points: PointsRules;
}

export interface Scope {
  readonly departments: readonly Department[];
  readonly people: readonly Person[];
}

export function createStatsService(deps: StatsServiceDeps) {
  const { store } = deps;
  const today = () => quizDayOf(deps.clock.now(), deps.timeZone);

  const tables = (days: readonly QuizDay[]): Promise<DayTables> => store.dayMatrix(days);

  /** Departments and people a person may see individually: admins all, leaders their subtrees, others themselves. */
  async function scopeOf(person: Person): Promise<Scope> {
    const [departments, people] = [await store.listDepartments(), await store.listPeople()];
    if (person.roles.includes('admin')) return { departments, people };
    // A leader sees the departments they head (leaderOf: platform leader flags or the roster's 职务; by
    // default their own) with everything below them.
    const heads = person.roles.includes('leader') ? (person.leaderOf?.length ? person.leaderOf : person.departmentId ? [person.departmentId] : []) : [];
    const ids = new Set<string>();
    for (const id of heads) {
      const root = departments.find((d) => d.id === id);
      if (root) for (const x of subtreeIds(root, departments)) ids.add(x);
    }
    if (ids.size > 0) {
      return { departments: departments.filter((d) => ids.has(d.id)), people: people.filter((p) => p.departmentId && ids.has(p.departmentId)) };
    }
    return { departments: [], people: [person] };
  }

  /** Departments ranked by 参学率 over the period: `within` (default: the divisions, see boardDepartments). */
  async function departmentBoard(period: Period, within?: readonly Department[]): Promise<DepartmentRow[]> {
    const [all, people] = [await store.listDepartments(), await store.listPeople()];
    const allDays = daysBetween(period.from, period.to);
    const studyDays = studyDaysBetween(deps.calendar, period.from, period.to);
    const t = await tables(allDays);
    return departmentRows(within ?? boardDepartments(all), people, studyDays, allDays, t, deps.points, (d) => subtreeIds(d, all));
  }

  async function peopleBoard(period: Period, people: readonly Person[]): Promise<PersonRow[]> {
    const allDays = daysBetween(period.from, period.to);
    const studyDays = studyDaysBetween(deps.calendar, period.from, period.to);
    return personRows(people, studyDays, allDays, await tables(allDays), deps.points);
  }

  /** Month points and place in the department (by month points). */
  async function standing(person: Person, day: QuizDay): Promise<Standing> {
    const period = { label: '本月', from: `${day.slice(0, 8)}01` as QuizDay, to: day };
    const departments = await store.listDepartments();
    const dept = departments.find((d) => d.id === person.departmentId);
    const colleagues = dept ? (await store.listPeople()).filter((p) => p.departmentId === dept.id && (p.active || p.id === person.id)) : [person];
    const rows = await peopleBoard(period, colleagues);
    const mine = rows.find((r) => r.person.id === person.id);
    return {
      monthPoints: mine?.points ?? 0,
      rank: dept && mine ? { place: mine.rank, of: rows.length, department: dept.name } : undefined,
    };
  }

  async function streak(person: Person, day: QuizDay): Promise<number> {
    return streakAt(day, async (d) => (await store.dayStats(person.id, d)).completed, deps.calendar);
  }

  /** People in scope expected today who have not completed today's quiz. */
  async function notStudied(people: readonly Person[], day: QuizDay): Promise<Person[]> {
    const table = await store.dayTable(day);
    return people.filter((p) => p.active && isExpected(p, day) && !table.get(p.id)?.completed);
  }

  async function dayPointsOf(person: Person, day: QuizDay): Promise<number> {
    return dayPoints(await store.dayStats(person.id, day), deps.points);
  }

  /** The departments, people and 精准普法 tallies this service counts (its world's, see directory/world-store.ts). */
  const departments = () => store.listDepartments();
  const people = () => store.listPeople();
  const lawTally = (months: readonly string[]) => store.lawTally(months);

  return { today, scopeOf, departmentBoard, peopleBoard, standing, streak, notStudied, dayPointsOf, departments, people, lawTally };
}

export type StatsService = ReturnType<typeof createStatsService>;
