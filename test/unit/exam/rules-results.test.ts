import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import type { Attempt } from '../../../src/exam/exam-model.js';
import { departmentSummary, notTaken, personResults } from '../../../src/exam/exam-results.js';
import { bestAttempt, canStart, deadlineFor, effectiveDeadline, isLive, isOverdue, openWindow } from '../../../src/exam/rules.js';
import type { Department, Person } from '../../../src/core/model.js';
import { attempt, exam } from '../../contract/exam-store-contract.js';

const at = (s: string) => new Date(s);
const done = (n: number, score: number, extra: Partial<Attempt> = {}): Attempt =>
  attempt('exam-1', 'p', n, { status: 'submitted', score, passed: score >= 3, finishedAt: '2026-12-01T02:10:00.000Z', ...extra });

describe('windows, deadlines and who may start', () => {
  const e = exam('exam-1', { retakes: [{ from: '2026-12-20T01:00:00.000Z', to: '2026-12-21T10:00:00.000Z', attempts: 1, addedAt: 'x' }] });

  test('open, upcoming, between windows, closed', () => {
    expect(canStart(e, [], at('2026-11-30T00:00:00Z'))).toEqual({ ok: false, reason: 'upcoming', opensAt: e.window.from });
    expect(canStart(e, [], at('2026-12-02T00:00:00Z'))).toMatchObject({ ok: true, window: { index: 0 }, left: 2 });
    expect(canStart(e, [], at('2026-12-16T00:00:00Z'))).toEqual({ ok: false, reason: 'upcoming', opensAt: '2026-12-20T01:00:00.000Z' });
    expect(canStart(e, [], at('2026-12-22T00:00:00Z'))).toEqual({ ok: false, reason: 'closed' });
    expect(isLive(e, at('2026-11-01T00:00:00Z'))).toBe(true); // before it opens its questions are already held back
    expect(isLive(e, at('2026-12-21T10:00:00Z'))).toBe(false);
    const closed = { ...e, closedAt: '2026-12-05T00:00:00.000Z' };
    expect(canStart(closed, [], at('2026-12-06T00:00:00Z'))).toEqual({ ok: false, reason: 'closed' });
    expect(openWindow(closed, at('2026-12-20T02:00:00Z'))).toBeUndefined(); // closing ends the 补考 too
  });

  test('attempts per window; a voided attempt given back does not count; a 补考 is only for those who have not passed', () => {
    const now = at('2026-12-02T00:00:00Z');
    expect(canStart(e, [done(1, 1), done(2, 2)], now)).toMatchObject({ ok: false, reason: 'no-attempts-left' });
    expect(canStart(e, [done(1, 1), done(2, 2, { void: { reason: '故障', by: 'a', at: 't', refund: true } })], now)).toMatchObject({ ok: true, left: 1 });
    expect(canStart(e, [done(1, 1), done(2, 2, { void: { reason: '作弊', by: 'a', at: 't', refund: false } })], now)).toMatchObject({ ok: false });
    const retake = at('2026-12-20T02:00:00Z');
    expect(canStart(e, [done(1, 1), done(2, 2)], retake)).toMatchObject({ ok: true, window: { index: 1 }, left: 1 });
    expect(canStart(e, [], retake)).toMatchObject({ ok: true, window: { index: 1 } }); // missed the exam
    expect(canStart(e, [done(1, 4)], retake)).toEqual({ ok: false, reason: 'passed' });
    expect(canStart(e, [done(1, 1), done(2, 1, { window: 1 })], retake)).toMatchObject({ ok: false, reason: 'no-attempts-left' });
  });

  test('the deadline is min(start + duration, window end); closing brings it forward', () => {
    const w = openWindow(e, at('2026-12-15T09:50:00Z'))!;
    expect(deadlineFor(e, w, at('2026-12-02T00:00:00Z'))).toBe('2026-12-02T00:30:00.000Z');
    expect(deadlineFor(e, w, at('2026-12-15T09:50:00Z'))).toBe('2026-12-15T10:00:00.000Z');
    const a = attempt('exam-1', 'p', 1, { deadline: '2026-12-02T00:30:00.000Z' });
    expect(isOverdue(a, e, at('2026-12-02T00:29:59Z'))).toBe(false);
    expect(isOverdue(a, e, at('2026-12-02T00:30:00Z'))).toBe(true);
    const closed = { ...e, closedAt: '2026-12-02T00:10:00.000Z' };
    expect(effectiveDeadline(a, closed)).toBe('2026-12-02T00:10:00.000Z');
    expect(isOverdue(a, closed, at('2026-12-02T00:10:00Z'))).toBe(true);
  });

  test('the best attempt: highest score, then the quickest; voided and active ones do not count', () => {
    const quick = done(2, 3, { finishedAt: '2026-12-01T02:05:00.000Z' });
    expect(bestAttempt([done(1, 3), quick, done(3, 2)])?.n).toBe(2);
    expect(bestAttempt([done(1, 2), done(2, 4, { void: { reason: 'x', by: 'a', at: 't', refund: false } }), attempt('exam-1', 'p', 3)])?.n).toBe(1);
    expect(bestAttempt([attempt('exam-1', 'p', 1)])).toBeUndefined();
  });
});

describe('results by person and department', () => {
  const departments: Department[] = [
    { id: 'root', name: '县司法局' },
    { id: 'a', name: '法制科', parentId: 'root' },
    { id: 'b', name: '执法大队', parentId: 'root' },
    { id: 'b1', name: '一中队', parentId: 'b' },
    { id: 'c', name: '办公室', parentId: 'root' },
  ];
  const person = (id: string, departmentId: string, extra: Partial<Person> = {}): Person => ({
    id,
    name: id,
    departmentId,
    roles: ['member'],
    track: '全员',
    identities: {},
    active: true,
    joinedOn: '2026-01-01' as QuizDay,
    ...extra,
  });
  const people = [
    person('p1', 'a'),
    person('p2', 'b'),
    person('p3', 'b1'),
    person('p4', 'b1'),
    person('gone', 'b1', { active: false, leftOn: '2026-11-20' as QuizDay }), // left before the exam: not 应考
    person('late', 'a', { joinedOn: '2026-12-20' as QuizDay }), // joined after it: not 应考
    person('leader', 'c', { track: '领导干部' }), // not in the audience (tracks)
  ];
  const e = exam('exam-1', { audience: { departmentIds: [], tracks: ['全员'] }, passMark: 3 });
  const of = (personId: string, n: number, score: number, extra: Partial<Attempt> = {}) =>
    attempt('exam-1', personId, n, { status: 'submitted', score, passed: score >= 3, finishedAt: '2026-12-01T02:10:00.000Z', ...extra });
  const attempts = [
    of('p1', 1, 4),
    of('p2', 1, 1),
    of('p2', 2, 3),
    of('p3', 1, 2),
    of('p4', 1, 4, { void: { reason: '作弊', by: 'admin', at: 't', refund: false } }),
  ];
  const results = personResults(e, people, attempts, departments, '2026-12-15' as QuizDay);

  test('应考, 参考 (voided attempts do not count), 通过 with the best attempt', () => {
    const by = Object.fromEntries(results.map((r) => [r.person.id, r]));
    expect(Object.keys(by).sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect([by.p2!.best?.score, by.p2!.passed, by.p2!.attempts]).toEqual([3, true, 2]);
    expect([by.p4!.attempts, by.p4!.best, by.p4!.voided.length]).toEqual([0, undefined, 1]);
    expect(notTaken(results, departments).map((r) => r.person.id)).toEqual(['p4']);
  });

  test('departments roll up their sub-departments; 合计 first; empty departments left out', () => {
    const rows = departmentSummary(results, departments);
    expect(rows.map((r) => [r.label, r.expected, r.took, r.passed, r.average])).toEqual([
      ['合计', 4, 3, 2, 3],
      ['县司法局', 4, 3, 2, 3],
      ['县司法局/法制科', 1, 1, 1, 4],
      ['县司法局/执法大队', 3, 2, 1, 2.5],
      ['县司法局/执法大队/一中队', 2, 1, 0, 2],
    ]);
    expect(rows[3]).toMatchObject({ tookRate: 2 / 3, passRate: 1 / 3 });
  });
});
