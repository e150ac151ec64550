/**
 * First contact when no lookup is possible (the playground has no contact API): with no department to
 * choose from the person is placed in 未分组 and told an admin will assign them, and can study at once;
 * admins see 未分组 in their reports, public boards do not; an admin then assigns them with `people move`.
 */
import { afterEach, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { UNASSIGNED_NOTICE } from '../../src/directory/handlers.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const TOKEN = 'admin-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function say(url: string, userId: string, text: string): Promise<string[]> {
  const res = await fetch(`${url}/playground/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, text }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text);
}

test('no departments at all: placed in 未分组 with a notice, the quiz starts; admins see 未分组, the public board does not', async () => {
  const { deps, store } = await makeTestDeps({ demo: false, env: { ADMIN_TOKEN: TOKEN, PLAYGROUND: 'true', ADMIN_USERS: 'boss' } });
  const srv = await startServer(deps);
  closers.push(srv.close);
  const first = await say(srv.url, 'newbie', '答题');
  expect(first[0]).toBe(UNASSIGNED_NOTICE);
  expect(first[1]).toContain('今日答题共 5 题');
  expect(await store.getPerson('newbie')).toMatchObject({ departmentId: 'unassigned' });

  const [board] = await say(srv.url, 'newbie', '排行榜');
  expect(board!.split('\n\n')[0]).toContain('暂无部门数据');
  const admin = await fetch(`${srv.url}/api/reports/departments`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(JSON.stringify(await admin.json())).toContain('未分组');
  await say(srv.url, 'boss', '帮助');
  expect((await say(srv.url, 'boss', '参学率')).join('\n')).toContain('未分组');

  // the admin creates the real tree and assigns the person
  await store.saveDepartments([{ id: 'fzk', name: '法制科' }]);
  const out: string[] = [];
  const code = await runCommand(['people', 'move', 'newbie', '法制科'], { config: deps.config, deps, io: { out: (l) => out.push(l) } });
  expect([code, out]).toEqual([0, ['newbie 调到“法制科”', '已保存。']]);
  expect(await store.getPerson('newbie')).toMatchObject({ departmentId: 'fzk', pinned: ['department'] });
});

test('departments exist but no lookup is possible: the person is asked to bind, with the list to choose from (未分组 not in it)', async () => {
  const { deps } = await makeTestDeps({ demo: false, env: { PLAYGROUND: 'true' } });
  await deps.store.saveDepartments([
    { id: 'unassigned', name: '未分组' },
    { id: 'fzk', name: '法制科' },
  ]);
  const srv = await startServer(deps);
  closers.push(srv.close);
  const r = await say(srv.url, 'walkin', '答题');
  expect(r[0]).toBe('您好，walkin！请先绑定所在部门：回复“绑定 部门名称”，例如：绑定 法制科\n现有部门：法制科');
  expect((await say(srv.url, 'walkin', '绑定 未分组'))[0]).toContain('没有找到部门“未分组”');
  expect((await say(srv.url, 'walkin', '绑定 法制科'))[0]).toContain('已绑定部门：法制科');
});
