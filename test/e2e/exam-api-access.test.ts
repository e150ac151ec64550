/**
 * Who reaches the exam API: an injected ExamIdentity (what the web app's session will be), nobody when none is
 * injected outside the playground; and the exam figures for the dashboard behind the admin token.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, test } from 'vitest';
import { activeAttempt, answerFor, createExam, examFile } from '../helpers/exam.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-12-01T02:00:00Z';
const TOKEN = 'exam-dashboard-token-2026';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const buffer = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', buffer, json: () => JSON.parse(buffer.toString('utf8')) };
}

describe('the exam API behind an injected identity', () => {
  test('the injected identity decides who is asking; the playground header means nothing outside the playground', async () => {
    const { deps } = await makeTestDeps({ now: NOW, env: { PLAYGROUND: 'false' }, examIdentity: async (ctx) => ctx.get('x-test-person') || undefined });
    const srv = await startServer(deps);
    closers.push(srv.close);
    await createExam(deps, examFile());
    expect((await get(`${srv.url}/api/exam/exams`, { 'x-test-person': 'zhangsan' })).json().exams).toHaveLength(1);
    expect((await get(`${srv.url}/api/exam/exams`, { 'x-playground-user': 'zhangsan' })).status).toBe(401);
    const unknown = await get(`${srv.url}/api/exam/exams`, { 'x-test-person': 'nobody' });
    expect([unknown.status, unknown.json().error.code]).toEqual([403, 'exam.unknown_person']);
  });

  test('without an identity (sign-in not wired) and without the playground, everyone gets 401', async () => {
    const { deps } = await makeTestDeps({ now: NOW, env: { PLAYGROUND: 'false' } });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const r = await get(`${srv.url}/api/exam/exams`, { 'x-playground-user': 'zhangsan' });
    expect([r.status, r.json().error.code]).toEqual([401, 'auth.unauthorized']);
  });
});

describe('exam figures for the dashboard (admin token)', () => {
  test('the list, one exam by department and person, the xlsx; 401 without the token, 404 for an unknown exam', async () => {
    const { deps } = await makeTestDeps({ now: NOW, env: { ADMIN_TOKEN: TOKEN } });
    const srv = await startServer(deps);
    closers.push(srv.close);
    const id = await createExam(deps, examFile({ audience: { departments: ['执法大队'] } }));
    const lisi = (await deps.store.getPerson('lisi'))!;
    await deps.exam.service.start(lisi, id, 'web');
    const a = await activeAttempt(deps, id, 'lisi');
    for (let i = 0; i < a.paper.length; i++) await deps.exam.service.save(lisi, id, { attempt: 1, index: i, answer: answerFor(a, i, true) });
    await deps.exam.service.submit(lisi, id, 1);
    const auth = { authorization: `Bearer ${TOKEN}` };

    expect((await get(`${srv.url}/api/reports/exams`)).status).toBe(401);
    expect((await get(`${srv.url}/api/reports/exams`, auth)).json().exams).toMatchObject([
      { id, expected: 2, took: 1, tookRate: 0.5, passed: 1, passRate: 0.5, average: 25 },
    ]);
    const one = (await get(`${srv.url}/api/reports/exams/${id}`, auth)).json();
    expect(one.departments).toEqual([
      { id: null, label: '合计', expected: 2, took: 1, tookRate: 0.5, passed: 1, passRate: 0.5, average: 25 },
      { id: 'sfj', label: '县司法局', expected: 2, took: 1, tookRate: 0.5, passed: 1, passRate: 0.5, average: 25 },
      { id: 'zfdd', label: '县司法局/执法大队', expected: 2, took: 1, tookRate: 0.5, passed: 1, passRate: 0.5, average: 25 },
    ]);
    expect(one.notTaken.map((p: { name: string }) => p.name)).toEqual(['王五']);
    expect(one.people.find((p: { name: string }) => p.name === '李四')).toMatchObject({
      score: 25,
      passed: true,
      attempts: 1,
      department: '县司法局/执法大队',
    });
    const xlsx = await get(`${srv.url}/api/reports/exams/${id}/export.xlsx`, auth);
    expect(xlsx.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.buffer as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细', '未参考名单']);
    expect((await get(`${srv.url}/api/reports/exams/exam-9`, auth)).status).toBe(404);
  });
});
