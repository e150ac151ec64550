/** The daily quiz's API (src/api/quiz-routes.ts on the server; the service is src/quiz/quiz-page.ts). */
import { api } from './client';

export type QuestionType = 'single' | 'multiple' | 'judge';

export interface QuizQuestion {
  index: number;
  type: QuestionType;
  typeLabel: string;
  stem: string;
  options: Array<{ key: string; text: string }>;
  review: boolean;
  howTo: string;
}

export interface QuizVerdict {
  index: number;
  skipped: boolean;
  type: QuestionType | null;
  typeLabel: string | null;
  stem: string | null;
  options: Array<{ key: string; text: string }>;
  chosen: string;
  correct: boolean;
  correctAnswer: string | null;
  points: number;
  explanation: string | null;
  basis: string | null;
  reviewNote: string | null;
}

export interface QuizSummary {
  correct: number;
  total: number;
  points: number;
  streak: number;
  monthPoints: number;
  rank?: { place: number; of: number; department: string };
  text: string;
}

export interface DailyQuiz {
  day: string;
  studyDay: boolean;
  total: number;
  answered: number;
  points: number;
  done: boolean;
  current: QuizQuestion | null;
  verdicts: QuizVerdict[];
  summary: QuizSummary | null;
}

export interface Answered {
  outcome: 'graded' | 'already-answered';
  verdict: QuizVerdict;
  quiz: DailyQuiz;
}

export const quizApi = {
  /** Today's quiz (drawn when first opened, the same as 答题 in chat). */
  today: () => api.get<DailyQuiz>('/api/quiz/today'),
  /** One answer: 'B', 'AC', or 对/错 for 判断. Posting it again returns the recorded verdict. */
  answer: (day: string, index: number, answer: string) => api.post<Answered>(`/api/quiz/today/answers/${index}`, { day, answer }),
  result: () => api.get<DailyQuiz>('/api/quiz/today/result'),
};
