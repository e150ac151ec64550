/**
 * Finding a department or a person from what an admin types: an id, a path ('县司法局/法制科'), a platform
 * account, a 工号, or a name when it is unique. Pure; the answer says why nothing (or too much) matched.
 */
import { normaliseInput } from '../../core/text.js';
import type { Department, Person } from '../../core/model.js';
import { splitPath } from '../roster/parse-rows.js';
import { pathOf } from '../sync/links.js';

export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** A department by id, by path, or by a name that only one department has. */
export function findDepartment(text: string, departments: readonly Department[]): Found<Department> {
  const all = new Map(departments.map((d) => [d.id, d]));
  const q = normaliseInput(text);
  const byId = all.get(q);
  if (byId) return { ok: true, value: byId };
  const segs = splitPath(q);
  const hits = departments.filter((d) => {
    const path = splitPath(pathOf(d.id, all));
    return path.length >= segs.length && path.slice(-segs.length).join('/') === segs.join('/');
  });
  if (hits.length === 1) return { ok: true, value: hits[0]! };
  if (hits.length === 0) return { ok: false, reason: `没有找到部门“${text}”` };
  return { ok: false, reason: `“${text}”对应多个部门，请写完整路径或编号：${hits.map((d) => `${pathOf(d.id, all)}（${d.id}）`).join('、')}` };
}

/** A person by id, platform account, 工号, or a name that only one person has. */
export function findPerson(text: string, people: readonly Person[]): Found<Person> {
  const q = normaliseInput(text);
  const exact = people.filter((p) => p.id === q || p.employeeNo === q || Object.values(p.identities).includes(q));
  if (exact.length === 1) return { ok: true, value: exact[0]! };
  const named = exact.length > 1 ? exact : people.filter((p) => p.name === q);
  if (named.length === 1) return { ok: true, value: named[0]! };
  if (named.length === 0) return { ok: false, reason: `没有找到人员“${text}”` };
  return { ok: false, reason: `“${text}”对应多名人员，请用编号：${named.map((p) => `${p.name}（${p.id}）`).join('、')}` };
}

/** People whose name, id, account, 工号 or mobile contains the words. */
export function searchPeople(text: string, people: readonly Person[]): Person[] {
  const q = normaliseInput(text).toLowerCase();
  return people.filter((p) => [p.name, p.id, p.employeeNo, p.mobile, p.title, ...Object.values(p.identities)].some((v) => v?.toLowerCase().includes(q)));
}
