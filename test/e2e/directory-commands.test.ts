/**
 * `departments` and `people` on the demo directory, run in-process as the command line runs them: tree,
 * rename, move, merge; find, move, role, deactivate, activate; --dry-run changes nothing.
 */
import { describe, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { makeTestDeps } from '../helpers/test-deps.js';

async function world() {
  const t = await makeTestDeps();
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await runCommand(argv, { config: t.deps.config, deps: t.deps, io: { out: (l) => out.push(l) } });
    return { code, out };
  };
  const snapshot = async () => JSON.stringify([await t.store.listDepartments(), await t.store.listPeople()]);
  return { ...t, cli, snapshot };
}

describe('departments', () => {
  test('the tree with people, leaders and ids', async () => {
    const { cli } = await world();
    const { code, out } = await cli('departments');
    expect(code).toBe(0);
    expect(out).toEqual([
      '县司法局（1 人，含下级 8 人） 负责人：王局长  [sfj]',
      '  办公室（2 人）  [bgs]',
      '  法制科（2 人） 负责人：李科长  [fzk]',
      '  公共法律服务科（1 人）  [ggfw]',
      '  执法大队（2 人）  [zfdd]',
    ]);
  });

  test('rename, move and merge, each first tried with --dry-run', async () => {
    const { cli, snapshot, store } = await world();
    const before = await snapshot();
    expect(await cli('departments', 'rename', '法制科', '法治科', '--dry-run')).toEqual({
      code: 0,
      out: ['部门“县司法局/法制科”改名为“法治科”', '试运行：未保存。'],
    });
    expect(await snapshot()).toBe(before);
    expect((await cli('departments', 'rename', '法制科', '法治科')).out.at(-1)).toBe('已保存。');
    expect((await store.listDepartments()).find((d) => d.id === 'fzk')).toMatchObject({ name: '法治科', pinned: true });

    expect((await cli('departments', 'move', '公共法律服务科', '办公室')).out[0]).toBe('部门“县司法局/公共法律服务科”移到“县司法局/办公室”之下');
    expect((await cli('departments', 'move', '县司法局', '办公室')).out).toEqual(['不能把“县司法局”移到它自己或它的下级部门之下']);

    const merge = await cli('departments', 'merge', '公共法律服务科', '县司法局/办公室');
    expect(merge.out).toEqual(['部门“县司法局/办公室/公共法律服务科”并入“县司法局/办公室”：人员 1 人、下级部门 0 个随之转入', '已保存。']);
    expect((await store.listDepartments()).some((d) => d.id === 'ggfw')).toBe(false);
    expect((await store.getPerson('chenqi'))?.departmentId).toBe('bgs');
    expect((await cli('departments', 'rename', '没有这个科', 'x')).out).toEqual(['没有找到部门“没有这个科”']);
  });

  test('merging moves the platform links, so a later sync maps both platform departments to the survivor', async () => {
    const { cli, store } = await world();
    await store.saveDepartments([
      { id: 'zfdd', name: '执法大队', parentId: 'sfj', links: ['wecom:7'] },
      { id: 'zd1', name: '一中队', parentId: 'zfdd', links: ['wecom:8'] },
    ]);
    await cli('departments', 'merge', '一中队', '执法大队');
    expect((await store.listDepartments()).find((d) => d.id === 'zfdd')?.links).toEqual(['wecom:7', 'wecom:8']);
  });
});

describe('people', () => {
  test('find by name, account or 工号', async () => {
    const { cli } = await world();
    const { out } = await cli('people', 'find', '李');
    expect(out).toEqual(['李科长（likz）  县司法局/法制科  在职  领导  体验 likz', '李四（lisi）  县司法局/执法大队  在职  成员  体验 lisi', '共 2 人']);
  });

  test('move, role (with the departments led), deactivate and activate; --dry-run changes nothing', async () => {
    const { cli, snapshot, store, deps } = await world();
    const before = await snapshot();
    expect((await cli('people', 'move', '张三', '执法大队', '--dry-run')).out).toEqual(['张三 调到“县司法局/执法大队”', '试运行：未保存。']);
    expect(await snapshot()).toBe(before);
    await cli('people', 'move', '张三', '执法大队');
    expect(await store.getPerson('zhangsan')).toMatchObject({ departmentId: 'zfdd', pinned: ['department'] });

    const role = await cli('people', 'role', 'lisi', '领导', '--leads', '执法大队,法制科');
    expect(role.out[0]).toBe('李四 的角色设为 领导，负责 县司法局/执法大队、县司法局/法制科（含下级部门）');
    const lisi = (await store.getPerson('lisi'))!;
    expect(lisi).toMatchObject({ roles: ['leader'], leaderOf: ['zfdd', 'fzk'], pinned: ['roles'] });
    expect((await deps.stats.scopeOf(lisi)).people.map((p) => p.id).sort()).toEqual(['likz', 'lisi', 'wangwu', 'zhangsan']);
    expect((await cli('people', 'role', 'lisi', '科长')).out).toEqual(['未知角色“科长”（可填：成员、领导、管理员）']);

    expect((await cli('people', 'deactivate', 'wangwu')).out[0]).toBe(`王五 自 ${deps.stats.today()} 起停用（历史记录保留）`);
    expect(await store.getPerson('wangwu')).toMatchObject({ active: false, pinned: ['active'] });
    await cli('people', 'activate', 'wangwu');
    expect(await store.getPerson('wangwu')).toMatchObject({ active: true });
    expect((await store.getPerson('wangwu'))?.pinned).toBeUndefined();
    // A switch anywhere is a switch (it never swallows the next word); an unknown flag is refused before anything runs.
    const unchanged = await snapshot();
    expect(await cli('people', 'move', '--dry-run', '张三', '办公室')).toEqual({ code: 0, out: ['张三 调到“县司法局/办公室”', '试运行：未保存。'] });
    expect(await cli('people', 'move', '--dryrun', '张三', '办公室')).toEqual({
      code: 2,
      out: [expect.stringMatching(/^不认识的选项 --dryrun。您是不是想写 --dry-run？/)],
    });
    expect(await snapshot()).toBe(unchanged);
  });
});
