import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { fieldOfHeader } from '../../../src/directory/roster/headers.js';
import { type SheetRow, parseCsv, parseRoster, planRoster, splitPath } from '../../../src/directory/roster/index.js';
import type { Department, Person } from '../../../src/core/model.js';

const today = '2026-11-24' as QuizDay;
const rows = (...lines: (string | null)[][]): SheetRow[] => lines.map((cells, i) => ({ row: i + 1, cells: cells.map((c) => c ?? '') }));
const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  roles: ['member'],
  track: '全员',
  identities: {},
  active: true,
  joinedOn: '2026-01-05' as QuizDay,
  ...extra,
});
const DEPTS: Department[] = [
  { id: 'sfj', name: '县司法局' },
  { id: 'zfdd', name: '执法大队', parentId: 'sfj' },
  { id: 'zd1', name: '一中队', parentId: 'zfdd' },
  { id: 'jc', name: '监察大队', parentId: 'sfj' },
  { id: 'jc1', name: '一中队', parentId: 'jc' },
];

describe('roster sheet reading', () => {
  test('CSV: quotes, doubled quotes, line breaks in quotes, CRLF, tabs; row numbers are lines', () => {
    const csv = '姓名,部门\r\n"张,三","法制科 ""一组"""\r\n\r\n"李\n四",执法大队\r\n';
    expect(parseCsv(csv)).toEqual([
      { row: 1, cells: ['姓名', '部门'] },
      { row: 2, cells: ['张,三', '法制科 "一组"'] },
      { row: 4, cells: ['李\n四', '执法大队'] },
    ]);
    expect(parseCsv('姓名\t部门\n王五\t法制科')).toEqual([
      { row: 1, cells: ['姓名', '部门'] },
      { row: 2, cells: ['王五', '法制科'] },
    ]);
  });

  test('headers are matched through width, spaces, markers, hints and synonyms', () => {
    const cases: [string, string | undefined][] = [
      ['姓 名', 'name'],
      ['*姓名（必填）', 'name'],
      ['所属部门', 'department'],
      ['上级部门', 'parent'],
      ['企业微信账号', 'wecom'],
      ['ＵｓｅｒＩＤ', 'wecom'],
      ['企业微信UserID(账号)', 'wecom'],
      ['钉钉userid', 'dingtalk'],
      ['StaffId', 'dingtalk'],
      ['人员编号', 'employeeNo'],
      ['适用对象', 'track'],
      ['在职状态', 'status'],
      ['角色', 'roles'],
      ['手机号', 'mobile'],
      ['职务', 'title'],
      ['现任职务', 'title'],
      ['备注', undefined],
    ];
    for (const [h, f] of cases) expect([h, fieldOfHeader(h)]).toEqual([h, f]);
    expect(splitPath(' 县司法局 ／ 执法大队＞一中队 ')).toEqual(['县司法局', '执法大队', '一中队']);
  });

  test('a title row above the header is skipped and row numbers stay those of the sheet', () => {
    const parsed = parseRoster(rows(['花名册'], ['姓名', '部门', '账号'], ['张三', '', 'zs']))!;
    expect(parsed.errors).toEqual([{ row: 3, column: '部门', reason: '缺少部门' }]);
    expect(parseRoster(rows(['名单'], ['a', 'b']))).toBeUndefined();
  });
});

describe('roster plan', () => {
  const plan = (lines: (string | null)[][], people: Person[] = [], opts = {}) =>
    planRoster(parseRoster(rows(...lines))!, { departments: DEPTS, people }, today, opts);

  test('plain names find the unique existing department; an ambiguous name asks for a path', () => {
    const p = plan([
      ['姓名', '部门', '账号'],
      ['甲', '执法大队', 'jia'],
      ['乙', '一中队', 'yi'],
      ['丙', '监察大队/一中队', 'bing'],
      ['丁', '县司法局/监察大队/一中队', 'ding'],
      ['戊', '县公安局/二中队', 'wu'],
      ['己', '二中队', 'ji'],
    ]);
    expect(p.people.map((x) => [x.name, x.departmentId])).toEqual([
      ['甲', 'zfdd'],
      ['丙', 'jc1'],
      ['丁', 'jc1'],
      ['戊', p.departments[1]!.id],
      ['己', p.departments[1]!.id],
    ]);
    expect(p.errors).toEqual([{ row: 3, reason: '部门“一中队”有多个同名部门，请填写完整路径（如“县司法局/执法大队/一中队”）' }]);
    expect(p.departments).toEqual([
      { id: expect.stringMatching(/^dept-[0-9a-f]{8}$/), name: '县公安局', pinned: true },
      { id: expect.any(String), name: '二中队', parentId: p.departments[0]!.id, pinned: true },
    ]);
  });

  test('accounts that belong to two existing people are not merged silently', () => {
    const p = plan(
      [
        ['姓名', '部门', '企业微信账号', '钉钉账号'],
        ['张三', '执法大队', 'zs', 'ding-zs'],
      ],
      [person('wecom:zs', { identities: { wecom: 'zs' } }), person('dingtalk:ding-zs', { identities: { dingtalk: 'ding-zs' } })],
    );
    expect(p.errors[0]?.reason).toMatch(/^账号分属系统中不同的人员（wecom:zs\/wecom:zs、dingtalk:ding-zs\/dingtalk:ding-zs）/);
    expect(p.people).toEqual([]);
  });

  test('a second row for the same person is reported and skipped; the first row is kept and the rest imports', () => {
    const p = plan([
      ['姓名', '部门', '工号', '企业微信账号'],
      ['张三', '执法大队', 'zs', 'a1'],
      ['张三', '执法大队', '', 'zs'],
      ['李四', '执法大队', '', 'a1'],
      ['王五', '执法大队', '', 'ww'],
    ]);
    expect(p.errors).toEqual([]);
    expect(p.warnings).toEqual([
      { row: 3, reason: '人员编号“zs”与第 2 行重复，已跳过此行（保留第 2 行）' },
      { row: 4, reason: '企业微信账号“a1”与第 2 行重复，已跳过此行（保留第 2 行）' },
    ]);
    expect(p.people.map((x) => [x.name, x.id, x.identities.wecom])).toEqual([
      ['张三', 'zs', 'a1'],
      ['王五', 'ww', 'ww'],
    ]);
  });

  test('without 角色/类别 columns existing roles and tracks stay; with them the sheet decides', () => {
    const lead = person('li', { roles: ['leader'], track: '领导干部', departmentId: 'zfdd', name: '李', identities: { wecom: 'li', playground: 'li' } });
    expect(
      plan(
        [
          ['姓名', '部门', '账号'],
          ['李', '执法大队', 'li'],
        ],
        [lead],
      ),
    ).toMatchObject({ people: [{ id: 'li', roles: ['leader'], track: '领导干部', pinned: ['department', 'name'] }] });
    const pinnedLead = { ...lead, pinned: ['department', 'name'] as const };
    expect(
      plan(
        [
          ['姓名', '部门', '账号'],
          ['李', '执法大队', 'li'],
        ],
        [{ ...pinnedLead, pinned: [...pinnedLead.pinned] }],
      ),
    ).toMatchObject({ people: [], unchanged: 1 });
    const p = plan(
      [
        ['姓名', '部门', '账号', '角色', '类别'],
        ['李', '执法大队', 'li', '', ''],
      ],
      [lead],
    );
    expect(p.people).toMatchObject([{ id: 'li', roles: ['member'], track: '全员', joinedOn: '2026-01-05' }]);
  });

  test('a leaver row for someone never imported is ignored; the playground id is not taken twice', () => {
    const p = plan([
      ['姓名', '部门', '企业微信账号', '钉钉账号', '状态', '工号'],
      ['甲', '执法大队', 'x1', '', '离职', ''],
      ['乙', '执法大队', 'u1', '', '', 'E1'],
      ['丙', '执法大队', '', 'u1', '', 'E2'],
    ]);
    expect(p).toMatchObject({ unchanged: 1, deactivations: [], created: 2 });
    expect(p.people.map((x) => x.identities)).toEqual([{ wecom: 'u1', playground: 'u1' }, { dingtalk: 'u1' }]);
  });
});
