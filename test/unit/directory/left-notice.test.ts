/**
 * Whom a person who left is told to ask (issue 20): the admins nearest them in the tree, else any admin under
 * the same top unit, else any admin (roster or ADMIN_USERS); a group reply leaves out the leaving date.
 */
import { describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { createDirectoryService } from '../../../src/directory/directory-service.js';
import { notInStudyListText } from '../../../src/directory/handlers.js';
import type { Person } from '../../../src/core/model.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const day = '2026-11-02' as QuizDay;
const person = (id: string, departmentId: string | undefined, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  departmentId,
  roles: ['member'],
  track: '全员',
  identities: {},
  active: true,
  joinedOn: day,
  ...extra,
});

async function directory(people: Person[], adminUsers: string[] = []) {
  const store = createMemoryStore();
  await store.saveDepartments([
    { id: 'jb', name: '执法局' },
    { id: 'bgs', name: '办公室', parentId: 'jb' },
    { id: 'dd', name: '执法大队', parentId: 'jb' },
    { id: 'yd', name: '一队', parentId: 'dd' },
    { id: 'other', name: '另一单位' },
  ]);
  await store.savePeople(people);
  return createDirectoryService({ store, clock: fixedClock(`${day}T02:00:00Z`), timeZone: 'Asia/Shanghai', adminUsers });
}

const leaver = person('甲', 'yd', { active: false, leftOn: day });

describe('adminsFor', () => {
  test('the admin of the nearest unit up the tree comes first', async () => {
    const dir = await directory([leaver, person('乙', 'bgs', { roles: ['admin'] }), person('丙', 'dd', { roles: ['admin', 'leader'] })]);
    expect(await dir.adminsFor(leaver)).toEqual([{ name: '丙', department: '执法大队' }]);
  });
  test('else admins anywhere under the same top unit, not another unit’s; inactive admins never', async () => {
    const dir = await directory([
      leaver,
      person('乙', 'bgs', { roles: ['admin'] }),
      person('丁', 'other', { roles: ['admin'] }),
      person('戊', 'bgs', { roles: ['admin'], active: false, leftOn: day }),
    ]);
    expect(await dir.adminsFor(leaver)).toEqual([{ name: '乙', department: '办公室' }]);
  });
  test('else any admin, including ADMIN_USERS; else nobody', async () => {
    expect(await (await directory([leaver, person('丁', 'other')], ['丁'])).adminsFor(leaver)).toEqual([{ name: '丁', department: '另一单位' }]);
    expect(await (await directory([leaver])).adminsFor(leaver)).toEqual([]);
  });
});

describe('notInStudyListText', () => {
  test('names the admins, or the admin in charge of the list when there is none; a group reply has no date', () => {
    expect(notInStudyListText(leaver, day, [{ name: '乙', department: '办公室' }], false)).toBe(
      '甲，您好：您的账号自 2026-11-02 起已不在普法学习名单中（离职或已停用），不能再答题、查看成绩或参加考试，本条消息不作记录。如您仍在岗或名单有误，请联系本单位管理员：乙（办公室）。',
    );
    expect(notInStudyListText(leaver, day, [], true)).toBe(
      '甲，您好：您的账号已不在普法学习名单中（离职或已停用），不能再答题、查看成绩或参加考试，本条消息不作记录。如您仍在岗或名单有误，请联系本单位负责普法学习名单的管理员。',
    );
  });
});
