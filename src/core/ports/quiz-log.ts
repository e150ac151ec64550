/**
 * The quiz log port: each person's daily quiz and answers, the study record reports and points derive from.
 * Writes are idempotent, so a replayed message or a platform retry changes nothing. An answer carrying `review`
 * also sets that question's review card (core/ports/practice-store.ts) in the same step.
 */
import type { AnswerRecord, DailyQuiz, WrongAnswer } from '../model.js';
import type { QuizDay } from '../quiz-day.js';

export interface QuizLog {
  /** The person's quiz of the day (kept at least for the last few days). */
  getQuiz(personId: string, day: QuizDay): Promise<DailyQuiz | undefined>;
  /** Stores the quiz unless one exists for (person, day); returns the one that is kept. */
  saveQuiz(quiz: DailyQuiz): Promise<DailyQuiz>;
  /** The person's answers of the day, in the order given (kept at least for the last few days). */
  answersOf(personId: string, day: QuizDay): Promise<readonly AnswerRecord[]>;
  /** Idempotent on (person, day, index): a second answer to the same question changes nothing. */
  recordAnswer(answer: AnswerRecord): Promise<'recorded' | 'already-answered'>;
  /** Marks the day complete with its streak bonus; idempotent (the first bonus stays). */
  completeDay(personId: string, day: QuizDay, bonus: number): Promise<void>;
  /** Day each question was last served to the person. */
  lastSeen(personId: string): Promise<ReadonlyMap<string, QuizDay>>;
  /** Most recent wrong answers first (at least the latest 50 are kept). */
  wrongAnswers(personId: string, limit: number): Promise<readonly WrongAnswer[]>;
}
