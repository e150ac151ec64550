/**
 * The daily quiz in the web page (/api/quiz), the same study as in chat: with WeCom configured (signed and
 * encrypted callbacks against a fake WeCom API), a member signed in by link answers the whole day in the page
 * (the question without its key, strict parsing per type, the verdict with the explanation and 《法》第X条, the
 * summary); chat then says the day is done, and the dashboard counts it. A question answered in chat is
 * already-answered in the page (and the other way round); a retried or doubled POST never doubles points; a
 * leaver is refused; a demo person's quiz stays in the demo world.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { answerAt } from '../helpers/quiz-answers.js';
import { cookieJar, signInByLink, startWebServer } from '../helpers/web.js';

const NOW = '2026-12-01T02:00:00Z';
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

interface Verdict {
  index: number;
  chosen: string;
  correct: boolean;
  correctAnswer: string;
  points: number;
  explanation: string;
  basis: string;
  stem: string;
}
interface PageQuiz {
  day: string;
  total: number;
  answered: number;
  points: number;
  done: boolean;
  current: { index: number; type: 'single' | 'multiple' | 'judge'; options: Array<{ key: string; text: string }> } | null;
  verdicts: Verdict[];
  summary: { text: string; correct: number; total: number; points: number; streak: number; rank?: { of: number; department: string } } | null;
}

async function setup(opts: { playground?: boolean; testIdentity?: boolean } = {}) {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const channel = createWecomChannel(config, {
    clock: fixedClock(NOW),
    logger: createMemoryLogger(),
    sleep: async () => {},
    api: { timeoutMs: 5000, backoffMs: 1 },
  });
  const s = await startWebServer({
    now: NOW,
    seedAsReal: !opts.playground,
    env: { ...ENV, WECOM_API_BASE: api.url, ...(opts.playground ? { PLAYGROUND: 'true' } : {}) },
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    sleep: async () => {},
    ...(opts.testIdentity ? { examIdentity: async (ctx) => ctx.get('x-test-person') || undefined } : {}),
  });
  closers.push(s.close);
  const zhangsan = (await s.store.getPerson('zhangsan'))!;
  await s.store.savePeople([{ ...zhangsan, identities: { ...zhangsan.identities, wecom: 'zhangsan' } }]);
  const client = createFakeWecomClient({
    url: s.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock: s.clock,
  });
  const as = async (personId: string) => {
    const jar = cookieJar();
    const csrf = await signInByLink(s.deps, s.url, jar, personId);
    const get = (path: string) => jar.fetch(`${s.url}${path}`);
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) =>
      jar.fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const answer = (day: string, index: number, answer: string) => post(`/api/quiz/today/answers/${index}`, { day, answer });
    return { get, post, answer };
  };
  return { ...s, api, client, as };
}

const json = async <T = PageQuiz>(r: Response, status = 200): Promise<T> => {
  expect(r.status, await r.clone().text()).toBe(status);
  return (await r.json()) as T;
};
const errorOf = async (r: Response) => [r.status, ((await r.json()) as { error: { code: string } }).error.code];

/** An answer to question `index` that the person would give wrong (as displayed). */
async function wrongAt(deps: Parameters<typeof answerAt>[0], personId: string, index: number, type: string): Promise<string> {
  const right = await answerAt(deps, personId, index);
  if (type === 'judge') return right === '对' ? '错' : '对';
  return right === 'A' ? 'B' : 'A';
}

/** A reply the chat must not grade for this type (several letters to a 单选, a letter a 判断 has not…). */
const UNGRADABLE = { single: 'AB', multiple: 'AH', judge: 'A' } as const;

describe('the daily quiz in the web page', () => {
  test('a member answers the whole day in the page; chat then says done; the dashboard counts it; a retry changes nothing', async () => {
    const s = await setup();
    const day = s.deps.quiz.today();
    expect((await fetch(`${s.url}/api/quiz/today`)).status).toBe(401);
    const zs = await s.as('zhangsan');
    // the push link: PUBLIC_URL/quiz?day=…, answered with the page's shell
    const link = s.deps.quizPageUrl!(day);
    expect(link).toBe(`${s.url}/quiz?day=${day}`);
    const shell = await zs.get(`/quiz?day=${day}`);
    expect([shell.status, shell.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);

    const first = await json(await zs.get('/api/quiz/today'));
    expect(first).toMatchObject({ day, total: 5, answered: 0, points: 0, done: false, verdicts: [], summary: null });
    expect(first.current?.index).toBe(0);
    // the question carries no key: nothing of the answer, explanation or basis before it is answered
    const quiz = (await s.store.getQuiz('zhangsan', day))!;
    const q0 = s.deps.bank.get(quiz.items[0]!.questionId)!;
    expect(JSON.stringify(first.current)).not.toContain(q0.explanation);
    expect(Object.keys(first.current!).sort()).toEqual(['howTo', 'index', 'options', 'review', 'stem', 'type', 'typeLabel']);
    // the same draw as chat: the stored quiz is the one the page shows
    expect(first.current?.type).toBe(q0.type);

    // no CSRF token: refused, nothing recorded; a later question: refused; an ungradable answer: refused with why
    const a0 = await answerAt(s.deps, 'zhangsan', 0);
    expect(await errorOf(await zs.post('/api/quiz/today/answers/0', { day, answer: a0 }, {}))).toEqual([403, 'auth.csrf']);
    expect(await s.store.answersOf('zhangsan', day)).toEqual([]);
    expect((await json<{ outcome: string }>(await zs.answer(day, 0, a0))).outcome).toBe('graded');
    const notCurrent = await zs.answer(day, 3, 'A');
    expect([notCurrent.status, (await notCurrent.json()).error]).toEqual([409, expect.objectContaining({ code: 'quiz.not_current', current: 1 })]);
    const q1 = s.deps.bank.get(quiz.items[1]!.questionId)!;
    expect(await errorOf(await zs.answer(day, 1, UNGRADABLE[q1.type]))).toEqual([400, 'quiz.bad_answer']);
    expect(await errorOf(await zs.answer('2026-11-30', 1, 'A'))).toEqual([409, 'quiz.day_over']);
    expect(await errorOf(await zs.answer(day, 9, 'A'))).toEqual([400, 'quiz.bad_index']);
    expect(await s.store.answersOf('zhangsan', day)).toHaveLength(1);

    // the rest: question 2 wrong, the others right; each verdict with the explanation and the legal basis
    type Answered = { outcome: string; verdict: Verdict; quiz: PageQuiz };
    let last: Answered | undefined;
    for (let i = 1; i < 5; i++) {
      const type = s.deps.bank.get(quiz.items[i]!.questionId)!.type;
      const given = i === 2 ? await wrongAt(s.deps, 'zhangsan', i, type) : await answerAt(s.deps, 'zhangsan', i);
      const r = await json<Answered>(await zs.answer(day, i, given));
      last = r;
      const q = s.deps.bank.get(quiz.items[i]!.questionId)!;
      expect(r.outcome).toBe('graded');
      expect(r.verdict).toMatchObject({
        index: i,
        correct: i !== 2,
        chosen: given,
        correctAnswer: await answerAt(s.deps, 'zhangsan', i),
        explanation: q.explanation,
        stem: q.stem,
      });
      expect(r.verdict.basis).toMatch(/^《[^》]+》第[一二三四五六七八九十百零〇]+条/);
      expect(r.quiz.answered).toBe(i + 1);
    }
    const stats = await s.store.dayStats('zhangsan', day);
    expect(stats).toMatchObject({ answered: 5, correct: 4, completed: true });
    expect(last!.quiz).toMatchObject({ done: true, current: null, answered: 5 });
    expect(last!.quiz.summary).toMatchObject({ correct: 4, total: 5, streak: 1 });
    expect(last!.quiz.summary!.text).toContain('🎉 今日答题完成！\n今日成绩：答对 4/5 题');
    expect(last!.quiz.points).toBe(last!.quiz.summary!.points);
    expect(last!.quiz.verdicts.map((v) => v.correct)).toEqual([true, true, false, true, true]);

    // a retried POST returns the same verdict and changes nothing
    const again = await json<{ outcome: string; verdict: Verdict; quiz: PageQuiz }>(await zs.answer(day, 4, await answerAt(s.deps, 'zhangsan', 4)));
    expect(again.outcome).toBe('already-answered');
    expect(again.verdict).toEqual(last!.verdict);
    const wrongRetry = await json<{ outcome: string; verdict: Verdict }>(await zs.answer(day, 2, await answerAt(s.deps, 'zhangsan', 2)));
    expect([wrongRetry.outcome, wrongRetry.verdict.correct]).toEqual(['already-answered', false]);
    expect(await s.store.dayStats('zhangsan', day)).toEqual(stats);
    expect(await s.store.answersOf('zhangsan', day)).toHaveLength(5);
    expect(await json(await zs.get('/api/quiz/today/result'))).toEqual(last!.quiz);

    // chat: the day is done (the same words as after a chat quiz)
    expect((await s.client.userSays('zhangsan', '答题')).reply?.content).toContain('今日答题已完成，明天再来！');
    // the dashboard and the boards count it like a chat answer
    const li = await s.as('likz'); // leader of 法制科
    const unstudied = await json<{ people: Array<{ id: string }> }>(await li.get('/api/dash/unstudied'));
    expect(unstudied.people.map((p) => p.id)).toEqual(['likz']);
    const person = await json<{ days: Array<{ day: string; answered: number; completed: boolean }> }>(await li.get('/api/dash/people/zhangsan'));
    expect(person.days.find((d) => d.day === day)).toMatchObject({ answered: 5, completed: true });
    const board = await s.deps.stats.departmentBoard({ from: day, to: day, label: day });
    expect(board.find((r) => r.department.id === 'fzk')).toMatchObject({ expected: 2, studied: 1 });
  });

  test('chat and page share the day: a question answered in one is already-answered in the other, and counts once', async () => {
    const s = await setup();
    const day = s.deps.quiz.today();
    expect((await s.client.userSays('zhangsan', '答题')).reply?.content).toContain('今日答题共 5 题');
    const chatAnswer = await answerAt(s.deps, 'zhangsan', 0);
    expect((await s.client.userSays('zhangsan', chatAnswer)).reply?.content).toMatch(/^✅ 回答正确/);
    const zs = await s.as('zhangsan');
    const page = await json(await zs.get('/api/quiz/today'));
    expect([page.answered, page.current?.index, page.verdicts[0]?.chosen]).toEqual([1, 1, chatAnswer]);
    const dup = await json<{ outcome: string }>(await zs.answer(day, 0, chatAnswer));
    expect(dup.outcome).toBe('already-answered');

    // two tabs post question 2 at once: one is graded, the other gets the same verdict
    const a1 = await answerAt(s.deps, 'zhangsan', 1);
    const [x, y] = await Promise.all([zs.answer(day, 1, a1), zs.answer(day, 1, a1)]);
    const outcomes = [((await x.json()) as { outcome: string }).outcome, ((await y.json()) as { outcome: string }).outcome].sort();
    expect(outcomes).toEqual(['already-answered', 'graded']);
    // the chat continues at question 3, where the page left off
    expect((await s.client.userSays('zhangsan', '答题')).reply?.content).toContain('继续今日答题（已答 2/5 题）');
    const stats = await s.store.dayStats('zhangsan', day);
    expect([stats.answered, (await s.store.answersOf('zhangsan', day)).length]).toEqual([2, 2]);
  });

  test('a leaver is refused: the session ends, and any other way in is refused with nothing recorded', async () => {
    const s = await setup({ testIdentity: true });
    const day = s.deps.quiz.today();
    const zs = await s.as('zhangsan');
    expect((await zs.get('/api/quiz/today')).status).toBe(200);
    const p = (await s.store.getPerson('zhangsan'))!;
    await s.store.savePeople([{ ...p, active: false, leftOn: day as QuizDay }]);
    expect(await errorOf(await zs.get('/api/quiz/today'))).toEqual([401, 'auth.unauthorized']);
    expect((await zs.answer(day, 0, 'A')).status).toBe(401);
    // an identity that still names them (the playground's header, a test's): the quiz's own rule refuses
    const asLeaver = (path: string, init: RequestInit = {}) =>
      fetch(`${s.url}${path}`, { ...init, headers: { 'x-test-person': 'zhangsan', 'content-type': 'application/json' } });
    expect(await errorOf(await asLeaver('/api/quiz/today'))).toEqual([403, 'quiz.left']);
    const post = await asLeaver('/api/quiz/today/answers/0', { method: 'POST', body: JSON.stringify({ day, answer: 'A' }) });
    expect(await errorOf(post)).toEqual([403, 'quiz.left']);
    expect(await s.store.answersOf('zhangsan', day)).toEqual([]);
  });

  test('a demo person answers in the demo world: their standing counts demo people, real reports never see them', async () => {
    const s = await setup({ playground: true });
    const day = s.deps.quiz.today();
    await s.store.saveDepartments([{ id: 'real-root', name: '某县司法局' }]);
    await s.store.savePeople([
      {
        id: 'wecom:boss',
        name: '真局长',
        departmentId: 'real-root',
        roles: ['admin', 'leader'],
        track: '全员',
        identities: { wecom: 'boss' },
        active: true,
        joinedOn: '2026-11-01' as QuizDay,
      },
      {
        id: 'wecom:staff',
        name: '真科员',
        departmentId: 'real-root',
        roles: ['member'],
        track: '全员',
        identities: { wecom: 'staff', playground: 'staff-pg' },
        active: true,
        joinedOn: '2026-11-01' as QuizDay,
      },
    ]);
    const zs = await s.as('zhangsan'); // a demo person (法制科 of the demo 县司法局)
    const first = await json(await zs.get('/api/quiz/today'));
    const quiz = (await s.store.getQuiz('zhangsan', day))!;
    let last: PageQuiz = first;
    for (let i = 0; i < quiz.items.length; i++) last = (await json<{ quiz: PageQuiz }>(await zs.answer(day, i, await answerAt(s.deps, 'zhangsan', i)))).quiz;
    expect(last.summary?.rank).toMatchObject({ department: '法制科', of: 2 });
    // the real world's board and 参学率 count real people only
    const real = await s.deps.stats.departmentBoard({ from: day, to: day, label: day });
    expect(real.map((r) => r.department.id)).toEqual(['real-root']);
    expect(real[0]).toMatchObject({ expected: 2, studied: 0 });
    // the playground's header cannot name a real person for the page
    const pg = await fetch(`${s.url}/api/quiz/today`, { headers: { 'x-playground-user': 'staff-pg' } });
    expect(pg.status).toBe(401);
    expect(await s.store.getQuiz('wecom:staff', day)).toBeUndefined();
  });
});
