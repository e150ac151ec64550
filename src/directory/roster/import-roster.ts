/**
 * `import-roster <file.xlsx|file.csv>`: reads the roster, plans the changes and applies them all-or-nothing
 * (one saveDepartments and one savePeople write). Nothing is written when the file cannot be read or any
 * row is bad, unless `skipInvalid` (then the good rows are applied and the bad ones reported).
 */
import { NO_PROGRESS, type Progress } from '../../core/progress.js';
import type { QuizDay } from '../../core/quiz-day.js';
import type { DirectoryStore } from '../../core/ports/directory-store.js';
import type { QuizLog } from '../../core/ports/quiz-log.js';
import { FIELD_LABELS } from './headers.js';
import { type RowError, formatRowError, parseRoster } from './parse-rows.js';
import { planRoster } from './plan.js';
import { RosterFileError, readRosterRows } from './read-sheet.js';

/** The part of the Store an import needs. */
export type RosterStore = Pick<DirectoryStore, 'listDepartments' | 'listPeople' | 'saveDepartments' | 'savePeople'> & Pick<QuizLog, 'lastSeen'>;

export interface ImportRosterOptions {
  /** The import day: joinedOn of new people, leftOn of leavers. */
  readonly today: QuizDay;
  /** Apply the good rows even when some rows are bad. */
  readonly skipInvalid?: boolean;
  /** Deactivate active people who are not in the file. */
  readonly deactivateMissing?: boolean;
  /** Plan and report only. */
  readonly dryRun?: boolean;
  /** 职务 that make a leader (LEADER_TITLE_PATTERN). */
  readonly leaderTitles?: RegExp;
  /** Where the import shows its progress. */
  readonly progress?: Progress;
}

export interface RosterReport {
  readonly file: string;
  /** Whether the plan was written (false on errors without skipInvalid, on a dry run, on a fatal error). */
  readonly applied: boolean;
  /** Why the file could not be imported at all (unreadable, no header row…). */
  readonly fatal?: string;
  /** Data rows read. */
  readonly rows: number;
  readonly departmentsCreated: number;
  /** Existing departments moved into the sheet's tree (a plain name imported before a path). */
  readonly departmentsMoved: number;
  readonly peopleCreated: number;
  readonly peopleUpdated: number;
  readonly deactivated: number;
  readonly unchanged: number;
  /** departmentsCreated + peopleCreated + peopleUpdated + deactivated. */
  readonly changes: number;
  readonly errors: readonly RowError[];
  /** Rows skipped without blocking the import (a repeated account; the first row is kept). */
  readonly warnings: readonly RowError[];
  /** Header cells the import does not read. */
  readonly ignoredColumns: readonly string[];
  /** Who is added, moved to another department, updated otherwise, or deactivated (the console's preview). */
  readonly details?: RosterDetails;
}

/** The people a roster changes, by kind of change. */
export interface RosterDetails {
  readonly added: ReadonlyArray<{ id: string; name: string; department: string }>;
  readonly moved: ReadonlyArray<{ id: string; name: string; from: string; to: string }>;
  readonly updated: ReadonlyArray<{ id: string; name: string }>;
  readonly deactivated: ReadonlyArray<{ id: string; name: string; department: string }>;
}

const EMPTY = {
  rows: 0,
  departmentsCreated: 0,
  departmentsMoved: 0,
  peopleCreated: 0,
  peopleUpdated: 0,
  deactivated: 0,
  unchanged: 0,
  changes: 0,
  errors: [],
  warnings: [],
  ignoredColumns: [],
};

/** Imports a roster file into the store; never throws for a bad file (see `fatal`). */
export async function importRoster(store: RosterStore, file: string, opts: ImportRosterOptions): Promise<RosterReport> {
  const progress = opts.progress ?? NO_PROGRESS;
  let rows: Awaited<ReturnType<typeof readRosterRows>>;
  progress.step('读取名单文件', 1);
  try {
    rows = await readRosterRows(file);
    progress.update(1);
  } catch (e) {
    if (e instanceof RosterFileError) return { file, applied: false, fatal: e.message, ...EMPTY };
    return { file, applied: false, fatal: `无法读取文件 ${file}（不是有效的名单文件）`, ...EMPTY };
  }
  const parsed = parseRoster(rows);
  if (!parsed) {
    const fatal = rows.length === 0 ? '文件中没有数据' : `未找到表头行：需要“${FIELD_LABELS.name}”和“${FIELD_LABELS.department}”列（前 10 行内）`;
    return { file, applied: false, fatal, ...EMPTY };
  }
  if (parsed.columns.wecom === undefined && parsed.columns.dingtalk === undefined && parsed.columns.employeeNo === undefined) {
    return { file, applied: false, fatal: '缺少账号列：需要“企业微信账号”（userid）、“钉钉账号”（staffId）或“工号”列', ...EMPTY, rows: parsed.rows };
  }
  const [departments, people] = await Promise.all([store.listDepartments(), store.listPeople()]);
  // Ids with quiz history but no person (demo people cleared away): a new person must not inherit that history.
  const known = new Set(people.map((p) => p.id));
  const idsWithHistory = new Set<string>();
  progress.step('核对人员', parsed.entries.length);
  for (const [k, e] of parsed.entries.entries()) {
    const id = e.employeeNo ?? e.wecom ?? e.dingtalk;
    if (id && !known.has(id) && (await store.lastSeen(id)).size > 0) idsWithHistory.add(id);
    progress.update(k + 1);
  }
  const plan = planRoster(parsed, { departments, people }, opts.today, {
    deactivateMissing: opts.deactivateMissing,
    leaderTitles: opts.leaderTitles,
    idsWithHistory,
  });
  const apply = !opts.dryRun && (plan.errors.length === 0 || !!opts.skipInvalid);
  const toSave = [...plan.people, ...plan.deactivations];
  if (apply) {
    progress.step('保存部门和人员', 2);
    if (plan.departments.length > 0) await store.saveDepartments(plan.departments);
    progress.update(1);
    if (toSave.length > 0) await store.savePeople(toSave);
    progress.update(2);
  }
  const counts = {
    departmentsCreated: plan.departmentsCreated,
    departmentsMoved: plan.departments.length - plan.departmentsCreated,
    peopleCreated: plan.created,
    peopleUpdated: plan.people.length - plan.created,
    deactivated: plan.deactivations.length,
    unchanged: plan.unchanged,
  };
  const names = new Map([...departments, ...plan.departments].map((d) => [d.id, d.name]));
  const dept = (id: string | undefined) => (id ? (names.get(id) ?? id) : '');
  const before = new Map(people.map((p) => [p.id, p]));
  const details: RosterDetails = {
    added: plan.people.filter((p) => !before.has(p.id)).map((p) => ({ id: p.id, name: p.name, department: dept(p.departmentId) })),
    moved: plan.people
      .filter((p) => before.has(p.id) && before.get(p.id)!.departmentId !== p.departmentId)
      .map((p) => ({ id: p.id, name: p.name, from: dept(before.get(p.id)!.departmentId), to: dept(p.departmentId) })),
    updated: plan.people.filter((p) => before.has(p.id) && before.get(p.id)!.departmentId === p.departmentId).map((p) => ({ id: p.id, name: p.name })),
    deactivated: plan.deactivations.map((p) => ({ id: p.id, name: p.name, department: dept(p.departmentId) })),
  };
  const changes = counts.departmentsCreated + counts.departmentsMoved + counts.peopleCreated + counts.peopleUpdated + counts.deactivated;
  return {
    file,
    applied: apply,
    rows: parsed.rows,
    ...counts,
    changes,
    errors: plan.errors,
    warnings: plan.warnings,
    ignoredColumns: parsed.ignoredColumns,
    details,
  };
}

/** The report as lines for the command line or a chat reply (Chinese, for admins). */
export function formatRosterReport(r: RosterReport): string[] {
  if (r.fatal) return [`导入失败：${r.fatal}`, '未做任何修改。'];
  const moved = r.departmentsMoved > 0 ? `，调整部门上级 ${r.departmentsMoved} 个` : '';
  const lines = [
    `读取 ${r.rows} 行：新建部门 ${r.departmentsCreated} 个${moved}，新增人员 ${r.peopleCreated} 人，更新 ${r.peopleUpdated} 人，停用 ${r.deactivated} 人，未变化 ${r.unchanged} 人。`,
  ];
  if (r.ignoredColumns.length > 0) lines.push(`忽略无法识别的列：${r.ignoredColumns.join('、')}`);
  for (const e of r.warnings) lines.push(formatRowError(e));
  for (const e of r.errors) lines.push(formatRowError(e));
  if (r.errors.length > 0 && !r.applied) lines.push(`共 ${r.errors.length} 处错误，未做任何修改。请改正后重新导入，或使用 --skip-invalid 只导入正确的行。`);
  else if (r.errors.length > 0) lines.push(`共 ${r.errors.length} 处错误，已跳过这些行，其余${r.changes > 0 ? '已保存' : '无需修改'}。`);
  else if (r.changes === 0) lines.push('没有需要修改的内容。');
  else lines.push(r.applied ? '已保存。' : '试运行：未保存。');
  return lines;
}
