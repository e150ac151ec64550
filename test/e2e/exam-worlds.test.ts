/**
 * The annual exam in the two worlds (directory/demo-data.ts): with WeCom configured (a fake WeCom API on
 * 127.0.0.1) and PLAYGROUND=true, the playground's demo people may take an exam, but nothing they do acts on real
 * staff: the demo admin's 考试情况 counts demo people only and their 考试提醒 reaches demo people through the
 * playground inbox, never WeCom; a demo taker's time-out notice goes to the playground inbox; the playground's exam
 * API refuses a real person's id; and the real figures (`exam report`, the report API) count real people only.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createPlatformChannels } from '../../src/channels/platforms.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Person } from '../../src/core/model.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { activeAttempt, answerFor, createExam, examFile } from '../helpers/exam.js';
import { makeTestDeps, startServer, testConfig } from '../helpers/test-deps.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';

const NOW = '2026-11-24T02:00:00Z';
const TOKEN = 'exam-worlds-token-0123456789';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const real = (id: string, extra: Partial<Person> = {}): Person => ({
  id: `wecom:${id}`,
  name: id,
  departmentId: 'real-root',
  roles: ['member'],
  track: '全员',
  identities: { wecom: id, playground: `${id}-pg` },
  active: true,
  joinedOn: '2026-11-01' as QuizDay,
  ...extra,
});

async function setup() {
  const api = await startFakeWecomApi({ corpId: 'wwsandbox', secret: 'sandbox-secret' });
  closers.push(api.close);
  const env = {
    WECOM_CORP_ID: 'wwsandbox',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'sandbox-secret',
    WECOM_TOKEN: 'sandboxtoken',
    WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    WECOM_API_BASE: api.url,
    PLAYGROUND: 'true',
    ADMIN_TOKEN: TOKEN,
  };
  const channels = createPlatformChannels(testConfig(env), { clock: fixedClock(NOW), logger: createMemoryLogger() });
  const t = await makeTestDeps({ now: NOW, env, senders: channels.senders, bulkSenders: channels.bulkSenders, sleep: async () => {} });
  await t.store.saveDepartments([{ id: 'real-root', name: '某县司法局' }]);
  await t.store.savePeople([real('boss', { name: '真局长', roles: ['admin', 'leader'] }), real('staff', { name: '真科员' })]);
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const say = async (userId: string, text: string) => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    const body = (await r.json()) as { replies?: Array<{ text: string }> };
    return { status: r.status, text: body.replies?.map((x) => x.text).join('\n') ?? '' };
  };
  const platformSends = () => api.calls.filter((c) => c.path === 'message/send').length;
  return { ...t, srv, say, platformSends };
}

describe('the exam in the two worlds', () => {
  test('demo takers and the demo admin stay in the sandbox; real figures count real people', async () => {
    const { deps, clock, srv, say, platformSends } = await setup();
    const id = await createExam(deps, examFile({ from: '2026-11-23 09:00', to: '2026-11-30 18:00', attempts: 1, durationMinutes: 20 }));
    const demoPeople = (await deps.demoWorld.stats.scopeOf((await deps.store.getPerson('admin'))!)).people.filter((p) => p.active && p.departmentId);

    // a demo person passes in the playground's exam API
    const headers = { 'x-playground-user': 'lisi', 'content-type': 'application/json' };
    expect((await fetch(`${srv.url}/api/exam/exams/${id}/start`, { method: 'POST', headers })).status).toBe(201);
    const a = await activeAttempt(deps, id, 'lisi');
    for (let i = 0; i < a.paper.length; i++) {
      const r = await fetch(`${srv.url}/api/exam/exams/${id}/answers/${i}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ attempt: 1, answer: answerFor(a, i, true) }),
      });
      expect(r.status).toBe(200);
    }
    expect((await fetch(`${srv.url}/api/exam/exams/${id}/submit`, { method: 'POST', headers, body: JSON.stringify({ attempt: 1 }) })).status).toBe(200);
    // a real person's playground id is no identity at all in the sandbox
    expect((await fetch(`${srv.url}/api/exam/exams`, { headers: { 'x-playground-user': 'staff-pg' } })).status).toBe(401);

    // a demo person starts in chat and runs out of time: the notice goes to the playground inbox only
    expect((await say('zhangsan', '考试')).status).toBe(200);
    clock.advance(21 * 60_000);
    expect(await deps.exam.service.sweep()).toBe(1);
    expect(deps.playgroundInbox!.sent.get('zhangsan')?.some((text) => text.startsWith('【考试时间到'))).toBe(true);

    // the demo admin's 考试情况 counts demo people only; 考试提醒 reaches them through the playground inbox
    const overview = (await say('admin', '考试情况')).text;
    expect(overview).toContain(`合计：应考 ${demoPeople.length}，参考 2`);
    expect(overview).not.toContain('真科员');
    const remind = (await say('admin', '考试提醒')).text;
    expect(remind).toContain(`已提醒 ${demoPeople.length - 2} 位`);
    expect(platformSends()).toBe(0);
    expect(deps.playgroundInbox!.sent.get('staff-pg')).toBeUndefined();

    // the real figures: the two real people, neither has taken it
    const report = await fetch(`${srv.url}/api/reports/exams/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const body = await report.json();
    expect(body.departments[0]).toMatchObject({ label: '合计', expected: 2, took: 0 });
    expect(body.notTaken.map((p: { name: string }) => p.name).sort()).toEqual(['真局长', '真科员'].sort());
    // and the real reminder reaches them on WeCom
    expect(await deps.runner.run('exam-remind', deps.stats.today())).toMatchObject({ status: 'ran', sent: 2 });
    expect(platformSends()).toBeGreaterThan(0);
  });
});
