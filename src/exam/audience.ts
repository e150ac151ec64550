/**
 * Who an exam is for (应考), and which questions suit all of them. Pure.
 *
 * An audience names departments (each with everything below it) and/or tracks; empty = everyone; both given =
 * the people matching both. Its questions are those every track of the audience may be served: 全员 questions,
 * and questions tagged with each of the audience's tracks (all tracks when it names none).
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { TRACKS, type Track } from '../bank/question-schema.js';
import { subtreeIds } from '../stats/leaderboard.js';
import { findDepartment } from '../directory/admin/find.js';
import type { Department, Person } from '../core/model.js';
import type { Exam } from './exam-model.js';
import type { ExamIssue } from './exam-file.js';

type Audience = Exam['audience'];

/** Department ids of the audience with everything below them; undefined = every department. */
export function audienceDepartments(audience: Audience, departments: readonly Department[]): ReadonlySet<string> | undefined {
  if (audience.departmentIds.length === 0) return undefined;
  const out = new Set<string>();
  for (const id of audience.departmentIds) {
    const d = departments.find((x) => x.id === id);
    if (d) for (const x of subtreeIds(d, departments)) out.add(x);
  }
  return out;
}

/** A matcher for the audience over the org chart as it is now. */
export function audienceMatcher(audience: Audience, departments: readonly Department[]): (p: Person) => boolean {
  const ids = audienceDepartments(audience, departments);
  const tracks = new Set(audience.tracks);
  return (p) => (ids === undefined || (p.departmentId !== undefined && ids.has(p.departmentId))) && (tracks.size === 0 || tracks.has(p.track));
}

/** Whether two audiences can share a person (their department subtrees meet and their tracks meet). */
export function audiencesMeet(a: Audience, b: Audience, departments: readonly Department[]): boolean {
  const da = audienceDepartments(a, departments);
  const db = audienceDepartments(b, departments);
  const deptsMeet = da === undefined || db === undefined || [...da].some((id) => db.has(id));
  const tracksMeet = a.tracks.length === 0 || b.tracks.length === 0 || a.tracks.some((t) => b.tracks.includes(t));
  return deptsMeet && tracksMeet;
}

/** The questions every track of the audience may be served. */
export function audienceQuestions(all: readonly LoadedQuestion[], tracks: readonly Track[]): LoadedQuestion[] {
  const need = tracks.length > 0 ? tracks : TRACKS;
  return all.filter((q) => q.tracks.includes('全员') || need.every((t) => q.tracks.includes(t)));
}

/**
 * Department names in the file → ids (by id, by path such as '县司法局/执法大队', or by a name unique in the tree:
 * the admin commands' `findDepartment`). Unknown or ambiguous names are issues naming `audience.departments[i]`.
 */
export function resolveDepartments(names: readonly string[], departments: readonly Department[]): { ids: string[]; issues: ExamIssue[] } {
  const ids: string[] = [];
  const issues: ExamIssue[] = [];
  names.forEach((name, i) => {
    const found = findDepartment(name, departments);
    if (found.ok) ids.push(found.value.id);
    else issues.push({ path: `audience.departments[${i}]`, message: found.reason });
  });
  return { ids: [...new Set(ids)], issues };
}
