/**
 * Left means left (issue 20), on the playground: a roster import, a second import with 甲 离职, 甲 keeps
 * writing and is refused with nothing served, graded or recorded; the report figures match a ground truth
 * computed here from the answers given (README points rules), and still match when answers 甲 gave after
 * leaving are in the store (as the old code recorded them). `department=` lists the subtree or direct members.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Deps } from '../../src/deps.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { importRosterCommand as importRoster, rosterFile } from '../helpers/roster.js';

const TOKEN = 'test-admin-token-0123456789';
const DAY1 = '2026-11-24' as QuizDay;
const DAY2 = '2026-11-25' as QuizDay;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** Ground truth: points of one answer under the README's rules (single/judge 1, multiple 2, 较难 +1; 0 when wrong). */
function readmePoints(deps: Deps, questionId: string, correct: boolean): number {
  const q = deps.bank.get(questionId)!;
  return correct ? (q.type === 'multiple' ? 2 : 1) + (q.difficulty === 3 ? 1 : 0) : 0;
}

interface Truth {
  answered: number;
  correct: number;
  points: number;
}

async function setup() {
  const t = await makeTestDeps({ demo: false, now: `${DAY1}T02:00:00Z`, env: { ADMIN_TOKEN: TOKEN } });
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const say = async (userId: string, text: string): Promise<string[]> => {
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, text }),
    });
    expect(r.status).toBe(200);
    return ((await r.json()) as { replies: Array<{ text: string }> }).replies.map((x) => x.text);
  };
  const get = (path: string) => fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const api = async (path: string) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    return (await r.json()) as any;
  };
  /** Takes today's whole quiz, `wrong` of the five wrong, and returns the ground truth of the day. */
  const quiz = async (userId: string, wrong: number): Promise<Truth> => {
    await say(userId, '答题');
    const day = t.deps.quiz.today();
    const items = (await t.deps.store.getQuiz(userId, day))!.items;
    let points = 0;
    for (let i = 0; i < 5; i++) {
      const right = i >= wrong;
      expect((await say(userId, await currentAnswer(t.deps, userId, right)))[0]).toMatch(right ? /^✅/ : /^❌/);
      points += readmePoints(t.deps, items[i]!.questionId, right);
    }
    return { answered: 5, correct: 5 - wrong, points: Math.min(points, 10) };
  };
  return { ...t, say, api, get, quiz };
}

describe('a person deactivated by the roster (playground)', () => {
  test('is refused on every command with whom to ask; counts nowhere after leaving; the figures hold', async () => {
    const { deps, store, clock, say, api, quiz } = await setup();
    expect(await importRoster(deps, rosterFile('在职'))).toContain('新增人员 5 人');
    const jia1 = await quiz('jia', 1);
    const bing1 = await quiz('bing', 2);

    clock.set(`${DAY2}T02:00:00Z`);
    expect(await importRoster(deps, rosterFile('离职'))).toContain('停用 1 人');
    const before = (await store.getPerson('jia'))!;
    expect(before).toMatchObject({ active: false, leftOn: DAY2 });

    for (const text of ['答题', 'A', '对', '我的', '错题', '排行榜', '绑定 二队', '帮助', '学习']) {
      const replies = await say('jia', text);
      expect(replies, text).toHaveLength(1);
      expect(replies[0], text).toBe(
        '甲，您好：您的账号自 2026-11-25 起已不在普法学习名单中（离职或已停用），不能再答题、查看成绩或参加考试，本条消息不作记录。如您仍在岗或名单有误，请联系本单位管理员：乙（办公室）。',
      );
    }
    expect(await store.getQuiz('jia', DAY2)).toBeUndefined();
    expect(await store.answersOf('jia', DAY2)).toEqual([]);
    expect(await store.dayStats('jia', DAY2)).toMatchObject({ answered: 0, completed: false });
    expect(await store.getPerson('jia')).toEqual(before); // 绑定 changed nothing

    const bing2 = await quiz('bing', 0);
    const ding2 = await quiz('ding', 3);

    const figures = async () => ({
      people: await api(`/api/reports/people?from=${DAY1}&to=${DAY2}`),
      departments: await api(`/api/reports/departments?from=${DAY1}&to=${DAY2}`),
    });
    const first = await figures();
    const person = (name: string) => first.people.people.find((p: { name: string }) => p.name === name);
    expect(person('甲')).toMatchObject({ active: false, daysExpected: 1, daysStudied: 1, answered: 5, correct: jia1.correct, points: jia1.points });
    expect(person('丙')).toMatchObject({
      daysExpected: 2,
      daysStudied: 2,
      answered: 10,
      correct: bing1.correct + bing2.correct,
      points: bing1.points + bing2.points,
    });

    const dept = (name: string) => first.departments.departments.find((d: { name: string }) => d.name === name);
    // 一队: 甲 and 丙 on day 1, 丙 alone on day 2.
    expect(dept('一队')).toMatchObject({ expected: 3, studied: 3, expectedPeople: 2, studiedPeople: 2, rate: 1, accuracy: (4 + 3 + 5) / 15 });
    expect(dept('一队').pointsPerPerson).toBeCloseTo((jia1.points + bing1.points + bing2.points) / 2, 10);
    // 执法大队 (戊 directly, 一队, 二队): 4 expected on day 1 (2 studied), 3 on day 2 (2 studied).
    expect(dept('执法大队')).toMatchObject({ expected: 7, studied: 4, expectedPeople: 4, accuracy: (4 + 3 + 5 + 2) / 20 });
    expect(dept('执法大队').rate).toBeCloseTo((2 / 4 + 2 / 3) / 2, 10);
    expect(dept('执法大队').pointsPerPerson).toBeCloseTo((jia1.points + bing1.points + bing2.points + ding2.points) / 4, 10);
    // 执法局 rolls up 办公室 (乙) too.
    expect(dept('执法局')).toMatchObject({ expected: 9, studied: 4, expectedPeople: 5, accuracy: 14 / 20 });
    expect(dept('执法局').rate).toBeCloseTo((2 / 5 + 2 / 4) / 2, 10);

    // Answers 甲 gave after leaving (what the old code recorded, or anything that slipped in) count nowhere.
    const q = deps.bank.eligible('全员').slice(0, 5);
    await store.saveQuiz({ personId: 'jia', day: DAY2, items: q.map((x) => ({ questionId: x.id, order: [] })), servedAt: `${DAY2}T02:00:00.000Z` });
    for (const [index, x] of q.entries()) {
      await store.recordAnswer({
        personId: 'jia',
        day: DAY2,
        index,
        questionId: x.id,
        chosen: x.answer,
        correct: true,
        points: 3,
        answeredAt: `${DAY2}T02:01:00.000Z`,
        elapsedMs: 1,
      });
    }
    await store.completeDay('jia', DAY2, 0);
    expect(await store.dayStats('jia', DAY2)).toMatchObject({ answered: 5, completed: true });
    expect(await figures()).toEqual(first);
    expect((await say('yi', '参学率 本周'))[0]).toMatch(/一队 {2}参学率 100\.0%（已学 3\/应学 3 人次） {2}正确率 80\.0%/);
  });

  test('/api/reports/people?department= says what it lists: the subtree by default (as /departments rolls up), or direct members', async () => {
    const { deps, api, get } = await setup();
    await importRoster(deps, rosterFile('在职'));
    const sub = await api(`/api/reports/people?department=${encodeURIComponent('执法大队')}`);
    expect(sub).toMatchObject({ scope: 'subtree', department: { name: '执法大队' } });
    expect(sub.people.map((p: { name: string }) => p.name).sort()).toEqual(['丁', '丙', '戊', '甲'].sort());
    const direct = await api(`/api/reports/people?department=${encodeURIComponent('执法大队')}&scope=direct`);
    expect(direct).toMatchObject({ scope: 'direct', department: { name: '执法大队' } });
    expect(direct.people.map((p: { name: string }) => p.name)).toEqual(['戊']);
    expect((await api('/api/reports/people')).scope).toBe('all');
    expect((await get(`/api/reports/people?department=${encodeURIComponent('执法大队')}&scope=tree`)).status).toBe(400);
    expect((await get('/api/reports/people?scope=direct')).status).toBe(400); // a scope needs a department
  });

  test('a leader sees their whole subtree in chat: 参学率 个人 lists the people of every unit below them', async () => {
    const { deps, say, quiz } = await setup();
    await importRoster(deps, rosterFile('在职'));
    await quiz('ding', 0);
    const reply = (await say('wu', '参学率 个人'))[0]!;
    expect(reply).toContain('您的管辖范围');
    for (const name of ['甲', '丙', '丁', '戊']) expect(reply).toMatch(new RegExp(`(?:\\d+\\.|－) ${name} {2}积分`)); // 0 points: listed, unranked
    expect(reply).not.toContain('乙');
    expect(reply).toMatch(/1\. 丁 {2}积分 \d+ {2}学习 1\/1 天/);
  });
});
