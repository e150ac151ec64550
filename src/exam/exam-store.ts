/**
 * The exam's own store port (exams, attempts, saved answers), kept narrow and beside its consumer. The state
 * store implements it (store/exam-records.ts) with journaled history events like every other record;
 * test/contract/exam-store-contract.ts runs against every implementation.
 */
import type { Attempt, AttemptResult, AttemptVoid, Exam } from './exam-model.js';

export type SaveAnswerOutcome = 'saved' | 'not-active' | 'unknown-attempt' | 'bad-index';

export interface ExamStore {
  /** Creates or replaces an exam (closing it and adding 补考 windows write the whole exam again). */
  saveExam(exam: Exam): Promise<void>;
  getExam(id: string): Promise<Exam | undefined>;
  listExams(): Promise<readonly Exam[]>;
  /**
   * Starts an attempt, unless the person already has an active one at this exam: then that one is returned
   * (one active attempt per person) and nothing is written.
   */
  startAttempt(attempt: Attempt): Promise<{ readonly attempt: Attempt; readonly created: boolean }>;
  getAttempt(id: string): Promise<Attempt | undefined>;
  /** The person's attempts at the exam, oldest first. */
  attemptsOf(examId: string, personId: string): Promise<readonly Attempt[]>;
  /** Every attempt at the exam, in the order they were started. */
  examAttempts(examId: string): Promise<readonly Attempt[]>;
  /** Attempts still active (the deadline sweep). */
  activeAttempts(): Promise<readonly Attempt[]>;
  /** Saves (or clears, with null) the answer at paper position `index`; only while the attempt is active. */
  saveExamAnswer(attemptId: string, index: number, chosen: string | null, at: string): Promise<SaveAnswerOutcome>;
  /** Ends an active attempt with its grade; an attempt already finished is returned unchanged. */
  finishAttempt(attemptId: string, result: AttemptResult): Promise<Attempt | undefined>;
  /** Voids a finished attempt (audited); a second void changes nothing. */
  voidAttempt(attemptId: string, v: AttemptVoid): Promise<Attempt | undefined>;
}
