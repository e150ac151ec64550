import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { formatRosterReport, importRoster } from '../../../src/directory/roster/index.js';
import { departmentRows, isExpected, subtreeIds } from '../../../src/stats/leaderboard.js';
import { DEFAULT_POINTS } from '../../../src/quiz/points.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Person } from '../../../src/core/model.js';
import { FIXTURES, snapshot, tempDir, writeXlsx } from './roster-helpers.js';

const today = '2026-11-24' as QuizDay;
const HEADER = ['序号', '姓名（必填）', '部门', '企业微信userid', '钉钉账号', '工号', '角色', '人员类别', '状态'];
const GOOD = [
  ['县司法局 2026 年学法人员花名册'],
  HEADER,
  [1, '王局长', '县司法局', 'wangjz', null, null, '领导、管理员', '领导干部', '在职'],
  [2, '李科长', '县司法局/法制科', 'likz', null, null, '部门领导', '领导干部', null],
  [3, '张三', '县司法局/法制科', 'zhangsan', null, null, '成员', null, null],
  [4, '李四', '县司法局-执法大队', 'lisi', 'ding-lisi', null, null, '执法人员', '在职'],
  [5, '王五', '县司法局/执法大队/一中队', null, 'ding-wangwu', 'E005', 'member', '执法人员', '在职'],
];

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function imported(rows = GOOD) {
  const store = createMemoryStore();
  const file = await writeXlsx(join(dir, 'roster.xlsx'), rows);
  const report = await importRoster(store, file, { today });
  return { store, file, report };
}

const byName = async (store: ReturnType<typeof createMemoryStore>, name: string): Promise<Person> => (await store.listPeople()).find((p) => p.name === name)!;

describe('import-roster: a good sheet', () => {
  test('builds the department tree from paths and creates the people', async () => {
    const { store, report } = await imported();
    expect(report).toMatchObject({ applied: true, rows: 5, departmentsCreated: 4, peopleCreated: 5, peopleUpdated: 0, deactivated: 0, errors: [] });
    const depts = await store.listDepartments();
    const path = (id: string | undefined): string => {
      const d = depts.find((x) => x.id === id)!;
      return d.parentId ? `${path(d.parentId)}/${d.name}` : d.name;
    };
    expect(depts.map((d) => path(d.id)).sort()).toEqual(['县司法局', '县司法局/执法大队', '县司法局/执法大队/一中队', '县司法局/法制科']);
    const wang = await byName(store, '王局长');
    expect(wang).toMatchObject({
      id: 'wangjz',
      roles: ['leader', 'admin'],
      track: '领导干部',
      active: true,
      joinedOn: today,
      identities: { wecom: 'wangjz', playground: 'wangjz' },
    });
    expect(path(wang.departmentId)).toBe('县司法局');
    expect(await byName(store, '张三')).toMatchObject({ roles: ['member'], track: '全员' });
    const wangwu = await byName(store, '王五');
    expect(wangwu).toMatchObject({ id: 'E005', identities: { dingtalk: 'ding-wangwu', playground: 'ding-wangwu' }, track: '执法人员' });
    expect(path(wangwu.departmentId)).toBe('县司法局/执法大队/一中队');
    expect(path((await byName(store, '李四')).departmentId)).toBe('县司法局/执法大队');
  });

  test('re-importing the same file changes nothing', async () => {
    const { store, file } = await imported();
    const before = await snapshot(store);
    const again = await importRoster(store, file, { today: '2026-12-01' as QuizDay });
    expect(again).toMatchObject({ changes: 0, unchanged: 5, departmentsCreated: 0, peopleCreated: 0, peopleUpdated: 0, errors: [] });
    expect(formatRosterReport(again).at(-1)).toBe('没有需要修改的内容。');
    expect(await snapshot(store)).toBe(before);
  });

  test('a person with both a WeCom and a DingTalk id is one record and studies once', async () => {
    const { store } = await imported();
    const viaWecom = await store.findPersonByIdentity('wecom', 'lisi');
    const viaDing = await store.findPersonByIdentity('dingtalk', 'ding-lisi');
    expect(viaWecom?.id).toBe('lisi');
    expect(viaDing?.id).toBe('lisi');
    expect((await store.listPeople()).filter((p) => p.name === '李四')).toHaveLength(1);
    await store.completeDay('lisi', today, 0);
    const dd = (await store.listDepartments()).find((d) => d.name === '执法大队')!;
    const tables = await store.dayMatrix([today]);
    const [row] = departmentRows([dd], await store.listPeople(), [today], [today], tables, DEFAULT_POINTS, () => new Set([dd.id]));
    expect(row).toMatchObject({ studied: 1, expected: 1, rate: 1 });
  });

  test('a CSV in UTF-8 with BOM and full-width separators gives the same directory as the xlsx', async () => {
    const store = createMemoryStore();
    const report = await importRoster(store, `${FIXTURES}good.csv`, { today });
    expect(report).toMatchObject({ applied: true, rows: 5, departmentsCreated: 4, peopleCreated: 5, errors: [] });
    const { store: fromXlsx } = await imported();
    const shape = async (s: typeof store) => (await s.listPeople()).map((p) => [p.id, p.name, p.roles.join(), p.track, p.departmentId]).sort();
    expect(await shape(store)).toEqual(await shape(fromXlsx));
  });

  test('people who arrived over chat before the roster keep their id and history', async () => {
    const store = createMemoryStore();
    const early: Person = {
      id: 'wecom:zhangsan',
      name: 'zhangsan',
      roles: ['member'],
      track: '全员',
      identities: { wecom: 'zhangsan' },
      active: true,
      joinedOn: '2026-11-02' as QuizDay,
    };
    await store.savePeople([early]);
    await store.completeDay(early.id, '2026-11-03' as QuizDay, 0);
    const file = await writeXlsx(join(dir, 'r.xlsx'), GOOD);
    const report = await importRoster(store, file, { today });
    expect(report).toMatchObject({ peopleCreated: 4, peopleUpdated: 1 });
    const zs = await byName(store, '张三');
    expect(zs).toMatchObject({ id: 'wecom:zhangsan', joinedOn: '2026-11-02', identities: { wecom: 'zhangsan', playground: 'zhangsan' } });
    expect((await store.dayStats('wecom:zhangsan', '2026-11-03' as QuizDay)).completed).toBe(true);
  });
});

describe('import-roster: bad sheets', () => {
  test('every bad row is reported with its row number and nothing is applied', async () => {
    const store = createMemoryStore();
    const before = await snapshot(store);
    const report = await importRoster(store, `${FIXTURES}bad.csv`, { today });
    expect(report.applied).toBe(false);
    expect(report.errors.map((e) => `${e.row} ${e.reason}`)).toEqual([
      '3 缺少姓名',
      '4 缺少部门',
      '5 缺少账号（企业微信账号、钉钉账号或工号至少填一个）',
      '6 未知角色“科长”（可填：成员、领导、管理员）',
      '8 未知状态“休假”（可填：在职、离职、停用）',
    ]);
    expect(report.warnings.map((e) => `${e.row} ${e.reason}`)).toEqual(['7 企业微信账号“zhangsan”与第 2 行重复，已跳过此行（保留第 2 行）']);
    const lines = formatRosterReport(report);
    expect(lines).toContain('第 3 行：缺少姓名');
    expect(lines.at(-1)).toContain('未做任何修改');
    expect(await snapshot(store)).toBe(before);
  });

  test('--skip-invalid applies the good rows only', async () => {
    const store = createMemoryStore();
    const report = await importRoster(store, `${FIXTURES}bad.csv`, { today, skipInvalid: true });
    expect(report).toMatchObject({ applied: true, peopleCreated: 2, departmentsCreated: 1 });
    expect(report.errors).toHaveLength(5);
    expect((await store.listPeople()).map((p) => [p.name, p.roles.join()])).toEqual([
      ['张三', 'member'],
      ['孙九', 'leader'],
    ]);
  });

  test('an unreadable file changes nothing and says why', async () => {
    const { store } = await imported();
    const before = await snapshot(store);
    const corrupt = join(dir, 'broken.xlsx');
    await writeFile(corrupt, 'PK\u0003\u0004 this is not a zip');
    const noHeader = join(dir, 'no-header.csv');
    await writeFile(noHeader, '甲,乙\n1,2\n');
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.xlsx'), /找不到文件 .*missing.xlsx/],
      [corrupt, /不是有效的 Excel/],
      [join(dir, 'old.xls'), /找不到文件/],
      [noHeader, /未找到表头行/],
    ];
    await writeFile(join(dir, 'empty.csv'), '');
    cases.push([join(dir, 'empty.csv'), /没有数据/]);
    for (const [file, reason] of cases) {
      const r = await importRoster(store, file, { today, skipInvalid: true, deactivateMissing: true });
      expect(r.applied).toBe(false);
      expect(r.fatal).toMatch(reason);
      expect(formatRosterReport(r)).toEqual([`导入失败：${r.fatal}`, '未做任何修改。']);
    }
    await writeFile(join(dir, 'old.xls'), 'whatever');
    expect((await importRoster(store, join(dir, 'old.xls'), { today })).fatal).toMatch(/另存为 \.xlsx/);
    expect(await snapshot(store)).toBe(before);
  });
});

describe('import-roster: leavers', () => {
  test('状态 离职 deactivates from today and keeps the history; re-running changes nothing', async () => {
    const { store } = await imported();
    const day = today;
    await store.completeDay('zhangsan', day, 1);
    const rows = GOOD.map((r) => (r[1] === '张三' ? [...r.slice(0, 8), '离职'] : r));
    const file = await writeXlsx(join(dir, 'leaver.xlsx'), rows);
    const later = '2026-11-25' as QuizDay;
    const report = await importRoster(store, file, { today: later });
    expect(report).toMatchObject({ deactivated: 1, unchanged: 4, changes: 1 });
    const zs = await byName(store, '张三');
    expect(zs).toMatchObject({ active: false, leftOn: later, joinedOn: today });
    expect((await store.dayStats('zhangsan', day)).completed).toBe(true);
    expect(isExpected(zs, day)).toBe(true);
    expect(isExpected(zs, later)).toBe(false);
    expect((await importRoster(store, file, { today: '2026-11-30' as QuizDay })).changes).toBe(0);
  });

  test('--deactivate-missing deactivates people absent from the file; listing them again rejoins them', async () => {
    const { store, file } = await imported();
    const fewer = await writeXlsx(
      join(dir, 'fewer.xlsx'),
      GOOD.filter((r) => r[1] !== '李四' && r[1] !== '王五'),
    );
    const without = await importRoster(store, fewer, { today: '2026-11-25' as QuizDay });
    expect(without.changes).toBe(0);
    const report = await importRoster(store, fewer, { today: '2026-11-25' as QuizDay, deactivateMissing: true });
    expect(report).toMatchObject({ deactivated: 2, unchanged: 3 });
    expect((await store.listPeople()).filter((p) => !p.active).map((p) => [p.name, p.leftOn])).toEqual([
      ['李四', '2026-11-25'],
      ['王五', '2026-11-25'],
    ]);
    const back = await importRoster(store, file, { today: '2026-12-01' as QuizDay });
    expect(back).toMatchObject({ peopleUpdated: 2, peopleCreated: 0 });
    const lisi = await byName(store, '李四');
    expect(lisi).toMatchObject({ active: true, joinedOn: '2026-12-01' });
    expect(lisi.leftOn).toBeUndefined();
    // The term before leaving is kept: their study then still counts as 应学 study (issue 20).
    expect(lisi.earlierTerms).toEqual([{ joinedOn: today, leftOn: '2026-11-25' }]);
  });
});

describe('import-roster: departments', () => {
  test('a 上级部门 column chains plain names into a tree (GB18030 CSV)', async () => {
    const store = createMemoryStore();
    const report = await importRoster(store, `${FIXTURES}gbk-parent.csv`, { today });
    expect(report).toMatchObject({ applied: true, departmentsCreated: 4, peopleCreated: 4, errors: [] });
    const depts = await store.listDepartments();
    const root = depts.find((d) => d.name === '县司法局')!;
    expect(root.parentId).toBeUndefined();
    const zfdd = depts.find((d) => d.name === '执法大队')!;
    expect(zfdd.parentId).toBe(root.id);
    expect(depts.find((d) => d.name === '一中队')!.parentId).toBe(zfdd.id);
    expect([...subtreeIds(root, depts)]).toHaveLength(4);
    expect((await store.listPeople()).find((p) => p.name === '孙队员')).toMatchObject({ id: 'sundy', identities: { wecom: 'sundy' }, track: '执法人员' });
  });

  test('merged 部门 cells apply to every merged row; plain names find the existing department', async () => {
    const { store } = await imported();
    const rows = [
      ['姓名', '部门', 'userid'],
      ['甲', '法制科', 'jia'],
      ['乙', null, 'yi'],
      ['丙', null, 'bing'],
    ];
    const file = await writeXlsx(join(dir, 'merged.xlsx'), rows, ['B2:B4']);
    const report = await importRoster(store, file, { today });
    expect(report).toMatchObject({ departmentsCreated: 0, peopleCreated: 3, errors: [] });
    const fzk = (await store.listDepartments()).find((d) => d.name === '法制科')!;
    expect(
      (await store.listPeople())
        .filter((p) => p.departmentId === fzk.id)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['丙', '乙', '张三', '李科长', '甲'].sort());
  });
});
