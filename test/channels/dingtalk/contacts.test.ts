/**
 * The DingTalk contact source against the fake DingTalk: the breadth-first walk, cursor pages, leader flags,
 * throttling and the IP ban, and the event decoder over both ingress shapes.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createDingtalkApi } from '../../../src/channels/dingtalk/api.js';
import { dingtalkContactChange } from '../../../src/channels/dingtalk/contact-events.js';
import { createDingtalkContacts } from '../../../src/channels/dingtalk/contacts.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeDingtalk, startFakeDingtalk } from '../../fakes/fake-dingtalk.js';
import { buildTree, createFakeOrg } from '../../fakes/fake-org.js';

const clock = fixedClock('2026-11-24T02:00:00Z');
let fake: FakeDingtalk;
afterEach(() => fake.close());

async function source(org = createFakeOrg(), sleeps: number[] = []) {
  fake = await startFakeDingtalk({ now: () => clock.now(), org });
  const api = createDingtalkApi({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    robotCode: fake.clientId,
    apiBase: fake.url,
    oapiBase: fake.url,
    clock,
  });
  return createDingtalkContacts(api.topapi, { clock, logger: createMemoryLogger(), sleep: async (ms) => void sleeps.push(ms) });
}

describe('DingTalk contacts', () => {
  test('readOrg: root by department/get, the tree by listsub, members by v2/user/list in pages of 100', async () => {
    const org = createFakeOrg('某县司法局');
    buildTree(org, { bureaus: 2, sections: 1, perSection: 2 });
    for (let i = 0; i < 250; i++) org.addMember({ userid: `big${i}`, name: `大${i}`, departments: [3], jobNumber: `J${i}` });
    const read = await (await source(org)).readOrg();
    expect(read.departments.find((d) => d.id === '1')).toMatchObject({ name: '某县司法局', parentId: undefined });
    expect(read.departments.find((d) => d.id === '3')).toMatchObject({ parentId: '2' });
    expect(read.members).toHaveLength(254);
    const pages = fake.calls.filter((c) => c.path === '/topapi/v2/user/list' && (c.body as { dept_id: number }).dept_id === 3);
    expect(pages.map((c) => (c.body as { cursor: number; size: number }).cursor)).toEqual([0, 100, 200]);
    expect(read.members.find((m) => m.userId === 'u00001')).toMatchObject({ leaderOf: ['3'], title: '科长', employeeNo: 'E00001' });
    expect(read).toMatchObject({ treeComplete: true, failures: [], unlistedDepartments: [] });
  });

  test('throttling (90018) is retried after 1 s, 2 s; the IP ban (status 1111) and 50004 are recorded, not retried', async () => {
    const org = createFakeOrg();
    buildTree(org, { bureaus: 1, sections: 2, perSection: 1 });
    const sleeps: number[] = [];
    const s = await source(org, sleeps);
    fake.failNext('/topapi/v2/department/listsub', { errcode: 90018 }, { errcode: 90018 });
    fake.failNext('/topapi/v2/user/list', { errcode: 50004, errmsg: '部门不在权限范围内' }, { ban: true });
    const read = await s.readOrg();
    expect(sleeps.filter((ms) => ms >= 1000)).toEqual([1000, 2000]);
    expect(read.treeComplete).toBe(true);
    expect(read.unlistedDepartments).toHaveLength(2);
    const failures = [...read.failures].sort((a, b) => a.code.localeCompare(b.code));
    expect(failures.map((f) => [f.call, f.code])).toEqual([
      ['v2/user/list', '1111'],
      ['v2/user/list', '50004'],
    ]);
    expect(failures[0]!.meaning).toContain('封禁 5 分钟');
    expect(failures[1]!.meaning).toContain('通讯录权限范围');
  });

  test('getMember: leader_in_dept for every department; 33012 (left) is null', async () => {
    const org = createFakeOrg();
    buildTree(org, { bureaus: 1, sections: 2, perSection: 2 });
    const s = await source(org);
    expect(await s.getMember('u00002')).toMatchObject({ departmentIds: ['3', '4'], leaderOf: [] });
    expect(await s.getMember('u00001')).toMatchObject({ leaderOf: ['3'] });
    org.members.get('u00001')!.status = 5;
    expect(await s.getMember('u00001')).toBeNull();
    expect(await s.getDepartment('77')).toBeNull();
  });
});

describe('通讯录事件', () => {
  test('HTTP body (new and old spellings) and Stream frames (headers + data, or one nested object) decode alike', () => {
    expect(dingtalkContactChange({ EventType: 'user_add_org', eventId: 'e1', userId: ['a', 'b'] })).toEqual({
      channel: 'dingtalk',
      eventId: 'e1',
      what: 'user',
      ids: ['a', 'b'],
      removed: false,
    });
    expect(dingtalkContactChange({ EventType: 'user_leave_org', TimeStamp: '1685501863357', UserId: ['a'] })).toMatchObject({
      eventId: 'user_leave_org:1685501863357:a',
      removed: true,
    });
    expect(dingtalkContactChange({ timeStamp: '1', deptId: [5] }, { eventType: 'org_dept_remove', eventId: 'e2' })).toMatchObject({
      eventId: 'e2',
      what: 'department',
      ids: ['5'],
      removed: true,
    });
    expect(
      dingtalkContactChange({ eventType: 'org_dept_create', eventId: 'e3', eventBornTime: 1683533823336, data: { timeStamp: '1', deptId: [7] } }),
    ).toMatchObject({ eventId: 'e3', ids: ['7'], removed: false });
    expect(dingtalkContactChange({ EventType: 'check_url' })).toBeUndefined();
    expect(dingtalkContactChange({ EventType: 'user_add_org' })).toBeUndefined();
  });
});
