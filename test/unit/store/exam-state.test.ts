import { describe, expect, test } from 'vitest';
import { ExamState } from '../../../src/store/exam-state.js';
import { attempt, exam } from '../../contract/exam-store-contract.js';

describe('the exam state in a snapshot', () => {
  test('attempts are packed into strings and come back exactly: papers, answers, points with halves, voids, departments', () => {
    const s = new ExamState();
    s.apply({ t: 'exam', exam: exam('exam-1') });
    const paper = [
      { questionId: 'q-1', type: 'single' as const, order: [7, 6, 5, 4, 3, 2, 1, 0], points: 1.5, key: 'H' },
      { questionId: 'q-2', type: 'multiple' as const, order: [1, 0, 2, 3], points: 2, key: 'ACD' },
      { questionId: 'q-3', type: 'judge' as const, order: [], points: 0.5, key: '错' },
    ];
    const { answers: _a, status: _s, ...a } = attempt('exam-1', 'p1', 1, { paper, departmentId: 'd1' });
    s.apply({ t: 'xstart', a });
    s.apply({ t: 'xans', id: a.id, i: 1, c: 'AC', at: 'x' });
    s.apply({ t: 'xans', id: a.id, i: 2, c: '对', at: 'x' });
    s.apply({ t: 'xend', id: a.id, r: { status: 'timed-out', at: 'y', score: 0, passed: false, itemPoints: [0, 0, 0] } });
    s.apply({ t: 'xvoid', id: a.id, v: { reason: '网络 故障', by: '管理员', at: 'z', refund: true } });
    const { answers: _b, status: _t, ...b } = attempt('exam-1', 'p2', 1, { paper });
    s.apply({ t: 'xstart', a: b });
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    expect(typeof snap.attempts[0].q).toBe('string');
    const back = ExamState.restore(snap);
    expect(back.examAttempts('exam-1')).toEqual(s.examAttempts('exam-1'));
    expect(back.activeAttempts().map((x) => x.id)).toEqual([b.id]);
    expect(back.exam('exam-1')).toEqual(exam('exam-1'));
    // snapshotting again (papers packed once) gives the same
    expect(JSON.parse(JSON.stringify(s.snapshot()))).toEqual(snap);
  });
});

describe('values packing cannot carry', () => {
  test('are kept unpacked and still come back exactly', () => {
    const s = new ExamState();
    const { answers: _a, status: _s, ...a } = attempt('exam-1', 'p1', 1);
    s.apply({ t: 'xstart', a });
    s.apply({ t: 'xans', id: a.id, i: 0, c: 'A B', at: 'x' });
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    expect(snap.attempts[0].paper).toBeDefined();
    expect(ExamState.restore(snap).attempt(a.id)?.answers).toEqual(['A B', null, null]);
  });
});
