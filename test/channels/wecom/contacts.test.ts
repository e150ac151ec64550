/**
 * The WeCom contact source against the fake WeCom API: the read within the 可见范围, statuses, the
 * user/simplelist fallback, failures with their meaning, and the event decoder over the documented XML.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createWecomApi } from '../../../src/channels/wecom/api.js';
import { contactChangeOf } from '../../../src/channels/wecom/contact-events.js';
import { createWecomContacts } from '../../../src/channels/wecom/contacts.js';
import { parseMessage } from '../../../src/channels/wecom/wire.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { buildTree, createFakeOrg } from '../../fakes/fake-org.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

const clock = fixedClock('2026-11-24T02:00:00Z');
let api: FakeWecomApi;
afterEach(() => api.close());

async function source(org = createFakeOrg()) {
  api = await startFakeWecomApi({ corpId: 'wwcorp', secret: 's', org });
  const client = createWecomApi({ apiBase: api.url, corpId: 'wwcorp', secret: 's', clock, logger: createMemoryLogger(), sleep: async () => {}, backoffMs: 1 });
  return createWecomContacts(client, { clock, logger: createMemoryLogger(), sleep: async () => {} });
}

describe('WeCom contacts', () => {
  test('readOrg: the visible subtree only; status 2 and 5 are not members; 未激活 (4) is', async () => {
    const org = createFakeOrg();
    buildTree(org, { bureaus: 2, sections: 2, perSection: 3 });
    org.visible.add(2); // 可见范围: the first unit only
    org.members.get('u00001')!.status = 2;
    org.members.get('u00002')!.status = 4;
    const read = await (await source(org)).readOrg();
    expect(read.departments.map((d) => d.id).sort()).toEqual(['2', '3', '4']);
    expect(read.departments.find((d) => d.id === '3')).toEqual({ id: '3', name: '第1分局第1科', parentId: '2', leaderUserIds: ['u00001'] });
    expect(read.members.find((m) => m.userId === 'u00001')?.active).toBe(false);
    expect(read.members.find((m) => m.userId === 'u00002')).toMatchObject({ active: true, departmentIds: ['3', '4'], mainDepartmentId: '3' });
    expect(read.members.find((m) => m.userId === 'u00004')).toMatchObject({ title: '科长', leaderOf: ['4'] });
    expect(read.members).toHaveLength(6);
    expect(read).toMatchObject({ treeComplete: true, unlistedDepartments: [], failures: [], calls: 7 });
  });

  test('user/list refused: user/simplelist gives names and departments; a failure is recorded with its meaning', async () => {
    const org = createFakeOrg();
    buildTree(org, { bureaus: 1, sections: 2, perSection: 2 });
    const s = await source(org);
    api.failWhen('user/list', { department_id: '3' }, { errcode: 48002, errmsg: 'api forbidden' });
    api.failWhen('user/list', { department_id: '4' }, { errcode: 60020, errmsg: 'not allow to access from your ip' });
    api.failWhen('department/get', { id: '2' }, { errcode: 60011, errmsg: 'no privilege' });
    const read = await s.readOrg();
    expect(api.callsTo('user/simplelist').map((c) => c.query.department_id)).toEqual(['3']);
    expect(read.members.map((m) => m.userId).sort()).toEqual(['u00001', 'u00002']);
    expect(read.members[0]).toMatchObject({ title: undefined, leaderOf: [] });
    expect(read.unlistedDepartments).toEqual(['4']);
    expect(read.treeComplete).toBe(false);
    expect(read.failures.map((f) => [f.call, f.target, f.code])).toEqual(
      expect.arrayContaining([
        ['user/list', '4', '60020'],
        ['department/get', '2', '60011'],
      ]),
    );
    expect(read.failures.find((f) => f.code === '60020')?.meaning).toContain('企业可信IP');
  });

  test('getMember / getDepartment: null when WeCom says the id does not exist, a throw when it cannot tell', async () => {
    const org = createFakeOrg();
    buildTree(org, { bureaus: 1, sections: 1, perSection: 1 });
    const s = await source(org);
    expect(await s.getMember('u00001')).toMatchObject({ userId: 'u00001', departmentIds: ['3'], leaderOf: ['3'], active: true });
    expect(await s.getMember('nobody')).toBeNull();
    expect(await s.getDepartment('99')).toBeNull();
    api.failNext('user/get', { errcode: 60020, errmsg: 'not allow to access from your ip' });
    await expect(s.getMember('u00001')).rejects.toMatchObject({ code: 'platform.api_error', details: { errcode: 60020 } });
  });
});

describe('change_contact events', () => {
  const xml = (inner: string) =>
    `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>${inner}</xml>`;

  test('the documented update_user sample (contacts.md §1.6) names the user and the new userid; nothing else is used', () => {
    const m = parseMessage(
      xml(
        '<ChangeType>update_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><NewUserID><![CDATA[zhangsan01]]></NewUserID><Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment><IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept><DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader><Position><![CDATA[科长]]></Position><Status>1</Status>',
      ),
    );
    expect(contactChangeOf(m)).toEqual({
      channel: 'wecom',
      eventId: 'cc:wwcorp:1403610513:update_user:zhangsan',
      what: 'user',
      ids: ['zhangsan'],
      removed: false,
      newUserId: 'zhangsan01',
    });
  });

  test.each([
    ['<ChangeType>create_user</ChangeType><UserID><![CDATA[u1]]></UserID>', { what: 'user', ids: ['u1'], removed: false }],
    ['<ChangeType>delete_user</ChangeType><UserID><![CDATA[u1]]></UserID>', { what: 'user', ids: ['u1'], removed: true }],
    [
      '<ChangeType>create_party</ChangeType><Id>5</Id><Name><![CDATA[法制科]]></Name><ParentId>1</ParentId>',
      { what: 'department', ids: ['5'], removed: false },
    ],
    ['<ChangeType>update_party</ChangeType><Id>5</Id><ParentId>2</ParentId>', { what: 'department', ids: ['5'], removed: false }],
    ['<ChangeType>delete_party</ChangeType><Id>5</Id>', { what: 'department', ids: ['5'], removed: true }],
  ])('%s', (inner, expected) => {
    expect(contactChangeOf(parseMessage(xml(inner)))).toMatchObject(expected);
  });

  test('tag changes and events without ids are not directory changes', () => {
    expect(contactChangeOf(parseMessage(xml('<ChangeType>update_tag</ChangeType><TagId>1</TagId>')))).toBeUndefined();
    expect(contactChangeOf(parseMessage(xml('<ChangeType>update_user</ChangeType>')))).toBeUndefined();
  });
});
