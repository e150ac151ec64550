/**
 * Roster column headers, matched flexibly: full/half width (NFKC), spaces, case, `*` required markers and
 * bracketed hints ("姓名（必填）") are ignored, and each field has the synonyms bureaus' sheets use. Pure.
 */

/** The roster fields a column can carry. */
export type RosterField = 'name' | 'department' | 'parent' | 'wecom' | 'dingtalk' | 'employeeNo' | 'mobile' | 'title' | 'roles' | 'track' | 'status';

const SYNONYMS: Readonly<Record<RosterField, readonly string[]>> = {
  name: ['姓名', '名字', '人员姓名', '员工姓名', '干部姓名', '真实姓名', 'name'],
  department: [
    '部门',
    '所属部门',
    '部门名称',
    '所在部门',
    '部门路径',
    '单位',
    '所属单位',
    '单位名称',
    '所在单位',
    '科室',
    '所在科室',
    '单位部门',
    '部门单位',
    'department',
    'dept',
  ],
  parent: ['上级部门', '上级单位', '父部门', '上级', '所属上级', '上级部门名称', 'parent'],
  wecom: ['企业微信账号', '企业微信userid', '企业微信用户id', '企业微信id', '企微账号', '企微userid', 'userid', '账号', 'wecom', 'wecomuserid'],
  dingtalk: ['钉钉账号', '钉钉userid', '钉钉用户id', '钉钉id', 'staffid', '钉钉staffid', 'dingtalk', 'dingtalkuserid'],
  employeeNo: ['工号', '编号', '人员编号', '员工编号', '职工号', '员工工号', '人员id', 'id'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', '联系电话', '联系方式', 'mobile', 'phone'],
  title: ['职务', '职位', '现任职务', '行政职务', '职务名称', '职位名称', 'title', 'position'],
  roles: ['角色', '权限', '身份', '角色权限', '系统角色', 'role', 'roles'],
  track: ['类别', '人员类别', '适用对象', '学习类别', '人员类型', '学习对象', 'track'],
  status: ['状态', '在职状态', '人员状态', '账号状态', '是否在职', 'status'],
};

/** Human names of the fields, for messages. */
export const FIELD_LABELS: Readonly<Record<RosterField, string>> = {
  name: '姓名',
  department: '部门',
  parent: '上级部门',
  wecom: '企业微信账号',
  dingtalk: '钉钉账号',
  employeeNo: '工号',
  mobile: '手机',
  title: '职务',
  roles: '角色',
  track: '类别',
  status: '状态',
};

/** Full-width to half-width, spaces removed, lower case. */
export function normaliseHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').replace(/[*＊]/g, '').toLowerCase();
}

const LOOKUP = new Map<string, RosterField>();
for (const [field, names] of Object.entries(SYNONYMS) as [RosterField, readonly string[]][]) {
  for (const n of names) LOOKUP.set(normaliseHeader(n), field);
}

/** The field a header cell names, if any. */
export function fieldOfHeader(cell: string): RosterField | undefined {
  const full = normaliseHeader(cell);
  if (!full) return undefined;
  const bare = full.replace(/[(（【[][^)）】\]]*[)）】\]]/g, '');
  const exact = LOOKUP.get(bare) ?? LOOKUP.get(full);
  if (exact) return exact;
  if (/钉钉|dingtalk|staffid/.test(full)) return 'dingtalk';
  if (/企业微信|企微|wecom|wxwork|userid/.test(full)) return 'wecom';
  return undefined;
}

/** Column index (0-based) of each field found in a header row; the first column wins when two match. */
export type ColumnMap = Partial<Record<RosterField, number>>;

export function mapHeader(cells: readonly string[]): ColumnMap {
  const map: ColumnMap = {};
  cells.forEach((cell, i) => {
    const field = fieldOfHeader(cell);
    if (field && map[field] === undefined) map[field] = i;
  });
  return map;
}

/** Header cells that name no field (or a field an earlier column already took): the import ignores them. */
export function ignoredHeaders(cells: readonly string[], map: ColumnMap): string[] {
  const used = new Set(Object.values(map));
  return cells.flatMap((cell, i) => (cell.trim() !== '' && !used.has(i) ? [cell.trim()] : []));
}

/** A header row names 姓名 and 部门; sheets often have a title row or two above it. */
export function isHeaderRow(cells: readonly string[]): boolean {
  const map = mapHeader(cells);
  return map.name !== undefined && map.department !== undefined;
}
