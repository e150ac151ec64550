/**
 * The ExamStore contract: every implementation of the exam port must pass it. `reopen` (persistent stores)
 * checks that everything survives a restart; `crashCopy` opens a copy of the data taken while the store was
 * still open (a killed process: no snapshot written since), so the journal alone must carry every change.
 */
import { describe, expect, test } from 'vitest';
import type { Attempt, Exam } from '../../src/exam/exam-model.js';
import type { ExamStore } from '../../src/exam/exam-store.js';

export const exam = (id: string, extra: Partial<Exam> = {}): Exam => ({
  id,
  name: `考试 ${id}`,
  createdAt: '2026-11-30T00:00:00.000Z',
  createdBy: 'cli',
  window: { from: '2026-12-01T01:00:00.000Z', to: '2026-12-15T10:00:00.000Z' },
  durationMinutes: 30,
  passMark: 3,
  attempts: 2,
  audience: { departmentIds: [], tracks: [] },
  paper: { kind: 'fixed', questionIds: ['q1', 'q2', 'q3'] },
  points: { single: 1, multiple: 2, judge: 1 },
  questionCount: 3,
  totalPoints: 4,
  partialCredit: 0,
  explanations: 'after-submit',
  shuffle: true,
  seed: 'seed',
  retakes: [],
  ...extra,
});

export const attempt = (examId: string, personId: string, n: number, extra: Partial<Attempt> = {}): Attempt => ({
  id: `${examId}#${n}#${personId}`,
  examId,
  personId,
  n,
  window: 0,
  startedAt: '2026-12-01T02:00:00.000Z',
  deadline: '2026-12-01T02:30:00.000Z',
  via: 'web',
  paper: [
    { questionId: 'q1', type: 'single', order: [2, 0, 1, 3], points: 1, key: 'B' },
    { questionId: 'q2', type: 'multiple', order: [1, 0, 2, 3], points: 2, key: 'AC' },
    { questionId: 'q3', type: 'judge', order: [], points: 1, key: '对' },
  ],
  answers: [null, null, null],
  status: 'active',
  ...extra,
});

const result = { status: 'submitted' as const, at: '2026-12-01T02:10:00.000Z', score: 3, passed: true, itemPoints: [1, 2, 0] };

interface Opened {
  exams: ExamStore;
  close(): Promise<void>;
  reopen?: () => Promise<{ exams: ExamStore; close(): Promise<void> }>;
  crashCopy?: () => Promise<{ exams: ExamStore; close(): Promise<void> }>;
}

export function describeExamStoreContract(name: string, open: () => Promise<Opened>) {
  describe(`ExamStore contract: ${name}`, () => {
    test('exams are saved, replaced by id and listed', async () => {
      const s = await open();
      await s.exams.saveExam(exam('exam-1'));
      await s.exams.saveExam(exam('exam-2'));
      await s.exams.saveExam(exam('exam-1', { closedAt: '2026-12-02T00:00:00.000Z' }));
      expect((await s.exams.listExams()).map((e) => e.id)).toEqual(['exam-1', 'exam-2']);
      expect((await s.exams.getExam('exam-1'))?.closedAt).toBe('2026-12-02T00:00:00.000Z');
      expect(await s.exams.getExam('nope')).toBeUndefined();
      await s.close();
    });

    test('one active attempt per person: a second start returns the first and writes nothing', async () => {
      const s = await open();
      const first = await s.exams.startAttempt(attempt('exam-1', 'a', 1));
      expect(first.created).toBe(true);
      const again = await s.exams.startAttempt(attempt('exam-1', 'a', 2));
      expect(again).toMatchObject({ created: false, attempt: { id: 'exam-1#1#a' } });
      expect(await s.exams.attemptsOf('exam-1', 'a')).toHaveLength(1);
      // another person, another exam: independent
      expect((await s.exams.startAttempt(attempt('exam-1', 'b', 1))).created).toBe(true);
      expect((await s.exams.startAttempt(attempt('exam-2', 'a', 1))).created).toBe(true);
      expect((await s.exams.activeAttempts()).map((a) => a.id).sort()).toEqual(['exam-1#1#a', 'exam-1#1#b', 'exam-2#1#a']);
      expect((await s.exams.examAttempts('exam-1')).map((a) => a.personId)).toEqual(['a', 'b']);
      await s.close();
    });

    test('answers are saved, changed and cleared while active; refused after the end; bad positions refused', async () => {
      const s = await open();
      await s.exams.startAttempt(attempt('exam-1', 'a', 1));
      const id = 'exam-1#1#a';
      expect(await s.exams.saveExamAnswer(id, 0, 'A', '2026-12-01T02:01:00.000Z')).toBe('saved');
      expect(await s.exams.saveExamAnswer(id, 0, 'B', '2026-12-01T02:02:00.000Z')).toBe('saved');
      expect(await s.exams.saveExamAnswer(id, 1, 'AC', '2026-12-01T02:03:00.000Z')).toBe('saved');
      expect(await s.exams.saveExamAnswer(id, 2, '对', '2026-12-01T02:04:00.000Z')).toBe('saved');
      expect(await s.exams.saveExamAnswer(id, 2, null, '2026-12-01T02:05:00.000Z')).toBe('saved');
      expect(await s.exams.saveExamAnswer(id, 3, 'A', '2026-12-01T02:05:00.000Z')).toBe('bad-index');
      expect(await s.exams.saveExamAnswer('nope', 0, 'A', '2026-12-01T02:05:00.000Z')).toBe('unknown-attempt');
      expect((await s.exams.getAttempt(id))?.answers).toEqual(['B', 'AC', null]);
      const done = await s.exams.finishAttempt(id, result);
      expect(done).toMatchObject({ status: 'submitted', score: 3, passed: true, finishedAt: result.at, itemPoints: [1, 2, 0] });
      expect(await s.exams.saveExamAnswer(id, 2, '对', '2026-12-01T02:11:00.000Z')).toBe('not-active');
      expect((await s.exams.getAttempt(id))?.answers).toEqual(['B', 'AC', null]);
      // finishing again changes nothing
      expect(await s.exams.finishAttempt(id, { ...result, score: 0, passed: false, status: 'timed-out' })).toMatchObject({ status: 'submitted', score: 3 });
      expect(await s.exams.activeAttempts()).toEqual([]);
      // now a second attempt may start
      expect((await s.exams.startAttempt(attempt('exam-1', 'a', 2))).created).toBe(true);
      await s.close();
    });

    test('voiding: only finished attempts, once, with who, when and why', async () => {
      const s = await open();
      await s.exams.startAttempt(attempt('exam-1', 'a', 1));
      const v = { reason: '网络故障', by: 'admin', at: '2026-12-01T03:00:00.000Z', refund: true };
      expect((await s.exams.voidAttempt('exam-1#1#a', v))?.void).toBeUndefined();
      await s.exams.finishAttempt('exam-1#1#a', result);
      expect((await s.exams.voidAttempt('exam-1#1#a', v))?.void).toEqual(v);
      expect((await s.exams.voidAttempt('exam-1#1#a', { ...v, reason: 'again' }))?.void?.reason).toBe('网络故障');
      await s.close();
    });

    test('everything survives a restart: exams, attempts with their papers, saved answers, results, voids', async () => {
      const s = await open();
      if (!s.reopen) return void (await s.close());
      await s.exams.saveExam(exam('exam-1', { retakes: [{ from: '2026-12-20T01:00:00.000Z', to: '2026-12-21T01:00:00.000Z', attempts: 1, addedAt: 'x' }] }));
      await s.exams.startAttempt(attempt('exam-1', 'a', 1));
      await s.exams.saveExamAnswer('exam-1#1#a', 1, 'AC', '2026-12-01T02:03:00.000Z');
      await s.exams.startAttempt(attempt('exam-1', 'b', 1));
      await s.exams.saveExamAnswer('exam-1#1#b', 0, 'B', '2026-12-01T02:03:00.000Z');
      await s.exams.finishAttempt('exam-1#1#b', result);
      await s.exams.voidAttempt('exam-1#1#b', { reason: '作弊', by: 'admin', at: '2026-12-01T03:00:00.000Z', refund: false });
      const before = { exams: await s.exams.listExams(), attempts: await s.exams.examAttempts('exam-1') };
      await s.close();
      const again = await s.reopen();
      expect({ exams: await again.exams.listExams(), attempts: await again.exams.examAttempts('exam-1') }).toEqual(before);
      expect((await again.exams.activeAttempts()).map((a) => a.id)).toEqual(['exam-1#1#a']);
      // the active one is still one active attempt: a start returns it
      expect((await again.exams.startAttempt(attempt('exam-1', 'a', 2))).created).toBe(false);
      await again.close();
    });

    test('a crash (no snapshot since) loses no saved answer: the journal carries every change', async () => {
      const s = await open();
      if (!s.crashCopy) return void (await s.close());
      await s.exams.saveExam(exam('exam-1'));
      await s.exams.startAttempt(attempt('exam-1', 'a', 1));
      await s.exams.saveExamAnswer('exam-1#1#a', 0, 'C', '2026-12-01T02:01:00.000Z');
      await s.exams.saveExamAnswer('exam-1#1#a', 2, '错', '2026-12-01T02:02:00.000Z');
      const copy = await s.crashCopy();
      expect((await copy.exams.getAttempt('exam-1#1#a'))?.answers).toEqual(['C', null, '错']);
      expect(await copy.exams.getExam('exam-1')).toEqual(exam('exam-1'));
      await copy.close();
      await s.close();
    });
  });
}
