/**
 * `ADMIN_USERS` entries are person ids, platform accounts or names (`张三`). An id or account names one
 * person; a name is taken only when exactly one real (not demo), active person has it — two people named
 * 张三 make it ambiguous, and it grants nothing until the entry is written as an id. Pure.
 */
import type { Person } from '../core/model.js';
import { isDemo } from './demo-data.js';

/** An entry that grants nothing: nobody has that id, account or name, or several people have that name. */
export interface AdminEntryProblem {
  readonly entry: string;
  readonly kind: 'unknown' | 'ambiguous';
  /** For an ambiguous name: the people who have it. */
  readonly candidates: readonly Person[];
}

const idsOf = (p: Person) => [p.id, ...Object.values(p.identities)].filter((x): x is string => x !== undefined);

/** Whether `p` is an admin by `ADMIN_USERS` (`people`: the directory, for names; without it names are not read). */
export function isConfigAdmin(p: Person, entries: ReadonlySet<string>, people?: readonly Person[]): boolean {
  if (isDemo(p)) return false; // a playground id that happens to match never gains it
  if (idsOf(p).some((id) => entries.has(id))) return true;
  if (!entries.has(p.name) || !people) return false;
  return people.filter((x) => x.name === p.name && x.active && !isDemo(x)).length === 1;
}

/** The entries that grant nothing, for the start-up warnings. */
export function adminEntryProblems(entries: readonly string[], people: readonly Person[]): AdminEntryProblem[] {
  const real = people.filter((p) => !isDemo(p));
  const problems: AdminEntryProblem[] = [];
  for (const entry of entries) {
    if (real.some((p) => idsOf(p).includes(entry))) continue;
    const named = real.filter((p) => p.active && p.name === entry);
    if (named.length === 1) continue;
    problems.push({ entry, kind: named.length === 0 ? 'unknown' : 'ambiguous', candidates: named });
  }
  return problems;
}

/** A problem as a Chinese line for the operator, with the fix. */
export function adminProblemText(p: AdminEntryProblem, departmentName: (id: string | undefined) => string | undefined): string {
  if (p.kind === 'unknown') {
    return `ADMIN_USERS 中的“${p.entry}”没有对应的人员（按编号、平台账号和姓名都没有找到），暂不授予管理员权限；请核对拼写，或先导入名单（同步通讯录）后重启。`;
  }
  const who = p.candidates.map((c) => `${c.name}（${departmentName(c.departmentId) ?? '未分配部门'}，编号 ${c.id}）`).join('、');
  return `ADMIN_USERS 中的“${p.entry}”有 ${p.candidates.length} 人同名：${who}。同名时不授予管理员权限，请改写为其中一人的编号。`;
}
