/** The exam API's answers (src/api/exam-routes.ts and src/api/exam-report-routes.ts on the server). */
import { api } from './client';

export interface ExamWindow {
  index: number;
  from: string;
  to: string;
  attempts: number;
}

export interface AttemptSummary {
  attempt: number;
  window: number;
  status: 'active' | 'submitted' | 'timed-out';
  startedAt: string;
  finishedAt: string | null;
  timeUsedSeconds: number | null;
  score: number | null;
  passed: boolean | null;
  answered: number;
  voided: { reason: string; at: string } | null;
}

export interface ExamCard {
  id: string;
  name: string;
  status: 'in-progress' | 'open' | 'upcoming' | 'closed';
  windows: ExamWindow[];
  durationMinutes: number;
  questionCount: number;
  totalPoints: number;
  passMark: number;
  chat: boolean;
  active: { attempt: number; startedAt: string; deadline: string } | null;
  canStart: boolean;
  attemptsLeft: number;
  best: AttemptSummary | null;
  passed: boolean;
  attemptsUsed: number;
  now: string;
}

export interface QuestionView {
  index: number;
  type: 'single' | 'multiple' | 'judge';
  typeLabel: string;
  points: number;
  stem: string;
  options: Array<{ key: string; text: string }>;
  answer: string | null;
}

export interface Paper {
  examId: string;
  examName: string;
  attempt: number;
  deadline: string;
  now: string;
  remainingSeconds: number;
  questionCount: number;
  totalPoints: number;
  passMark: number;
  answered: number;
  unanswered: number;
  questions: QuestionView[];
  resumed?: boolean;
}

export interface Saved {
  attempt: number;
  index: number;
  answer: string | null;
  answered: number;
  unanswered: number;
  remainingSeconds: number;
}

export interface ReviewItem extends QuestionView {
  correctAnswer: string;
  earned: number;
  explanation: string;
  basis: string;
}

export interface ExamResult {
  examId: string;
  examName: string;
  passMark: number;
  totalPoints: number;
  best: AttemptSummary | null;
  passed: boolean;
  attempts: AttemptSummary[];
  attemptsLeft: number;
  review: { attempt: number; items: ReviewItem[] } | null;
  reviewFrom: string | null;
  unansweredAtSubmit?: number;
  alreadyFinished?: boolean;
}

const path = (id: string) => `/api/exam/exams/${encodeURIComponent(id)}`;

export const examApi = {
  list: () => api.get<{ exams: ExamCard[] }>('/api/exam/exams'),
  /** Starts an attempt, or resumes the active one (the paper with the saved answers). */
  start: (id: string) => api.post<Paper>(`${path(id)}/start`),
  save: (id: string, attempt: number, index: number, answer: string | null) => api.post<Saved>(`${path(id)}/answers/${index}`, { attempt, answer }),
  submit: (id: string, attempt: number) => api.post<ExamResult>(`${path(id)}/submit`, { attempt }),
  result: (id: string) => api.get<ExamResult>(`${path(id)}/result`),
  certificateUrl: (id: string) => `${path(id)}/certificate`,
};

/** The admins' and leaders' figures (scoped by the server). */
export interface ExamFigures {
  id: string;
  name: string;
  windows: Array<{ index: number; from: string; to: string }>;
  open: boolean;
  closedAt: string | null;
  questionCount: number;
  durationMinutes: number;
  totalPoints: number;
  passMark: number;
  expected: number;
  took: number;
  tookRate: number | null;
  passed: number;
  passRate: number | null;
  average: number | null;
}

export interface ExamPersonRow {
  id: string;
  name: string;
  department: string | null;
  score: number | null;
  passed: boolean;
  timeUsedSeconds: number | null;
  attempts: number;
  reminded?: 'delivered' | 'pending' | 'invalid' | 'failed' | null;
}

export interface ExamReport {
  exam: { id: string; name: string; passMark: number; totalPoints: number; open: boolean };
  departments: Array<{
    id: string | null;
    label: string;
    expected: number;
    took: number;
    tookRate: number | null;
    passed: number;
    passRate: number | null;
    average: number | null;
  }>;
  people: ExamPersonRow[];
  notTaken: ExamPersonRow[];
}

export interface ExamRemindAnswer {
  status: string;
  sent?: number;
  skipped?: { alreadySent: number; finished: number };
  delivery?: { delivered: number; pending: number; failed: number; invalid: number } | null;
}

export const examReportApi = {
  list: () => api.get<{ exams: ExamFigures[] }>('/api/reports/exams'),
  one: (id: string) => api.get<ExamReport>(`/api/reports/exams/${encodeURIComponent(id)}`),
  remind: (id: string, personIds?: string[]) =>
    api.post<ExamRemindAnswer>(`/api/reports/exams/${encodeURIComponent(id)}/remind`, personIds ? { personIds } : {}),
  exportUrl: (id: string) => `/api/reports/exams/${encodeURIComponent(id)}/export.xlsx`,
};
