/**
 * Issue 11 item 10: demo data stays out of real data. The playground's demo departments and people (including
 * its 管理员 with admin rights) are marked demo; once a roster brings real people they are never counted in
 * 未学名单, boards, reports, the Excel export or pushes, the demo admin has no rights over real people, and
 * `demo clear` removes them. Nobody without a department is anybody's 应学.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { isDemo } from '../../src/directory/demo-data.js';
import { importRoster } from '../../src/directory/roster/index.js';
import { periodFor } from '../../src/stats/period.js';
import { collectReportInput } from '../../src/stats/report-xlsx.js';
import { ROOT, makeTestDeps, startServer } from '../helpers/test-deps.js';

const TOKEN = 'test-admin-token-0123456789';
/** Names only the demo seed has (the roster fixture reuses 王局长, 张三, 李四, 王五…). */
const DEMO_ONLY = ['赵六', '陈七', '管理员'];
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function setup(opts: { roster?: boolean } = {}) {
  const t = await makeTestDeps({ env: { ADMIN_TOKEN: TOKEN } });
  if (opts.roster ?? true) await importRoster(t.store, join(ROOT, 'test/fixtures/roster/good.csv'), { today: t.deps.quiz.today() });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const say = async (userId: string, text: string): Promise<string> => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text).join('\n');
  };
  const api = async (path: string) => (await fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<any>;
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await runCommand(argv, { config: t.deps.config, deps: t.deps, io: { out: (l) => out.push(l) } });
    return { code, out: out.join('\n') };
  };
  return { ...t, say, api, cli };
}

describe('a roster import does not adopt the demo data', () => {
  test('demo people and departments are neither matched nor moved; real people get their own records', async () => {
    const { store } = await setup();
    const demoZhang = (await store.getPerson('zhangsan'))!;
    expect(demoZhang).toMatchObject({ demo: true, departmentId: 'fzk' });
    const realZhang = (await store.findPersonByIdentity('wecom', 'zhangsan'))!;
    expect(realZhang.id).toBe('wecom:zhangsan'); // 'zhangsan' is the demo person's
    expect(isDemo(realZhang)).toBe(false);
    const realDept = (await store.listDepartments()).find((d) => d.id === realZhang.departmentId)!;
    expect(realDept).toMatchObject({ name: '法制科' });
    expect(realDept.id).not.toBe('fzk');
    expect(isDemo(realDept)).toBe(false);
  });
});

describe('once real people exist, demo data is never counted', () => {
  test('未学名单, boards, the admin API and the Excel export show real people and departments only', async () => {
    const { deps, say, api } = await setup();
    const missing = await say('wecom:wangjz', '未学名单');
    expect(missing).toContain('共 5 人');
    for (const name of DEMO_ONLY) expect(missing).not.toContain(name);

    const board = await say('wecom:zhangsan', '排行榜 今日');
    expect(board).toContain('法制科');
    expect(board).not.toMatch(/办公室|公共法律服务科/);

    const people = await api('/api/reports/people');
    expect(people.people.map((p: { name: string }) => p.name).sort()).toEqual(['张三', '李四', '李科长', '王五', '王局长'].sort());
    const departments = await api('/api/reports/departments');
    expect(departments.departments.map((d: { id: string }) => d.id)).not.toContain('bgs');

    const report = await collectReportInput(deps, periodFor('本月', deps.quiz.today())!);
    const names = report.personRows.map((r) => r.person.name);
    for (const name of DEMO_ONLY) expect(names).not.toContain(name);
    expect(report.departmentRows.map((r) => r.department.name)).not.toContain('办公室');
    expect(report.departments.some(isDemo)).toBe(false);
  });

  test('scheduled pushes reach real people only', async () => {
    const { deps } = await setup();
    const outcome = await deps.runner.run('daily-push', deps.quiz.today());
    // The five real people are planned; four have no address here (no platform configured), 王五 gets it.
    expect(outcome).toMatchObject({ status: 'ran', sent: 1, skipped: { noAddress: 4 }, day: { people: 1, delivered: 1 } });
    // Only 王五 has a playground id of his own (the others' are the demo people's): no demo person got it.
    expect([...deps.playgroundInbox!.sent.keys()]).toEqual(['ding-wangwu']);
  });

  test('the demo 管理员 has no rights over real people: 未学名单, 发布 and 推送 stay among demo people', async () => {
    const { deps, say } = await setup();
    const missing = await say('admin', '未学名单');
    expect(missing).toContain('赵六（办公室）');
    expect(missing).not.toContain('一中队');
    expect(missing).toContain('共 8 人');

    expect(await say('admin', '发布 演示专题\n《中华人民共和国行政处罚法》第三十六条')).toContain('推送给 8 人');
    expect(await say('admin', '推送')).toContain('已向 8 人推送今日答题');
    const inbox = deps.playgroundInbox!.sent;
    expect(inbox.get('ding-wangwu')).toBeUndefined(); // the real 王五
    expect(inbox.get('zhaoliu')).toHaveLength(2);
    // The demo topic is not the real people's 每日一学.
    expect(await say('E005', '学习')).not.toContain('演示专题');
    expect(await say('zhaoliu', '学习')).toContain('演示专题');
  });
});

describe('nobody without a department is 应学', () => {
  test('someone who only said hello is not in 未学名单 or the report', async () => {
    const { deps, say } = await setup({ roster: false });
    expect(await say('hello-only', '你好')).toContain('请先绑定所在部门');
    const missing = await say('admin', '未学名单');
    expect(missing).toContain('共 8 人');
    expect(missing).not.toContain('hello-only');
    const report = await collectReportInput(deps, periodFor('本月', deps.quiz.today())!);
    expect(report.personRows.map((r) => r.person.name)).not.toContain('hello-only');
  });
});

describe('npm run pufa -- demo clear', () => {
  test('removes the demo people, departments and topics and says what it removed; real data stays', async () => {
    const { store, say, cli } = await setup();
    await say('admin', '发布 演示专题');
    expect((await cli('demo')).out).toMatch(/演示数据：演示人员 8 人.*演示部门 5 个.*演示学习专题 1 个。删除请运行 demo clear。/);
    const cleared = await cli('demo', 'clear');
    expect(cleared.code).toBe(0);
    expect(cleared.out).toBe(
      '已删除演示人员 8 人（王局长、管理员、赵六、李科长、张三、李四、王五、陈七）、演示部门 5 个（县司法局、办公室、法制科、执法大队、公共法律服务科）、演示学习专题 1 个。',
    );
    expect((await store.listPeople()).some(isDemo)).toBe(false);
    expect((await store.listDepartments()).some(isDemo)).toBe(false);
    expect(await store.listTopics()).toEqual([]);
    expect((await store.listPeople()).length).toBe(5);
    expect((await cli('demo', 'clear')).out).toBe('没有演示数据，无需删除。');
    expect((await cli('demo', 'frobnicate')).code).toBe(2);
  });

  test('a demo department real people were put in is kept (and no longer demo)', async () => {
    const { store, cli } = await setup();
    const real = (await store.findPersonByIdentity('wecom', 'zhangsan'))!;
    await store.savePeople([{ ...real, departmentId: 'bgs' }]);
    const cleared = await cli('demo', 'clear');
    expect(cleared.out).toContain('演示部门 3 个');
    expect(cleared.out).toContain('保留 2 个已有真实人员的部门（县司法局、办公室），不再标记为演示。');
    expect((await store.listDepartments()).find((d) => d.id === 'bgs')).toEqual({ id: 'bgs', name: '办公室', parentId: 'sfj' });
  });

  test('a real person imported after the clear never inherits a demo person’s history', async () => {
    const { deps, store, say, cli } = await setup();
    await say('zhaoliu', '答题');
    expect((await store.lastSeen('zhaoliu')).size).toBeGreaterThan(0);
    await cli('demo', 'clear');
    const dir = mkdtempSync(join(tmpdir(), 'pufa-demo-'));
    const file = join(dir, 'roster.csv');
    writeFileSync(file, '姓名,部门,企业微信账号\n赵六,县司法局/办公室,zhaoliu\n');
    await importRoster(store, file, { today: deps.quiz.today() });
    const zhao = (await store.findPersonByIdentity('wecom', 'zhaoliu'))!;
    expect(zhao.id).toBe('wecom:zhaoliu');
    expect((await store.lastSeen(zhao.id)).size).toBe(0);
  });
});
