/**
 * The exam API behind the web app's session (issue 16's sign-in): a person signed in by a one-time link takes the
 * exam (start, answers, 交卷) with the session's CSRF token, and without it nothing changes; the exam figures and
 * the 未参考 reminder are scoped like the dashboard (a leader sees their departments only, a member nothing), the
 * reminder goes through the outbox once a day per person and only while a window is open.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { activeAttempt, answerFor, createExam, examFile } from '../helpers/exam.js';
import { cookieJar, signInByLink, startWebServer } from '../helpers/web.js';

const NOW = '2026-12-01T02:00:00Z';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup() {
  const s = await startWebServer({ now: NOW });
  closers.push(s.close);
  const as = async (personId: string) => {
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, personId);
    const get = (path: string) => jar.fetch(`${s.url}${path}`);
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      jar.fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return { get, post };
  };
  return { ...s, as };
}

const json = async (r: Response, status = 200) => {
  expect(r.status, await r.clone().text()).toBe(status);
  return r.json();
};

describe('the exam API with a web session', () => {
  test('take the exam signed in by link; a POST without the CSRF token is refused and saves nothing', async () => {
    const s = await setup();
    const id = await createExam(s.deps, examFile());
    expect((await fetch(`${s.url}/api/exam/exams`)).status).toBe(401);
    const zs = await s.as('zhangsan');
    expect((await json(await zs.get('/api/exam/exams'))).exams.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await zs.post(`/api/exam/exams/${id}/start`, {}, {})).status).toBe(403);
    expect(await s.deps.exam.store.attemptsOf(id, 'zhangsan')).toEqual([]);
    const paper = await json(await zs.post(`/api/exam/exams/${id}/start`, {}), 201);
    expect(paper.questions).toHaveLength(20);
    const a = await activeAttempt(s.deps, id, 'zhangsan');
    const refused = await zs.post(`/api/exam/exams/${id}/answers/0`, { attempt: 1, answer: answerFor(a, 0, true) }, {});
    expect([refused.status, (await refused.json()).error.code]).toEqual([403, 'auth.csrf']);
    expect((await activeAttempt(s.deps, id, 'zhangsan')).answers[0]).toBeNull();
    for (let i = 0; i < 19; i++) await json(await zs.post(`/api/exam/exams/${id}/answers/${i}`, { attempt: 1, answer: answerFor(a, i, true) }));
    const done = await json(await zs.post(`/api/exam/exams/${id}/submit`, { attempt: 1 }));
    expect(done).toMatchObject({ unansweredAtSubmit: 1, passed: true });
    expect((await zs.get(`/api/exam/exams/${id}/certificate`)).status).toBe(200);
  });

  test('figures and 未参考 reminders scoped like the dashboard; once a day per person; only while a window is open', async () => {
    const s = await setup();
    const id = await createExam(s.deps, examFile());
    const li = await s.as('likz'); // leader of 法制科 (李科长, 张三)
    const one = await json(await li.get(`/api/reports/exams/${id}`));
    expect(one.departments.map((d: { label: string }) => d.label)).toEqual(['合计', '县司法局/法制科']);
    expect(one.departments[0]).toMatchObject({ expected: 2, took: 0 });
    expect(one.notTaken.map((p: { id: string; reminded: unknown }) => [p.id, p.reminded])).toEqual([
      ['likz', null],
      ['zhangsan', null],
    ]);
    expect((await json(await li.get('/api/reports/exams'))).exams[0]).toMatchObject({ id, expected: 2, open: true });
    // someone of another department: 403 and nobody reminded; no CSRF token: 403
    expect((await li.post(`/api/reports/exams/${id}/remind`, { personIds: ['zhangsan', 'lisi'] })).status).toBe(403);
    expect((await li.post(`/api/reports/exams/${id}/remind`, { personIds: ['zhangsan'] }, {})).status).toBe(403);
    expect(s.deps.playgroundInbox!.sent.get('zhangsan')).toBeUndefined();
    expect(await s.deps.store.outboxRecords(`exam-remind:2026-12-01`)).toEqual([]);
    // members see no figures
    expect((await (await s.as('zhangsan')).get(`/api/reports/exams/${id}`)).status).toBe(403);

    const first = await json(await li.post(`/api/reports/exams/${id}/remind`, { personIds: ['zhangsan'] }));
    expect(first).toMatchObject({ status: 'ran', sent: 1 });
    expect(s.deps.playgroundInbox!.sent.get('zhangsan')?.[0]).toContain('【考试提醒】《2026年度学法考试》');
    const again = await json(await li.post(`/api/reports/exams/${id}/remind`, {}));
    expect(again).toMatchObject({ status: 'ran', sent: 1, skipped: { alreadySent: 1 } });
    expect((await json(await li.get(`/api/reports/exams/${id}`))).notTaken.every((p: { reminded: unknown }) => p.reminded !== null)).toBe(true);
    // after the window: refused
    s.clock.advance(15 * 24 * 3600_000);
    const late = await (await s.as('likz')).post(`/api/reports/exams/${id}/remind`, {});
    expect([late.status, (await late.json()).error.code]).toEqual([409, 'exam.not_open']);
  });
});
