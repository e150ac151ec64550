/** The sync planner (pure): platform read + directory → what to write. */
import { describe, expect, test } from 'vitest';
import type { OrgSnapshot, PlatformDepartment, PlatformMember } from '../../../src/core/ports/platform-lookup.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { type Directory, isEmptyPlan, planDepartmentRemoval, planLeave, planSync } from '../../../src/directory/sync/plan-sync.js';
import type { Department, Person } from '../../../src/store/model.js';

const today = '2026-11-24' as QuizDay;
const dept = (id: string, name: string, parentId?: string, leaderUserIds: string[] = []): PlatformDepartment => ({ id, name, parentId, leaderUserIds });
const member = (userId: string, departmentIds: string[], extra: Partial<PlatformMember> = {}): PlatformMember => ({
  userId,
  name: `名${userId}`,
  departmentIds,
  leaderOf: [],
  active: true,
  ...extra,
});
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
const read = (departments: PlatformDepartment[], members: PlatformMember[], extra: Partial<OrgSnapshot> = {}) => ({
  channel: 'wecom' as const,
  departments,
  members,
  treeComplete: true,
  unlistedDepartments: [],
  ...extra,
});
const TREE = [dept('1', '县司法局'), dept('2', '法制科', '1'), dept('3', '执法大队', '1'), dept('4', '一中队', '3')];

/** Applies a plan to a directory (what contact-sync's write does). */
function apply(dir: Directory, plan: ReturnType<typeof planSync>): Directory {
  const departments = new Map(dir.departments.map((d) => [d.id, d]));
  for (const d of plan.saveDepartments) departments.set(d.id, d);
  for (const id of plan.removeDepartments) departments.delete(id);
  const people = new Map(dir.people.map((p) => [p.id, p]));
  for (const p of plan.savePeople) people.set(p.id, p);
  return { departments: [...departments.values()], people: [...people.values()] };
}

describe('planSync', () => {
  test('an empty directory: the tree and the people are created; a second identical read plans nothing', () => {
    const members = [member('a', ['2'], { title: '科长', leaderOf: ['2'] }), member('b', ['4', '2'], { mainDepartmentId: '4' }), member('c', ['1'])];
    const plan = planSync({ departments: [], people: [] }, read(TREE, members), { today, sweep: true });
    expect(plan.counts).toMatchObject({ departmentsCreated: 4, peopleCreated: 3 });
    const dir = apply({ departments: [], people: [] }, plan);
    expect(dir.departments.find((d) => d.id === 'wecom-4')).toEqual({ id: 'wecom-4', name: '一中队', parentId: 'wecom-3', links: ['wecom:4'] });
    expect(dir.people.find((p) => p.id === 'wecom:a')).toMatchObject({ roles: ['leader'], leaderOf: ['wecom-2'], title: '科长', departmentId: 'wecom-2' });
    expect(dir.people.find((p) => p.id === 'wecom:b')?.departmentId).toBe('wecom-4');
    expect(isEmptyPlan(planSync(dir, read(TREE, members), { today, sweep: true }))).toBe(true);
  });

  test('a tree from the roster is adopted, not duplicated: the only root is the platform root; names are matched under their parent', () => {
    const roster: Department[] = [
      { id: 'sfj', name: '司法局', pinned: true },
      { id: 'fzk', name: '法制科', parentId: 'sfj', pinned: true },
      { id: 'zfdd', name: '执法大队', parentId: 'sfj' },
    ];
    const plan = planSync({ departments: roster, people: [] }, read(TREE, []), { today, sweep: true });
    const dir = apply({ departments: roster, people: [] }, plan);
    expect(dir.departments).toHaveLength(4);
    expect(dir.departments.find((d) => d.id === 'sfj')).toMatchObject({ name: '司法局', links: ['wecom:1'] }); // pinned: keeps its name
    expect(dir.departments.find((d) => d.id === 'zfdd')).toMatchObject({ links: ['wecom:3'] });
    expect(dir.departments.find((d) => d.id === 'wecom-4')).toMatchObject({ parentId: 'zfdd' });
  });

  test('renames and moves follow the platform unless the department is pinned', () => {
    const base = apply({ departments: [], people: [] }, planSync({ departments: [], people: [] }, read(TREE, []), { today, sweep: true }));
    const changed = [dept('1', '县司法局'), dept('2', '法治科', '3'), dept('3', '执法大队', '1'), dept('4', '一中队', '1')];
    const pinned = { ...base, departments: base.departments.map((d) => (d.id === 'wecom-4' ? { ...d, pinned: true } : d)) };
    const plan = planSync(pinned, read(changed, []), { today, sweep: true });
    expect(plan.counts).toMatchObject({ departmentsRenamed: 1, departmentsMoved: 1 });
    const dir = apply(pinned, plan);
    expect(dir.departments.find((d) => d.id === 'wecom-2')).toMatchObject({ name: '法治科', parentId: 'wecom-3' });
    expect(dir.departments.find((d) => d.id === 'wecom-4')).toMatchObject({ parentId: 'wecom-3' });
  });

  test('the roster wins where both speak: pinned fields stay; the account, 工号 and mobile link the person', () => {
    const dir = apply({ departments: [], people: [] }, planSync({ departments: [], people: [] }, read(TREE, []), { today, sweep: true }));
    const fromRoster = person('E007', { name: '张三', departmentId: 'wecom-2', employeeNo: 'E007', title: '科员', pinned: ['name', 'department', 'title'] });
    const byMobile = person('li', { name: '李四', departmentId: 'wecom-2', mobile: '13800000001' });
    const plan = planSync(
      { ...dir, people: [fromRoster, byMobile] },
      read(TREE, [member('zs', ['4'], { name: '张三丰', employeeNo: 'E007', title: '队长', leaderOf: ['4'] }), member('ls', ['3'], { mobile: '13800000001' })]),
      { today, sweep: true },
    );
    const zs = plan.savePeople.find((p) => p.id === 'E007')!;
    expect(zs).toMatchObject({ name: '张三', departmentId: 'wecom-2', title: '科员', identities: { wecom: 'zs' }, roles: ['leader'], leaderOf: ['wecom-4'] });
    expect(plan.savePeople.find((p) => p.id === 'li')).toMatchObject({ identities: { wecom: 'ls' }, departmentId: 'wecom-3' });
    expect(plan.counts.peopleCreated).toBe(0);
  });

  test('a department head listed only by the department (department_leader / dept_manager_userid_list) is a leader of it', () => {
    const tree = [dept('1', '县司法局'), dept('2', '法制科', '1', ['h'])];
    const plan = planSync({ departments: [], people: [] }, read(tree, [member('h', ['2']), member('m', ['2'])]), { today, sweep: true });
    expect(plan.savePeople.find((p) => p.id === 'wecom:h')).toMatchObject({ roles: ['leader'], leaderOf: ['wecom-2'] });
    expect(plan.savePeople.find((p) => p.id === 'wecom:m')).toMatchObject({ roles: ['member'] });
  });

  test('leadership from one platform leaves what the other platform said', () => {
    const dir = apply({ departments: [], people: [] }, planSync({ departments: [], people: [] }, read(TREE, []), { today, sweep: true }));
    const both: Directory = {
      departments: [...dir.departments, { id: 'dingtalk-9', name: '钉钉部门', links: ['dingtalk:9'] }],
      people: [person('p', { identities: { wecom: 'w', dingtalk: 'd' }, roles: ['leader'], leaderOf: ['dingtalk-9'], departmentId: 'wecom-2' })],
    };
    const plan = planSync(both, read(TREE, [member('w', ['2'], { leaderOf: ['2'] })]), { today, sweep: false });
    expect(plan.savePeople[0]).toMatchObject({ roles: ['leader'], leaderOf: ['dingtalk-9', 'wecom-2'] });
  });

  test('the sweep: gone people are deactivated (history kept), except in unlisted departments, outside the platform, or on the other platform', () => {
    const members = ['a', 'b', 'c', 'd'].map((u) => member(u, ['2']));
    const dir0 = apply(
      { departments: [], people: [] },
      planSync({ departments: [], people: [] }, read(TREE, [...members, member('e', ['3'])]), { today, sweep: true }),
    );
    const dir: Directory = {
      departments: [...dir0.departments, { id: 'roster-only', name: '名单部门' }],
      people: [
        ...dir0.people.map((p) => (p.identities.wecom === 'd' ? { ...p, identities: { ...p.identities, dingtalk: 'dd' } } : p)),
        person('x', { identities: { wecom: 'x' }, departmentId: 'roster-only' }),
      ],
    };
    const plan = planSync(dir, read(TREE, [member('a', ['2'])], { unlistedDepartments: ['3'] }), { today, sweep: true });
    const saved = new Map(plan.savePeople.map((p) => [p.identities.wecom ?? p.id, p]));
    expect(saved.get('b')).toMatchObject({ active: false, leftOn: today });
    expect(saved.get('c')).toMatchObject({ active: false, leftOn: today });
    expect(plan.savePeople.find((p) => p.id === 'wecom:d')).toMatchObject({ active: true, identities: { dingtalk: 'dd' } });
    expect(plan.savePeople.find((p) => p.id === 'wecom:d')?.identities.wecom).toBeUndefined();
    expect(saved.has('e')).toBe(false); // its department's listing failed
    expect(saved.has('x')).toBe(false); // roster-only department
    expect(plan.notes.join('\n')).toContain('1 人有平台账号但所在部门不在平台通讯录');
  });

  test('the sweep is skipped when the tree was not read completely', () => {
    const dir = apply({ departments: [], people: [] }, planSync({ departments: [], people: [] }, read(TREE, [member('a', ['2'])]), { today, sweep: true }));
    const plan = planSync(dir, read([], [], { treeComplete: false }), { today, sweep: true });
    expect(isEmptyPlan(plan)).toBe(true);
    expect(plan.notes[0]).toContain('部门列表未能完整读取');
  });

  test('removed departments go when empty; one still holding people loses its link but stays', () => {
    const dir = apply({ departments: [], people: [] }, planSync({ departments: [], people: [] }, read(TREE, [member('a', ['2'])]), { today, sweep: true }));
    const withRoster = { ...dir, people: [...dir.people, person('r', { departmentId: 'wecom-2' })] };
    const plan = planSync(withRoster, read([dept('1', '县司法局'), dept('2', '法制科', '1')], [member('a', ['1'])]), { today, sweep: true });
    expect([...plan.removeDepartments].sort()).toEqual(['wecom-3', 'wecom-4']);
    const two = planSync(withRoster, read([dept('1', '县司法局')], [member('a', ['1'])]), { today, sweep: true });
    expect(two.removeDepartments).not.toContain('wecom-2');
    expect(two.saveDepartments.find((d) => d.id === 'wecom-2')?.links).toBeUndefined();
    expect(two.notes.join('\n')).toContain('仍有 1 人');
  });

  test('events: a leave deactivates (or drops the account when on both platforms); a removed department goes when empty', () => {
    const people = [person('p1', { identities: { wecom: 'w1' } }), person('p2', { identities: { wecom: 'w2', dingtalk: 'd2' } })];
    const leave = planLeave({ departments: [], people }, 'wecom', ['w1', 'w2', 'nobody'], today);
    expect(leave.savePeople).toEqual([
      { ...people[0], active: false, leftOn: today },
      { ...people[1], identities: { dingtalk: 'd2' } },
    ]);
    const removal = planDepartmentRemoval({ departments: [{ id: 'wecom-5', name: '临时组', links: ['wecom:5'] }], people: [] }, 'wecom', ['5']);
    expect(removal.removeDepartments).toEqual(['wecom-5']);
  });
});
