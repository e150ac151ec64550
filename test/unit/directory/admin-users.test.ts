/** ADMIN_USERS entries: ids, platform accounts, or a name exactly one real active person has. */
import { makeTestDeps } from '../../helpers/test-deps.js';
import { describe, expect, test } from 'vitest';
import { adminEntryProblems, adminProblemText, isConfigAdmin } from '../../../src/directory/admin-users.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import type { Person } from '../../../src/core/model.js';

const person = (id: string, name: string, extra: Partial<Person> = {}): Person => ({
  id,
  name,
  roles: ['member'],
  track: '全员',
  identities: { wecom: `wx-${id}` },
  active: true,
  joinedOn: '2026-01-01' as QuizDay,
  departmentId: 'fzk',
  ...extra,
});

const zhang = person('zhangsan', '张三');
const li1 = person('li1', '李四');
const li2 = person('li2', '李四', { departmentId: 'bgs' });
const demo = person('demo-wang', '王五', { demo: true });
const people = [zhang, li1, li2, demo];

describe('ADMIN_USERS', () => {
  test('an id, an account or a unique name makes an admin; a shared name or a demo person does not', () => {
    const entries = new Set(['张三', '李四', 'wx-li2', '王五']);
    expect(isConfigAdmin(zhang, entries, people)).toBe(true);
    expect(isConfigAdmin(li1, entries, people)).toBe(false); // 李四 is two people
    expect(isConfigAdmin(li2, entries, people)).toBe(true); // by account
    expect(isConfigAdmin(demo, entries, people)).toBe(false);
    expect(isConfigAdmin(zhang, entries)).toBe(false); // without the directory a name is not read
  });

  test('entries that grant nothing are reported with the fix', () => {
    const problems = adminEntryProblems(['张三', '李四', '赵六', 'li1'], people);
    expect(problems.map((p) => [p.entry, p.kind])).toEqual([
      ['李四', 'ambiguous'],
      ['赵六', 'unknown'],
    ]);
    const names: Record<string, string> = { fzk: '法制科', bgs: '办公室' };
    expect(adminProblemText(problems[0]!, (id) => (id ? names[id] : undefined))).toBe(
      'ADMIN_USERS 中的“李四”有 2 人同名：李四（法制科，编号 li1）、李四（办公室，编号 li2）。同名时不授予管理员权限，请改写为其中一人的编号。',
    );
  });
});

describe('ADMIN_USERS through the directory', () => {
  test('张三 named in ADMIN_USERS (with a full-width comma) is an admin when the bot resolves them', async () => {
    const { deps } = await makeTestDeps({ env: { ADMIN_USERS: '张三，nobody' }, seedAsReal: true });
    const zhangsan = await deps.store.getPerson('zhangsan');
    const channel = Object.keys(zhangsan!.identities)[0] as 'wecom';
    const { person } = await deps.directory.resolve(channel, zhangsan!.identities[channel]!);
    expect(person.roles).toContain('admin');
    const lisi = await deps.store.getPerson('lisi');
    expect((await deps.directory.resolve(channel, lisi!.identities[channel]!)).person.roles).not.toContain('admin');
  });
});
