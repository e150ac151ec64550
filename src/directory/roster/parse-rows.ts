/**
 * Sheet rows → roster entries, one per person row, with every bad value reported by row number. Pure.
 * Values are normalised (full/half width, spaces); roles, tracks and statuses accept the words bureaus use.
 */
import { TRACKS, type Track } from '../../bank/question-schema.js';
import { normaliseInput, normaliseMobile } from '../../core/text.js';
import type { Role } from '../../core/model.js';
import { type ColumnMap, FIELD_LABELS, type RosterField, ignoredHeaders, isHeaderRow, mapHeader } from './headers.js';
import type { SheetRow } from './read-sheet.js';

/** A reason a row cannot be imported, for admins: `第 7 行：缺少姓名`. */
export interface RowError {
  readonly row: number;
  /** The column at fault, as the sheet's header names it (absent when the row as a whole is at fault). */
  readonly column?: string;
  readonly reason: string;
}

export interface RosterEntry {
  readonly row: number;
  readonly name: string;
  /** 部门 split into path segments ('县司法局/执法大队' → two). */
  readonly department: readonly string[];
  /** 上级部门 split likewise; empty when absent. */
  readonly parent: readonly string[];
  readonly employeeNo?: string;
  /** 手机, digits only (matched against the platforms' mobile where they give one). */
  readonly mobile?: string;
  /** 职务 (e.g. 科长): a title matching LEADER_TITLE_PATTERN makes the person a leader. */
  readonly title?: string;
  readonly wecom?: string;
  readonly dingtalk?: string;
  /** Undefined when the sheet has no 角色 column (existing roles are kept). */
  readonly roles?: readonly Role[];
  /** Undefined when the sheet has no 类别 column (existing tracks are kept). */
  readonly track?: Track;
  /** False for 离职/停用 rows. */
  readonly active: boolean;
}

export interface ParsedRoster {
  readonly columns: ColumnMap;
  /** Header cells the import does not read (reported to the admin). */
  readonly ignoredColumns: readonly string[];
  /** Data rows seen (non-empty rows below the header). */
  readonly rows: number;
  /** Rows that parsed; a row with any error is absent. */
  readonly entries: readonly RosterEntry[];
  readonly errors: readonly RowError[];
}

const ROLE_WORDS: Readonly<Record<string, Role>> = {
  成员: 'member',
  普通: 'member',
  普通成员: 'member',
  一般: 'member',
  学员: 'member',
  员工: 'member',
  干部: 'member',
  member: 'member',
  user: 'member',
  领导: 'leader',
  部门领导: 'leader',
  负责人: 'leader',
  部门负责人: 'leader',
  分管领导: 'leader',
  主要领导: 'leader',
  leader: 'leader',
  管理员: 'admin',
  系统管理员: 'admin',
  超级管理员: 'admin',
  admin: 'admin',
  administrator: 'admin',
};
const ROLE_ORDER: readonly Role[] = ['member', 'leader', 'admin'];

const TRACK_WORDS: Readonly<Record<string, Track>> = {
  全员: '全员',
  全体: '全员',
  普通: '全员',
  公务员: '全员',
  一般干部: '全员',
  工作人员: '全员',
  领导干部: '领导干部',
  领导: '领导干部',
  执法人员: '执法人员',
  执法: '执法人员',
  行政执法人员: '执法人员',
  执法队员: '执法人员',
};

const ACTIVE_WORDS = new Set(['在职', '正常', '启用', '激活', '有效', '在岗', '是', 'active']);
const INACTIVE_WORDS = new Set(['离职', '已离职', '停用', '禁用', '退休', '已退休', '调离', '调出', '注销', '离岗', '冻结', '否', 'inactive']);

/** Path separators between department levels: / \ > - — → (full-width forms fold to these under NFKC). */
export function splitPath(s: string): string[] {
  return normaliseInput(s)
    .split(/\s*[/\\>\-—→]+\s*/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** Finds the header row (first row naming 姓名 and 部门) and parses the rows below it. Undefined without a header. */
export function parseRoster(rows: readonly SheetRow[]): ParsedRoster | undefined {
  const h = rows.findIndex((r) => isHeaderRow(r.cells));
  if (h < 0) return undefined;
  const columns = mapHeader(rows[h]!.cells);
  const entries: RosterEntry[] = [];
  const errors: RowError[] = [];
  let count = 0;
  for (const r of rows.slice(h + 1)) {
    const get = (f: RosterField) => (columns[f] === undefined ? '' : normaliseInput(r.cells[columns[f]!] ?? ''));
    if (!get('name') && !get('department') && !get('wecom') && !get('dingtalk') && !get('employeeNo')) continue;
    count++;
    const rowErrors: Array<{ column?: string; reason: string }> = [];
    // The column's header as the sheet spells it, else the importer's name for it.
    const col = (f: RosterField) => (columns[f] === undefined ? FIELD_LABELS[f] : rows[h]!.cells[columns[f]!]?.trim() || FIELD_LABELS[f]);
    const name = get('name');
    if (!name) rowErrors.push({ column: col('name'), reason: '缺少姓名' });
    const department = splitPath(get('department'));
    if (department.length === 0) rowErrors.push({ column: col('department'), reason: '缺少部门' });
    const wecom = get('wecom').replace(/\s/g, '') || undefined;
    const dingtalk = get('dingtalk').replace(/\s/g, '') || undefined;
    const employeeNo = get('employeeNo').replace(/\s/g, '') || undefined;
    if (!wecom && !dingtalk && !employeeNo)
      rowErrors.push({ reason: `缺少账号（${FIELD_LABELS.wecom}、${FIELD_LABELS.dingtalk}或${FIELD_LABELS.employeeNo}至少填一个）` });
    const mobile = normaliseMobile(get('mobile'));
    if (get('mobile') && !mobile) rowErrors.push({ column: col('mobile'), reason: `手机号“${get('mobile')}”不是 11 位手机号码` });
    let roles: Role[] | undefined;
    if (columns.roles !== undefined) {
      const words = get('roles')
        .split(/[,;、/|\s]+/)
        .filter(Boolean);
      const unknown = words.filter((w) => !ROLE_WORDS[w.toLowerCase()]);
      if (unknown.length) rowErrors.push({ column: col('roles'), reason: `未知角色“${unknown.join('、')}”（可填：成员、领导、管理员）` });
      const set = new Set(words.map((w) => ROLE_WORDS[w.toLowerCase()]).filter((x): x is Role => x !== undefined));
      roles = set.size ? ROLE_ORDER.filter((x) => set.has(x)) : ['member'];
    }
    let track: Track | undefined;
    if (columns.track !== undefined) {
      const t = get('track').replace(/\s/g, '');
      track = t ? TRACK_WORDS[t] : '全员';
      if (!track) rowErrors.push({ column: col('track'), reason: `未知类别“${t}”（可填：${TRACKS.join('、')}）` });
    }
    const status = get('status').replace(/\s/g, '').toLowerCase();
    const inactive = INACTIVE_WORDS.has(status);
    if (status && !inactive && !ACTIVE_WORDS.has(status)) rowErrors.push({ column: col('status'), reason: `未知状态“${status}”（可填：在职、离职、停用）` });
    if (rowErrors.length) {
      for (const e of rowErrors) errors.push({ row: r.row, ...e });
      continue;
    }
    entries.push({
      row: r.row,
      name,
      department,
      parent: splitPath(get('parent')),
      employeeNo,
      mobile,
      title: get('title') || undefined,
      wecom,
      dingtalk,
      roles,
      track,
      active: !inactive,
    });
  }
  return { columns, ignoredColumns: ignoredHeaders(rows[h]!.cells, columns), rows: count, entries, errors };
}

/** `第 7 行：缺少姓名` */
export function formatRowError(e: RowError): string {
  return e.row > 0 ? `第 ${e.row} 行：${e.reason}` : e.reason;
}
