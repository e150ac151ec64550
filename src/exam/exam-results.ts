/**
 * Exam results by person and by department (参考率 and 通过率 per unit). Pure functions over the people, the
 * attempts and the org chart; the report, the chat's 考试情况 and the dashboard all read these.
 *
 * - 应考: people of the audience in the study list on the exam's last day (or today, while it runs), plus
 *   anyone who took it;
 * - 参考: of those, people with at least one attempt that counts (finished, not voided);
 * - 通过: people whose best attempt passed; 参考率 = 参考 ÷ 应考, 通过率 = 通过 ÷ 应考;
 * - 平均分: mean best score of those who took it.
 * A department's figures include everything below it (subtreeIds).
 */
import { isExpected } from '../core/membership.js';
import type { QuizDay } from '../core/quiz-day.js';
import { subtreeIds } from '../stats/leaderboard.js';
import { departmentOrder } from '../stats/report-xlsx.js';
import type { Department, Person } from '../core/model.js';
import { audienceMatcher } from './audience.js';
import { type Attempt, type Exam, counts } from './exam-model.js';
import { bestAttempt } from './rules.js';

export interface PersonResult {
  readonly person: Person;
  /** The department the person is reported under (now; else where they started). */
  readonly departmentId?: string;
  readonly expected: boolean;
  /** Attempts that count. */
  readonly attempts: number;
  readonly best?: Attempt;
  readonly passed: boolean;
  /** Taking it right now. */
  readonly active: boolean;
  readonly voided: readonly Attempt[];
}

export function personResults(
  exam: Exam,
  people: readonly Person[],
  attempts: readonly Attempt[],
  departments: readonly Department[],
  expectedOn: QuizDay,
): PersonResult[] {
  const inAudience = audienceMatcher(exam.audience, departments);
  const byPerson = new Map<string, Attempt[]>();
  for (const a of attempts) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
  const out: PersonResult[] = [];
  for (const person of people) {
    const mine = byPerson.get(person.id) ?? [];
    const took = mine.some(counts);
    const expected = took || (inAudience(person) && isExpected(person, expectedOn));
    if (!expected && mine.length === 0) continue;
    const best = bestAttempt(mine);
    out.push({
      person,
      departmentId: person.departmentId ?? mine.at(-1)?.departmentId,
      expected,
      attempts: mine.filter(counts).length,
      ...(best ? { best } : {}),
      passed: best?.passed === true,
      active: mine.some((a) => a.status === 'active'),
      voided: mine.filter((a) => a.void !== undefined),
    });
  }
  return out;
}

export interface ExamDepartmentRow {
  /** Undefined for the whole-organisation row (合计). */
  readonly department?: Department;
  /** '县司法局/执法大队', or 合计. */
  readonly label: string;
  readonly expected: number;
  readonly took: number;
  readonly tookRate: number;
  readonly passed: number;
  readonly passRate: number;
  /** Mean best score of those who took it; 0 when nobody did. */
  readonly average: number;
}

function row(label: string, results: readonly PersonResult[], department?: Department): ExamDepartmentRow {
  const expected = results.filter((r) => r.expected);
  const took = expected.filter((r) => r.attempts > 0);
  const passed = took.filter((r) => r.passed);
  const sum = took.reduce((s, r) => s + (r.best?.score ?? 0), 0);
  return {
    ...(department ? { department } : {}),
    label,
    expected: expected.length,
    took: took.length,
    tookRate: expected.length ? took.length / expected.length : 0,
    passed: passed.length,
    passRate: expected.length ? passed.length / expected.length : 0,
    average: took.length ? sum / took.length : 0,
  };
}

/** 合计 first, then every department with anyone 应考, in tree order, each with its sub-departments rolled up. */
export function departmentSummary(results: readonly PersonResult[], departments: readonly Department[], within?: readonly Department[]): ExamDepartmentRow[] {
  const order = departmentOrder(departments);
  const list = [...(within ?? departments)].sort((a, b) => (order.get(a.id)?.index ?? Infinity) - (order.get(b.id)?.index ?? Infinity));
  const scoped = within ? new Set(within.map((d) => d.id)) : undefined;
  const total = row('合计', scoped ? results.filter((r) => r.departmentId !== undefined && scoped.has(r.departmentId)) : results);
  const rows = list.map((d) => {
    const ids = subtreeIds(d, departments);
    return row(
      order.get(d.id)?.path ?? d.name,
      results.filter((r) => r.departmentId !== undefined && ids.has(r.departmentId)),
      d,
    );
  });
  return [total, ...rows.filter((r) => r.expected > 0)];
}

/** People 应考 who have not taken it (未参考), in tree order then by name. */
export function notTaken(results: readonly PersonResult[], departments: readonly Department[]): PersonResult[] {
  const order = departmentOrder(departments);
  const byName = new Intl.Collator('zh');
  return results
    .filter((r) => r.expected && r.attempts === 0)
    .sort(
      (a, b) =>
        (order.get(a.departmentId ?? '')?.index ?? Infinity) - (order.get(b.departmentId ?? '')?.index ?? Infinity) ||
        byName.compare(a.person.name, b.person.name),
    );
}
