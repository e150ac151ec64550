/** Demo data and real data (issue 11 item 10): the pure rules and the store views built on them. */
import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { demoCountsAsReal, inWorld, isReservedDemoId, planDemoClear } from '../../../src/directory/demo-data.js';
import { worldStore } from '../../../src/directory/world-store.js';
import { isExpected } from '../../../src/stats/leaderboard.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { Department, Person, StudyTopic } from '../../../src/store/model.js';

const day = '2026-11-24' as QuizDay;
const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  departmentId: 'd',
  roles: ['member'],
  track: '全员',
  identities: { playground: id },
  active: true,
  joinedOn: '2026-11-01' as QuizDay,
  ...extra,
});
const topic = (id: string, demo?: true): StudyTopic => ({
  id,
  title: id,
  body: '',
  citations: [],
  departmentIds: [],
  tracks: [],
  day,
  createdBy: 'x',
  createdAt: day,
  demo,
});

describe('the rules', () => {
  test('demo entries count as real only in a demo installation: no platform and no real person', () => {
    const demo = [person('a', { demo: true })];
    expect(demoCountsAsReal(demo, false)).toBe(true);
    expect(demoCountsAsReal(demo, true)).toBe(false);
    expect(demoCountsAsReal([...demo, person('real')], false)).toBe(false);
  });

  test('inWorld keeps one world', () => {
    const all = [person('a', { demo: true }), person('b')];
    expect(inWorld('demo', all).map((p) => p.id)).toEqual(['a']);
    expect(inWorld('real', all).map((p) => p.id)).toEqual(['b']);
    expect(inWorld('real', all, true).map((p) => p.id)).toEqual(['a', 'b']);
  });

  test('seed-demo and playground ids are reserved for demo people', () => {
    expect(isReservedDemoId('demo-u00001')).toBe(true);
    expect(isReservedDemoId('playground:guest-1')).toBe(true);
    expect(isReservedDemoId('zhangsan')).toBe(false);
  });

  test('nobody without a department is 应学', () => {
    expect(isExpected(person('hello', { departmentId: undefined }), day)).toBe(false);
    expect(isExpected(person('bound'), day)).toBe(true);
  });

  test('demo clear removes demo people, topics and unused demo departments; keeps (un-marks) one real people use', () => {
    const departments: Department[] = [
      { id: 'root', name: '县司法局', demo: true },
      { id: 'used', name: '法制科', parentId: 'root', demo: true },
      { id: 'unused', name: '办公室', parentId: 'root', demo: true },
      { id: 'real', name: '信访科' },
    ];
    const plan = planDemoClear({
      departments,
      people: [person('d1', { demo: true, departmentId: 'used' }), person('r1', { departmentId: 'used' }), person('r2', { departmentId: 'real' })],
      topics: [topic('t1', true), topic('t2')],
    });
    expect(plan.people.map((p) => p.id)).toEqual(['d1']);
    expect(plan.departments.map((d) => d.id)).toEqual(['unused']);
    expect(plan.kept.map((d) => d.id).sort()).toEqual(['root', 'used']);
    expect(plan.topics.map((t) => t.id)).toEqual(['t1']);
  });
});

describe('worldStore views', () => {
  async function store() {
    const s = createMemoryStore();
    await s.saveDepartments([
      { id: 'demo-d', name: '演示科', demo: true },
      { id: 'real-d', name: '信访科' },
    ]);
    await s.savePeople([person('demo-p', { demo: true, departmentId: 'demo-d' })]);
    for (const [p, d] of [
      ['demo-p', 'demo-d'],
      ['real-p', 'real-d'],
    ] as const) {
      await s.recordAnswer({
        personId: p,
        day,
        index: 0,
        questionId: 'q',
        chosen: 'A',
        correct: true,
        points: 1,
        answeredAt: day,
        elapsedMs: 1,
        law: '宪法',
        article: '第一条',
        departmentId: d,
      });
    }
    return s;
  }
  const opts = { demoCountsWhenAlone: true, platformConfigured: false };

  test('with only demo people, the real world counts them (a demo installation)', async () => {
    const s = await store();
    const real = worldStore(s, 'real', opts);
    expect((await real.listPeople()).map((p) => p.id)).toEqual(['demo-p']);
    expect((await real.listDepartments()).map((d) => d.id)).toEqual(['demo-d', 'real-d']);
    // …but never for binding a real person, and never with a platform configured.
    expect(await worldStore(s, 'real', { ...opts, demoCountsWhenAlone: false }).listDepartments()).toEqual([{ id: 'real-d', name: '信访科' }]);
    expect((await worldStore(s, 'real', { ...opts, platformConfigured: true }).listPeople()).length).toBe(0);
  });

  test('once a real person exists, each world sees only its own people, departments, topics and 精准普法 tallies', async () => {
    const s = await store();
    await s.savePeople([person('real-p', { departmentId: 'real-d' })]);
    await s.saveTopic(topic('demo-t', true));
    await s.saveTopic(topic('real-t'));
    const real = worldStore(s, 'real', opts);
    const demo = worldStore(s, 'demo', opts);
    expect((await real.listPeople()).map((p) => p.id)).toEqual(['real-p']);
    expect((await demo.listPeople()).map((p) => p.id)).toEqual(['demo-p']);
    expect((await real.listDepartments()).map((d) => d.id)).toEqual(['real-d']);
    expect((await demo.listDepartments()).map((d) => d.id)).toEqual(['demo-d']);
    expect((await real.listTopics()).map((t) => t.id)).toEqual(['real-t']);
    expect((await demo.listTopics()).map((t) => t.id)).toEqual(['demo-t']);
    expect((await real.lawTally(['2026-11'])).map((e) => e.departmentId)).toEqual(['real-d']);
    expect((await demo.lawTally(['2026-11'])).map((e) => e.departmentId)).toEqual(['demo-d']);
  });

  test('a world keeps its filtered lists while the directory is unchanged (no scan of everyone per message) and sees every change', async () => {
    const s = await store();
    await s.savePeople([person('real-p', { departmentId: 'real-d' })]);
    const real = worldStore(s, 'real', opts);
    const first = await real.listPeople();
    expect(await real.listPeople()).toBe(first);
    const depts = await real.listDepartments();
    expect(await real.listDepartments()).toBe(depts);
    await s.savePeople([person('real-q', { departmentId: 'real-d' })]);
    expect((await real.listPeople()).map((p) => p.id)).toEqual(['real-p', 'real-q']);
    await s.saveDepartments([{ id: 'real-e', name: '法制科' }]);
    expect((await real.listDepartments()).map((d) => d.id)).toEqual(['real-d', 'real-e']);
  });

  test('what the demo world writes is demo data; person-keyed reads pass through', async () => {
    const s = await store();
    const demo = worldStore(s, 'demo', opts);
    await demo.savePeople([person('guest')]);
    await demo.saveTopic(topic('t'));
    expect((await s.getPerson('guest'))?.demo).toBe(true);
    expect((await s.listTopics())[0]?.demo).toBe(true);
    expect((await demo.dayStats('real-p', day)).answered).toBe(1);
  });
});
