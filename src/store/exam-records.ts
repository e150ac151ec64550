/**
 * The ExamStore port over the state store: every change is a history event, made durable (journaled, in the
 * lowdb store) before it is applied and acknowledged, exactly like answers to the daily quiz.
 */
import type { Attempt, AttemptResult, AttemptVoid, Exam } from '../exam/exam-model.js';
import type { ExamStore, SaveAnswerOutcome } from '../exam/exam-store.js';
import type { ExamEvent, ExamState } from './exam-state.js';

export function createExamRecords(state: () => ExamState, record: (e: ExamEvent) => Promise<void>): ExamStore {
  return {
    async saveExam(exam: Exam) {
      await record({ t: 'exam', exam });
    },
    async getExam(id) {
      return state().exam(id);
    },
    async listExams() {
      return state().allExams();
    },
    async startAttempt(attempt: Attempt) {
      const current = state().activeOf(attempt.examId, attempt.personId) ?? state().attempt(attempt.id);
      if (current) return { attempt: current, created: false };
      const { answers: _answers, status: _status, ...start } = attempt;
      await record({ t: 'xstart', a: start });
      // Two starts racing past the check: the state keeps the first; both callers see that one.
      const kept = state().activeOf(attempt.examId, attempt.personId) ?? state().attempt(attempt.id)!;
      return { attempt: kept, created: kept.id === attempt.id };
    },
    async getAttempt(id) {
      return state().attempt(id);
    },
    async attemptsOf(examId, personId) {
      return state().attemptsOf(examId, personId);
    },
    async examAttempts(examId) {
      return state().examAttempts(examId);
    },
    async activeAttempts() {
      return state().activeAttempts();
    },
    async saveExamAnswer(attemptId, index, chosen, at): Promise<SaveAnswerOutcome> {
      const a = state().attempt(attemptId);
      if (!a) return 'unknown-attempt';
      if (a.status !== 'active') return 'not-active';
      if (!Number.isInteger(index) || index < 0 || index >= a.paper.length) return 'bad-index';
      if (a.answers[index] === chosen) return 'saved';
      await record({ t: 'xans', id: attemptId, i: index, c: chosen, at });
      return 'saved';
    },
    async finishAttempt(attemptId, result: AttemptResult) {
      const a = state().attempt(attemptId);
      if (a?.status === 'active') await record({ t: 'xend', id: attemptId, r: result });
      return state().attempt(attemptId);
    },
    async voidAttempt(attemptId, v: AttemptVoid) {
      const a = state().attempt(attemptId);
      if (a && a.status !== 'active' && !a.void) await record({ t: 'xvoid', id: attemptId, v });
      return state().attempt(attemptId);
    },
  };
}
