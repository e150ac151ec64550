/**
 * The Store contract: every implementation (memory, lowdb, a future PostgreSQL) must pass it.
 */
import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { AnswerRecord, DailyQuiz, Person } from '../../src/store/model.js';
import type { Store } from '../../src/store/store.js';

const day = '2026-11-24' as QuizDay;
export const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  departmentId: 'd1',
  roles: ['member'],
  track: '全员',
  identities: { wecom: `w-${id}` },
  active: true,
  joinedOn: '2026-11-01' as QuizDay,
  ...extra,
});
export const quiz = (personId: string, d: QuizDay = day): DailyQuiz => ({
  personId,
  day: d,
  servedAt: `${d}T01:00:00.000Z`,
  items: [
    { questionId: 'q1', order: [1, 0, 2, 3] },
    { questionId: 'q2', order: [] },
  ],
});
export const answer = (personId: string, index: number, correct: boolean, d: QuizDay = day): AnswerRecord => ({
  personId,
  day: d,
  index,
  questionId: `q${index + 1}`,
  chosen: correct ? 'B' : 'A',
  correct,
  points: correct ? 1 : 0,
  answeredAt: `${d}T01:0${index + 1}:00.000Z`,
  elapsedMs: 60_000,
});

export function describeStoreContract(name: string, open: () => Promise<{ store: Store; reopen?: () => Promise<Store> }>) {
  describe(`Store contract: ${name}`, () => {
    test('directory: departments and people upsert by id; lookup by platform identity', async () => {
      const { store } = await open();
      await store.saveDepartments([
        { id: 'd1', name: '法制科' },
        { id: 'd2', name: '执法大队' },
      ]);
      await store.saveDepartments([{ id: 'd1', name: '法制科（新）' }]);
      expect((await store.listDepartments()).map((d) => d.name).sort()).toEqual(['执法大队', '法制科（新）']);
      await store.savePeople([person('a'), person('b')]);
      await store.savePeople([person('a', { name: 'A2' })]);
      expect((await store.getPerson('a'))?.name).toBe('A2');
      expect((await store.findPersonByIdentity('wecom', 'w-b'))?.id).toBe('b');
      expect(await store.findPersonByIdentity('dingtalk', 'w-b')).toBeUndefined();
      await store.close();
    });

    test('directory: departments can be removed; platform links, pins and leader fields survive a reopen', async () => {
      const { store, reopen } = await open();
      await store.saveDepartments([
        { id: 'd1', name: '法制科', links: ['wecom:3', 'dingtalk:12'], pinned: true },
        { id: 'd2', name: '执法大队' },
        { id: 'd3', name: '一中队', parentId: 'd2' },
      ]);
      await store.savePeople([person('a', { leaderOf: ['d1'], title: '科长', employeeNo: 'E1', pinned: ['title', 'roles'] })]);
      await store.removeDepartments(['d2', 'nope']);
      expect((await store.listDepartments()).map((d) => d.id).sort()).toEqual(['d1', 'd3']);
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      expect((await again.listDepartments()).find((d) => d.id === 'd1')).toEqual({ id: 'd1', name: '法制科', links: ['wecom:3', 'dingtalk:12'], pinned: true });
      expect(await again.getPerson('a')).toMatchObject({ leaderOf: ['d1'], title: '科长', employeeNo: 'E1', pinned: ['title', 'roles'] });
    });

    test('removeFromDirectory removes people, departments and topics by id, and stays removed after a reopen', async () => {
      const { store, reopen } = await open();
      await store.saveDepartments([
        { id: 'd1', name: '法制科' },
        { id: 'demo', name: '演示科', demo: true },
      ]);
      await store.savePeople([person('a'), person('b', { demo: true, identities: { playground: 'b' } })]);
      await store.saveTopic({ id: 't1', title: 'T', body: '', citations: [], departmentIds: [], tracks: [], day, createdBy: 'b', createdAt: day, demo: true });
      await store.removeFromDirectory({ people: ['b'], departments: ['demo'], topics: ['t1'] });
      const check = async (s: Store) => {
        expect((await s.listPeople()).map((p) => p.id)).toEqual(['a']);
        expect(await s.getPerson('b')).toBeUndefined();
        expect(await s.findPersonByIdentity('playground', 'b')).toBeUndefined();
        expect((await s.listDepartments()).map((d) => d.id)).toEqual(['d1']);
        expect(await s.listTopics()).toEqual([]);
      };
      await check(store);
      expect((await store.listDepartments())[0]).not.toHaveProperty('demo');
      await store.close();
      if (reopen) {
        const again = await reopen();
        await check(again);
        await again.close();
      }
    });

    test('the demo mark survives a reopen', async () => {
      const { store, reopen } = await open();
      await store.saveDepartments([{ id: 'demo', name: '演示科', demo: true }]);
      await store.savePeople([person('b', { demo: true })]);
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      expect((await again.getPerson('b'))?.demo).toBe(true);
      expect((await again.listDepartments())[0]?.demo).toBe(true);
      await again.close();
    });

    test('a quiz is stored once per (person, day): the first one wins', async () => {
      const { store } = await open();
      const first = quiz('a');
      expect(await store.saveQuiz(first)).toEqual(first);
      const second = { ...quiz('a'), items: [{ questionId: 'other', order: [] }] };
      expect(await store.saveQuiz(second)).toEqual(first);
      expect(await store.getQuiz('a', day)).toEqual(first);
      expect((await store.lastSeen('a')).get('q1')).toBe(day);
      await store.close();
    });

    test('answers are idempotent per (person, day, index) and feed the day stats', async () => {
      const { store } = await open();
      await store.saveQuiz(quiz('a'));
      expect(await store.recordAnswer(answer('a', 0, true))).toBe('recorded');
      expect(await store.recordAnswer(answer('a', 0, false))).toBe('already-answered');
      expect(await store.recordAnswer(answer('a', 1, false))).toBe('recorded');
      await store.completeDay('a', day, 1);
      await store.completeDay('a', day, 2);
      expect(await store.dayStats('a', day)).toEqual({ answered: 2, correct: 1, answerPoints: 1, bonus: 1, completed: true });
      expect((await store.dayTable(day)).get('a')?.completed).toBe(true);
      expect((await store.wrongAnswers('a', 5)).map((w) => w.questionId)).toEqual(['q2']);
      expect((await store.answersOf('a', day)).length).toBe(2);
      await store.close();
    });

    test('message claims: first delivery true, retries false; release allows a redelivery', async () => {
      const { store } = await open();
      const at = new Date('2026-11-24T01:00:00Z');
      expect(await store.claimMessage('wecom', 'm1', at)).toBe(true);
      expect(await store.claimMessage('wecom', 'm1', at)).toBe(false);
      expect(await store.claimMessage('dingtalk', 'm1', at)).toBe(true);
      await store.releaseMessage('wecom', 'm1');
      expect(await store.claimMessage('wecom', 'm1', at)).toBe(true);
      await store.close();
    });

    test('the durable inbox: a message claimed with its payload stays pending until finished, across a reopen', async () => {
      const { store, reopen } = await open();
      const message = {
        channel: 'dingtalk' as const,
        messageId: 'in-1',
        sentAt: new Date('2026-11-24T01:00:00Z'),
        sender: { userId: 'u1' },
        conversation: { id: 'c1', kind: 'direct' as const },
        text: 'A',
        replyTo: { channel: 'dingtalk' as const, kind: 'session' as const, id: 'hook', expiresAt: new Date('2026-11-24T02:30:00Z') },
      };
      expect(await store.claimMessage('dingtalk', 'in-1', message.sentAt, message)).toBe(true);
      expect(await store.claimMessage('dingtalk', 'in-2', message.sentAt, { ...message, messageId: 'in-2' })).toBe(true);
      await store.finishMessage('dingtalk', 'in-2');
      expect(await store.pendingMessages()).toEqual([message]);
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      expect(await again.pendingMessages()).toEqual([message]);
      expect(await again.claimMessage('dingtalk', 'in-1', message.sentAt, message)).toBe(false);
      await again.finishMessage('dingtalk', 'in-1');
      expect(await again.pendingMessages()).toEqual([]);
      await again.close();
    });

    test('the inbox: attempts are counted, a parked message keeps its error and leaves the pending list, an operator retry or drop ends it', async () => {
      const { store, reopen } = await open();
      const at = new Date('2026-11-24T01:00:00Z');
      const message = (id: string) => ({
        channel: 'wecom' as const,
        messageId: id,
        sentAt: at,
        receivedAt: new Date('2026-11-24T01:00:01Z'),
        sender: { userId: 'u1' },
        conversation: { id: 'u1', kind: 'direct' as const },
        text: id,
        replyTo: { channel: 'wecom' as const, kind: 'user' as const, id: 'u1' },
      });
      await store.claimMessage('wecom', 'p1', at, message('p1'));
      await store.claimMessage('wecom', 'p2', at, message('p2'));
      expect(await store.beginAttempt('wecom', 'p1')).toBe(1);
      expect(await store.beginAttempt('wecom', 'p1')).toBe(2);
      expect(await store.beginAttempt('wecom', 'unknown')).toBe(0);
      await store.parkMessage('wecom', 'p1', '[message.timeout] too slow', new Date('2026-11-24T01:00:09Z'));
      expect((await store.pendingMessages()).map((m) => m.messageId)).toEqual(['p2']);
      const expected = [
        {
          message: message('p1'),
          state: 'parked',
          attempts: 2,
          receivedAt: at,
          error: '[message.timeout] too slow',
          parkedAt: new Date('2026-11-24T01:00:09Z'),
        },
        { message: message('p2'), state: 'pending', attempts: 0, receivedAt: at },
      ];
      expect(await store.inbox()).toEqual(expected);
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      expect(await again.inbox()).toEqual(expected);
      expect(await again.claimMessage('wecom', 'p1', at, message('p1'))).toBe(false);
      await again.unparkMessage('wecom', 'p1');
      expect(await again.inbox()).toMatchObject([{ state: 'pending', attempts: 0 }, { state: 'pending' }]);
      await again.parkMessage('wecom', 'p1', 'again', at);
      await again.finishMessage('wecom', 'p1'); // an operator's drop
      expect((await again.inbox()).map((e) => e.message.messageId)).toEqual(['p2']);
      expect(await again.claimMessage('wecom', 'p1', at, message('p1'))).toBe(false);
      await again.close();
    });

    test('job runs, outbox and topics', async () => {
      const { store, reopen } = await open();
      await store.saveJobRun({ job: 'remind', day, startedAt: 'x' });
      expect((await store.getJobRun('remind', day))?.startedAt).toBe('x');
      expect(await store.getJobRun('remind', '2026-11-25' as QuizDay)).toBeUndefined();
      const item = (id: string) => ({
        id,
        channel: 'wecom' as const,
        to: { kind: 'users' as const, userIds: ['u1', 'u2'] },
        message: { kind: 'text' as const, text: 'hi' },
        reason: 'remind',
        createdAt: '2026-11-24T08:00:00.000Z',
      });
      await store.enqueue([item('o1'), item('o2')]);
      await store.enqueue([item('o1')]);
      expect((await store.pendingOutbox()).map((i) => i.id)).toEqual(['o1', 'o2']);
      await store.retryOutbox('o1');
      expect((await store.pendingOutbox())[0]?.attempts).toBe(1);
      await store.settleOutbox({ id: 'o1', sentAt: '2026-11-24T08:00:01.000Z' });
      await store.enqueue([item('o1')]); // already delivered: a re-run must not send it again
      expect((await store.pendingOutbox()).map((i) => i.id)).toEqual(['o2']);
      await store.saveTopic({ id: 't1', title: '标题', body: '正文', citations: [], departmentIds: [], tracks: [], day, createdBy: 'admin', createdAt: 'x' });
      expect((await store.listTopics()).map((t) => t.title)).toEqual(['标题']);
      await store.close();
      if (!reopen) return;
      const again = await reopen();
      expect((await again.pendingOutbox()).map((i) => i.id)).toEqual(['o2']);
      expect((await again.getJobRun('remind', day))?.startedAt).toBe('x');
      expect((await again.listTopics()).length).toBe(1);
      await again.close();
    });

    test("the outbox records each item's fate: delivered (rejected and throttled recipients apart), pending with its next try, given up and revived", async () => {
      const { store, reopen } = await open();
      const item = (id: string, userIds: string[], reason = 'daily-push:2026-11-24') => ({
        id,
        channel: 'wecom' as const,
        to: { kind: 'users' as const, userIds },
        message: { kind: 'text' as const, text: 'hi' },
        reason,
        createdAt: '2026-11-24T01:00:00.000Z',
        deadline: '2026-11-24T16:00:00.000Z',
      });
      await store.enqueue([item('a', ['u1', 'u2', 'u3', 'u4']), item('b', ['u5']), item('c', ['u6'], 'remind:2026-11-24')]);
      // a: u2 rejected by the platform, u3 and u4 throttled: they move to a follow-up item in the same step.
      await store.settleOutbox({ id: 'a', sentAt: '2026-11-24T01:00:01.000Z', invalid: ['u2'], retry: ['u3', 'u4'], retryAt: '2026-11-24T01:00:03.000Z' });
      await store.retryOutbox('b', { at: '2026-11-24T01:00:03.000Z', error: 'HTTP 502' });
      expect(await store.pendingOutbox()).toEqual([
        expect.objectContaining({ id: 'b', attempts: 1, nextAt: '2026-11-24T01:00:03.000Z', lastError: 'HTTP 502' }),
        expect.objectContaining({ id: 'c' }),
        expect.objectContaining({ id: 'a:r1', to: { kind: 'users', userIds: ['u3', 'u4'] }, attempts: 1, nextAt: '2026-11-24T01:00:03.000Z' }),
      ]);
      await store.settleOutbox({ id: 'b', sentAt: '2026-11-24T16:00:00.000Z', failed: 'HTTP 502' });
      const records = await store.outboxRecords('daily-push:2026-11-24');
      expect(records.map((r) => [r.id, r.state])).toEqual([
        ['a:r1', 'pending'],
        ['a', 'delivered'],
        ['b', 'failed'],
      ]);
      expect(records.find((r) => r.id === 'a')).toMatchObject({ invalid: ['u2'], moved: ['u3', 'u4'], at: '2026-11-24T01:00:01.000Z' });
      expect(records.find((r) => r.id === 'b')).toMatchObject({ error: 'HTTP 502', to: { kind: 'users', userIds: ['u5'] }, attempts: 1 });
      expect((await store.outboxRecords()).length).toBe(4);
      await store.enqueue([item('a', ['u1']), item('b', ['u5'])]); // known ids: nothing is enqueued again
      expect((await store.pendingOutbox()).map((i) => i.id)).toEqual(['c', 'a:r1']);
      await store.close();
      const again = reopen ? await reopen() : store;
      expect((await again.outboxRecords('daily-push:2026-11-24')).map((r) => [r.id, r.state])).toEqual([
        ['a:r1', 'pending'],
        ['a', 'delivered'],
        ['b', 'failed'],
      ]);
      // A re-run revives the given-up item (a pending or delivered id is left alone).
      await again.reviveOutbox(['b', 'a', 'a:r1']);
      expect((await again.pendingOutbox()).map((i) => [i.id, i.attempts, i.lastError])).toEqual([
        ['c', undefined, undefined],
        ['a:r1', 1, 'throttled by the platform'],
        ['b', 0, 'HTTP 502'],
      ]);
      expect((await again.outboxRecords('daily-push:2026-11-24')).find((r) => r.id === 'a')?.state).toBe('delivered');
      await again.close();
    });

    test('everything survives a reopen (where the store persists)', async () => {
      const { store, reopen } = await open();
      if (!reopen) {
        await store.close();
        return;
      }
      await store.saveDepartments([{ id: 'd1', name: '法制科' }]);
      await store.savePeople([person('a')]);
      await store.saveQuiz(quiz('a'));
      await store.recordAnswer({ ...answer('a', 0, true), law: '行政处罚法', article: '第三十六条', departmentId: 'd1' });
      await store.claimMessage('wecom', 'm9', new Date('2026-11-24T01:00:00Z'));
      expect(await store.lawTally(['2026-11'])).toEqual([{ departmentId: 'd1', law: '行政处罚法', article: '第三十六条', answered: 1, correct: 1 }]);
      await store.close();
      const again = await reopen();
      expect((await again.getPerson('a'))?.name).toBe('a');
      expect(await again.getQuiz('a', day)).toEqual(quiz('a'));
      expect(await again.recordAnswer(answer('a', 0, false))).toBe('already-answered');
      expect(await again.claimMessage('wecom', 'm9', new Date('2026-11-24T01:00:00Z'))).toBe(false);
      expect((await again.dayStats('a', day)).correct).toBe(1);
      expect(await again.lawTally(['2026-11'])).toEqual([{ departmentId: 'd1', law: '行政处罚法', article: '第三十六条', answered: 1, correct: 1 }]);
      await again.close();
    });
  });
}
