/**
 * The admins' console over HTTP (issue 16): admins only (403 for leaders and members, 401 without a session),
 * CSRF on every POST, the roster dry run (row, column, reason; nothing written on a file with errors) and apply,
 * 发布 with preview (audience, articles; an unknown article is an error), confirm through the outbox and recall
 * within 10 minutes, the jobs' switch persisted in the store, the outbox with retry, the audit log.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cookieJar, signInByLink, startWebServer } from '../helpers/web.js';
import { importRosterCommand, rosterFile } from '../helpers/roster.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const s = await startWebServer({ env: { PLAYGROUND: 'true', DATA_DIR: mkdtempSync(join(tmpdir(), 'pufa-console-')) } });
  closers.push(s.close);
  const as = async (personId: string) => {
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, personId);
    const get = (path: string) => jar.fetch(`${s.url}${path}`);
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      jar.fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const upload = (path: string, bytes: string, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      jar.fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: bytes });
    return { jar, csrf, get, post, upload };
  };
  return { ...s, as };
}

const json = async (r: Response, status = 200) => {
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json();
};

const ROSTER_OK = ['姓名,部门,企业微信账号,角色', '周九,县司法局/法制科,zhoujiu,成员', '吴十,县司法局/新设科,wushi,成员'].join('\n');
const ROSTER_BAD = [...ROSTER_OK.split('\n'), '孙八,县司法局/法制科,sunba,科员'].join('\n');

describe('access', () => {
  test('leaders and members get 403 on every console endpoint; without a session 401; a POST without the CSRF token 403', async () => {
    const s = await setup();
    const leader = await s.as('likz');
    const member = await s.as('zhangsan');
    for (const who of [leader, member]) {
      for (const path of [
        '/api/admin/audit',
        '/api/admin/org',
        '/api/admin/jobs',
        '/api/admin/outbox',
        '/api/admin/bank/questions',
        '/api/admin/publications',
      ]) {
        expect((await who.get(path)).status, path).toBe(403);
      }
      expect((await who.post('/api/admin/publish', { title: 't', body: '', targets: [] })).status).toBe(403);
      expect((await who.upload('/api/admin/roster/preview?name=r.csv', ROSTER_OK)).status).toBe(403);
    }
    expect((await fetch(`${s.url}/api/admin/audit`)).status).toBe(401);
    const admin = await s.as('admin');
    expect((await admin.post('/api/admin/jobs/remind', { enabled: false }, {})).status).toBe(403);
    expect((await admin.upload('/api/admin/roster/preview?name=r.csv', ROSTER_OK, {})).status).toBe(403);
    expect((await json(await admin.get('/api/admin/jobs'))).jobs.find((j: { name: string }) => j.name === 'remind').enabled).toBe(true);
  });
});

describe('roster', () => {
  test('a file with a bad row is reported (row, column, reason) and changes nothing, even when applied', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const before = (await s.deps.store.listPeople()).length;
    const r = await json(await admin.upload('/api/admin/roster/preview?name=roster.csv', ROSTER_BAD));
    expect(r.canApply).toBe(false);
    expect(r.report.errors).toEqual([{ row: 4, column: '角色', reason: expect.stringContaining('未知角色“科员”') }]);
    const refused = await json(await admin.post('/api/admin/roster/apply', { id: r.id }), 409);
    expect(refused.error.code).toBe('roster.invalid');
    expect((await s.deps.store.listPeople()).length).toBe(before);
  });

  test('a good file: the preview lists who is added, applying writes it and the audit log has both steps', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const r = await json(await admin.upload('/api/admin/roster/preview?name=roster.csv', ROSTER_OK));
    expect(r.canApply).toBe(true);
    expect(r.report.details.added.map((p: { name: string }) => p.name).sort()).toEqual(['吴十', '周九']);
    expect(await s.deps.store.getPerson('zhoujiu')).toBeUndefined();
    const applied = await json(await admin.post('/api/admin/roster/apply', { id: r.id }));
    expect(applied.report.peopleCreated).toBe(2);
    expect((await s.deps.store.getPerson('zhoujiu'))?.name).toBe('周九');
    // Used up: a second apply of the same upload is refused.
    expect((await admin.post('/api/admin/roster/apply', { id: r.id })).status).toBe(404);
    const log = await json(await admin.get('/api/admin/audit'));
    expect(log.entries.map((e: { action: string }) => e.action).slice(0, 2)).toEqual(['roster.apply', 'roster.preview']);
    expect(log.entries[0].actor).toMatchObject({ kind: 'person', id: 'admin' });
  });
});

describe('发布', () => {
  test('preview shows the audience and the article text; an unknown article is an error and cannot be confirmed', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const p = await json(
      await admin.post('/api/admin/publish/preview', { title: '行政处罚的追责时效', body: '请学习《行政处罚法》第三十六条。', targets: ['法制科'] }),
    );
    expect(p.errors).toEqual([]);
    expect(p.audience).toBe(2);
    expect(p.text).toContain('【法条原文】《行政处罚法》第三十六条');
    const bad = await json(await admin.post('/api/admin/publish/preview', { title: '错误引用', body: '《行政处罚法》第九百条', targets: [] }));
    expect(bad.errors).toEqual(['没有找到 《行政处罚法》第九百条 的条文']);
    const refused = await json(await admin.post('/api/admin/publish', { title: '错误引用', body: '《行政处罚法》第九百条', targets: [] }), 400);
    expect(refused.error.code).toBe('input.invalid');
    expect((await s.deps.store.outboxRecords()).filter((r) => r.reason.startsWith('topic:'))).toHaveLength(0);
  });

  test('confirm sends through the outbox; recall within 10 minutes takes the delivered messages back; later it is refused', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const inbox = s.deps.playgroundInbox!;
    const sent = await json(await admin.post('/api/admin/publish', { title: '今日专题', body: '《行政处罚法》第三十六条', targets: ['法制科'] }));
    expect(sent.reached).toBe(2);
    expect(inbox.sent.get('zhangsan')?.some((m) => m.includes('今日专题'))).toBe(true);
    expect(sent.publication.handles.length).toBeGreaterThan(0);
    s.clock.advance(9 * 60_000);
    const recalled = await json(await admin.post(`/api/admin/publish/${sent.publication.id}/recall`, {}));
    expect(recalled.result).toMatchObject({ cancelled: 0, recalled: sent.publication.handles.length, failed: [], notRecallable: [] });
    expect(inbox.take('zhangsan').some((m) => m.includes('今日专题'))).toBe(false);
    // 学习 no longer shows the recalled topic.
    const study = await fetch(`${s.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'zhangsan', text: '学习' }),
    });
    expect(JSON.stringify(await study.json())).not.toContain('今日专题');
    expect((await admin.post(`/api/admin/publish/${sent.publication.id}/recall`, {})).status).toBe(409);

    const second = await json(await admin.post('/api/admin/publish', { title: '第二个专题', body: '', targets: ['法制科'] }));
    s.clock.advance(10 * 60_000 + 1000);
    const late = await json(await admin.post(`/api/admin/publish/${second.publication.id}/recall`, {}), 409);
    expect(late.error.code).toBe('publish.too_late');
  });

  test('the chat 发布 refuses an unknown article and names it; nothing is pushed', async () => {
    const s = await setup();
    const r = await fetch(`${s.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', text: '发布 专题\n请学习《行政处罚法》第九百条' }),
    });
    const body = await r.json();
    expect(JSON.stringify(body)).toContain('未发布：没有找到 《行政处罚法》第九百条 的条文');
    expect(JSON.stringify(body)).not.toContain('未找到《');
    expect((await s.deps.store.outboxRecords()).filter((x) => x.reason.startsWith('topic:'))).toHaveLength(0);
  });

  test('a chat 发布 is audited and recallable from the console', async () => {
    const s = await setup();
    await fetch(`${s.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'admin', text: '发布 @法制科 聊天专题\n请学习《行政处罚法》第三十六条' }),
    });
    const admin = await s.as('admin');
    const log = await json(await admin.get('/api/admin/audit'));
    expect(log.entries[0]).toMatchObject({ via: 'chat', action: 'publish.confirm', actor: { id: 'admin' } });
    const pubs = (await json(await admin.get('/api/admin/publications'))).publications;
    expect(pubs[0]).toMatchObject({ title: '聊天专题', recallable: true });
    expect((await json(await admin.post(`/api/admin/publish/${pubs[0].id}/recall`, {}))).result.recalled).toBeGreaterThan(0);
  });
});

describe('the command line', () => {
  test('import-roster from the command line is in the audit log', async () => {
    const s = await setup();
    await importRosterCommand(s.deps, rosterFile('在职'));
    const admin = await s.as('admin');
    const log = await json(await admin.get('/api/admin/audit'));
    expect(log.entries[0]).toMatchObject({ via: 'cli', actor: { kind: 'cli' }, action: 'roster.apply', details: { file: 'roster.csv', peopleCreated: 5 } });
  });
});

describe('bank', () => {
  const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank/${name}`, import.meta.url), 'utf8');

  test('search marks the shipped bank read-only; a file with errors is reported and not imported; a good one is, and is searchable', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const found = await json(await admin.get(`/api/admin/bank/questions?law=${encodeURIComponent('行政处罚法')}&type=single`));
    expect(found.total).toBeGreaterThan(0);
    expect(found.questions.every((q: { readOnly: boolean; law: string; type: string }) => q.readOnly && q.law === '行政处罚法' && q.type === 'single')).toBe(
      true,
    );
    const broken = await json(await admin.upload('/api/admin/bank/preview?name=broken.csv', fixture('broken.csv')));
    expect(broken.canApply).toBe(false);
    expect(broken.errors.length).toBeGreaterThan(0);
    expect((await json(await admin.post('/api/admin/bank/apply', { id: broken.id }), 409)).error.code).toBe('bank.invalid');
    const before = (await json(await admin.get('/api/admin/bank/questions'))).total;
    const good = await json(await admin.upload('/api/admin/bank/preview?name=good.csv', fixture('good.csv')));
    expect(good).toMatchObject({ canApply: true, errors: [] });
    const applied = await json(await admin.post('/api/admin/bank/apply', { id: good.id }));
    expect(applied.result.imported).toBe(good.questions);
    // Reloaded at once: the imported questions are searchable, and not read-only.
    expect((await json(await admin.get('/api/admin/bank/questions'))).total).toBe(before + good.questions);
    const mine = await json(await admin.get(`/api/admin/bank/questions?bank=${encodeURIComponent(applied.result.bank)}`));
    expect(mine.total).toBe(good.questions);
    expect(mine.questions.every((q: { readOnly: boolean }) => !q.readOnly)).toBe(true);
    // Editing: the shipped bank is read-only; check-bank's rules refuse a bad answer; a good edit is saved and live.
    const shipped = found.questions[0];
    const edit = (id: string, body: unknown) => admin.post(`/api/admin/bank/questions/${id}`, body);
    expect((await json(await edit(shipped.id, { stem: shipped.stem, answer: shipped.answer, explanation: '修改说明文字' }), 409)).error.code).toBe(
      'bank.readonly',
    );
    const q = mine.questions.find((x: { type: string }) => x.type === 'single');
    const refused = await json(await edit(q.id, { stem: q.stem, answer: 'Z', explanation: q.explanation }), 400);
    expect(refused.error.code).toBe('bank.invalid');
    expect((await json(await admin.get(`/api/admin/bank/questions?text=${q.id}`))).questions[0].answer).toBe(q.answer);
    const stem = `${q.stem}（已修订）`;
    await json(await edit(q.id, { stem, answer: q.answer, explanation: q.explanation }));
    expect((await json(await admin.get(`/api/admin/bank/questions?text=${q.id}`))).questions[0].stem).toBe(stem);
    const log = await json(await admin.get('/api/admin/audit?action=bank'));
    expect(log.entries.map((e: { action: string }) => e.action)).toEqual(['bank.edit', 'bank.import', 'bank.preview', 'bank.preview']);
  });
});

describe('jobs, outbox, departments', () => {
  test('switching a job off is persisted in the store and skips its firing; next runs follow the study calendar', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    const jobs = (await json(await admin.get('/api/admin/jobs'))).jobs;
    // 2026-11-24 10:00 CST (Tuesday): the next 未学提醒 is today at 16:00.
    expect(jobs.find((j: { name: string }) => j.name === 'remind').nextRuns[0]).toBe('2026-11-24T08:00:00.000Z');
    const off = await json(await admin.post('/api/admin/jobs/remind', { enabled: false }));
    expect(off.jobs.find((j: { name: string }) => j.name === 'remind')).toMatchObject({ enabled: false, nextRuns: [] });
    expect(await s.deps.adminStore.disabledJobs()).toEqual(['remind']);
    s.clock.set('2026-11-24T08:00:00Z');
    await s.deps.scheduler.fireNow('remind');
    expect((await s.deps.store.outboxRecords()).some((r) => r.reason.startsWith('remind:'))).toBe(false);
    const log = await json(await admin.get('/api/admin/audit?action=job'));
    expect(log.entries[0]).toMatchObject({ action: 'job.toggle', details: { job: 'remind', enabled: false } });
  });

  test('the outbox lists what the command line lists, and a recalled delivery is not retried', async () => {
    const s = await setup();
    const admin = await s.as('admin');
    await json(await admin.post('/api/admin/publish', { title: '专题', body: '', targets: ['法制科'] }));
    const all = (await json(await admin.get('/api/admin/outbox?all=1'))).items;
    expect(all.some((i: { label: string; state: string }) => i.label === '学习专题' && i.state === 'delivered')).toBe(true);
    const id = all[0].id;
    expect((await json(await admin.post(`/api/admin/outbox/${id}/retry`, {}), 409)).error.code).toBe('outbox.delivered');
  });

  test('departments tree; set and unset leader; an ADMIN_USERS admin cannot be unset', async () => {
    const s = await startWebServer({ env: { PLAYGROUND: 'true', ADMIN_USERS: 'wangjz' } });
    closers.push(s.close);
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, 'admin');
    const post = (body: unknown) =>
      jar.fetch(`${s.url}/api/admin/org/roles`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      });
    const tree = await json(await jar.fetch(`${s.url}/api/admin/org`));
    const flat = (n: {
      name: string;
      people: Array<{ id: string; configAdmin: boolean }>;
      children: unknown[];
    }): Array<{ id: string; configAdmin: boolean }> => [...n.people, ...(n.children as (typeof n)[]).flatMap(flat)];
    const people = tree.roots.flatMap(flat);
    expect(people.find((p: { id: string }) => p.id === 'wangjz').configAdmin).toBe(true);
    expect((await json(await post({ personId: 'zhangsan', role: 'leader', on: true }))).person.roles).toEqual(['member', 'leader']);
    expect((await s.deps.store.getPerson('zhangsan'))?.pinned).toContain('roles');
    expect((await json(await post({ personId: 'zhangsan', role: 'leader', on: false }))).person.roles).toEqual(['member']);
    expect((await json(await post({ personId: 'wangjz', role: 'admin', on: false }), 409)).error.code).toBe('role.config_admin');
  });
});
