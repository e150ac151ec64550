/** The roster and the 通讯录 together: 职务 → leaders, ignored columns, repeated accounts, one 局领导, the roster wins. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { formatRosterReport, importRoster } from '../../../src/directory/roster/index.js';
import { planSync } from '../../../src/directory/sync/plan-sync.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Department, Person } from '../../../src/core/model.js';
import { createStatsService } from '../../../src/stats/stats-service.js';
import { fixedClock } from '../../../src/core/clock.js';
import { everyDayCalendar } from '../../../src/core/calendar.js';
import { DEFAULT_POINTS } from '../../../src/quiz/points.js';
import { tempDir, writeXlsx } from './roster-helpers.js';

const today = '2026-11-24' as QuizDay;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const pathOf = (id: string | undefined, all: readonly Department[]): string => {
  const d = all.find((x) => x.id === id);
  return d ? (d.parentId ? `${pathOf(d.parentId, all)}/${d.name}` : d.name) : '';
};
const byName = async (store: ReturnType<typeof createMemoryStore>, name: string): Promise<Person> => (await store.listPeople()).find((p) => p.name === name)!;

async function importRows(store: ReturnType<typeof createMemoryStore>, rows: (string | number | null)[][], name = 'r.xlsx', leaderTitles?: RegExp) {
  return importRoster(store, await writeXlsx(join(dir, name), rows), { today, leaderTitles });
}

describe('roster 职务 and leaders', () => {
  test('职务 matching the pattern makes a leader of their department; 局领导 lead the bureau; 科员 and 主任科员 do not', async () => {
    const store = createMemoryStore();
    const r = await importRows(store, [
      ['姓名', '部门', '企业微信账号', '职务'],
      ['王局长', '县司法局/局领导', 'wang', '局长'],
      ['赵副局长', '县司法局/局领导', 'zhao', '副局长'],
      ['李科长', '县司法局/执法大队', 'li', '大队长'],
      ['孙主任', '县司法局/办公室', 'sun', '办公室主任'],
      ['张三', '县司法局/执法大队/一中队', 'zs', '科员'],
      ['钱七', '县司法局/办公室', 'qian', '一级主任科员'],
    ]);
    expect(r.errors).toEqual([]);
    const depts = await store.listDepartments();
    const wang = await byName(store, '王局长');
    expect(wang).toMatchObject({ roles: ['leader'], title: '局长' });
    expect(wang.leaderOf!.map((id) => pathOf(id, depts))).toEqual(['县司法局']);
    expect((await byName(store, '赵副局长')).roles).toEqual(['leader']);
    const li = await byName(store, '李科长');
    expect(li.leaderOf!.map((id) => pathOf(id, depts))).toEqual(['县司法局/执法大队']);
    expect((await byName(store, '孙主任')).roles).toEqual(['leader']);
    expect(await byName(store, '张三')).toMatchObject({ roles: ['member'], title: '科员' });
    expect((await byName(store, '钱七')).roles).toEqual(['member']);
    // 王局长 sees the whole bureau; 李科长 his 大队 and its 中队
    const stats = createStatsService({
      store,
      clock: fixedClock('2026-11-24T02:00:00Z'),
      timeZone: 'Asia/Shanghai',
      calendar: everyDayCalendar,
      points: DEFAULT_POINTS,
    });
    expect((await stats.scopeOf(wang)).people).toHaveLength(6);
    expect((await stats.scopeOf(li)).people.map((p) => p.name).sort()).toEqual(['张三', '李科长'].sort());
  });

  test('the leader-title pattern is configurable (LEADER_TITLE_PATTERN)', async () => {
    const store = createMemoryStore();
    await importRows(
      store,
      [
        ['姓名', '部门', '企业微信账号', '职务'],
        ['甲', '法制科', 'a', '科长'],
        ['乙', '法制科', 'b', '首席法务'],
      ],
      'p.xlsx',
      /首席/,
    );
    expect((await byName(store, '甲')).roles).toEqual(['member']);
    expect((await byName(store, '乙')).roles).toEqual(['leader']);
  });
});

describe('roster import reports and repairs', () => {
  test('columns it cannot read are reported; a repeated account keeps the first row and the import goes ahead', async () => {
    const store = createMemoryStore();
    const r = await importRows(store, [
      ['序号', '姓名', '部门', '企业微信账号', '备注', '政治面貌'],
      [1, '张三', '法制科', 'zs', '', '党员'],
      [2, '张三丰', '法制科', 'zs', '', ''],
    ]);
    expect(r.ignoredColumns).toEqual(['序号', '备注', '政治面貌']);
    expect(r.applied).toBe(true);
    const lines = formatRosterReport(r);
    expect(lines).toContain('忽略无法识别的列：序号、备注、政治面貌');
    expect(lines).toContain('第 3 行：企业微信账号“zs”与第 2 行重复，已跳过此行（保留第 2 行）');
    expect((await store.listPeople()).map((p) => p.name)).toEqual(['张三']);
  });

  test('a path import after a plain one reuses the department: one 局领导, moved under the bureau', async () => {
    const store = createMemoryStore();
    await importRows(
      store,
      [
        ['姓名', '部门', '企业微信账号'],
        ['王局长', '局领导', 'wang'],
      ],
      'a.xlsx',
    );
    const r = await importRows(
      store,
      [
        ['姓名', '部门', '企业微信账号'],
        ['王局长', '县司法局/局领导', 'wang'],
        ['张三', '县司法局/法制科', 'zs'],
      ],
      'b.xlsx',
    );
    expect(r).toMatchObject({ departmentsCreated: 2, departmentsMoved: 1 });
    const depts = await store.listDepartments();
    expect(depts.filter((d) => d.name === '局领导')).toHaveLength(1);
    expect(depts.map((d) => pathOf(d.id, depts)).sort()).toEqual(['县司法局', '县司法局/局领导', '县司法局/法制科']);
    expect(pathOf((await byName(store, '王局长')).departmentId, depts)).toBe('县司法局/局领导');
    // and the other order: a plain name after a path finds the department anywhere in the tree
    const again = await importRows(
      store,
      [
        ['姓名', '部门', '企业微信账号'],
        ['李四', '局领导', 'ls'],
      ],
      'c.xlsx',
    );
    expect(again.departmentsCreated).toBe(0);
    expect(pathOf((await byName(store, '李四')).departmentId, await store.listDepartments())).toBe('县司法局/局领导');
  });
});

describe('roster and platform together', () => {
  test('a sheet with 工号 and 手机 but no accounts: the sync links the platform accounts; the roster keeps its name, department and 职务', async () => {
    const store = createMemoryStore();
    const r = await importRows(store, [
      ['姓名', '部门', '工号', '手机', '职务'],
      ['张三', '县司法局/法制科', 'E001', '138-0000-0001', '科员'],
      ['李四', '县司法局/法制科', 'E002', '13800000002', '科长'],
    ]);
    expect(r.errors).toEqual([]);
    const current = { departments: await store.listDepartments(), people: await store.listPeople() };
    const plan = planSync(
      current,
      {
        channel: 'dingtalk',
        departments: [
          { id: '1', name: '县司法局' },
          { id: '5', name: '法制科', parentId: '1' },
          { id: '6', name: '执法大队', parentId: '1' },
        ],
        members: [
          { userId: 'd-zs', name: '张三(法制)', departmentIds: ['6'], title: '执法员', leaderOf: [], active: true, employeeNo: 'E001' },
          { userId: 'd-ls', name: '李四', departmentIds: ['5'], leaderOf: [], active: true, mobile: '13800000002' },
        ],
        treeComplete: true,
        unlistedDepartments: [],
      },
      { today, sweep: true },
    );
    expect(plan.counts).toMatchObject({ peopleCreated: 0, departmentsCreated: 1 });
    const zs = plan.savePeople.find((p) => p.id === 'E001')!;
    expect(zs).toMatchObject({ name: '张三', title: '科员', identities: { dingtalk: 'd-zs' } });
    expect(pathOf(zs.departmentId, current.departments)).toBe('县司法局/法制科');
    const ls = plan.savePeople.find((p) => p.id === 'E002')!;
    expect(ls).toMatchObject({ roles: ['leader'], identities: { dingtalk: 'd-ls' } });
    // re-importing the same sheet after the sync changes nothing the sync linked
    await store.saveDepartments(plan.saveDepartments);
    await store.savePeople(plan.savePeople);
    const again = await importRows(
      store,
      [
        ['姓名', '部门', '工号', '手机', '职务'],
        ['张三', '县司法局/法制科', 'E001', '138-0000-0001', '科员'],
        ['李四', '县司法局/法制科', 'E002', '13800000002', '科长'],
      ],
      'again.xlsx',
    );
    expect(again).toMatchObject({ changes: 0, unchanged: 2 });
  });
});
