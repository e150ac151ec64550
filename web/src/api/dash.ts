/** The dashboard API's answers (src/web/dashboard/dashboard-service.ts on the server). */
export interface PeriodJson {
  label: string;
  from: string;
  to: string;
}
export interface DeptRef {
  id: string;
  name: string;
}
export interface BoardRow extends DeptRef {
  hasChildren: boolean;
  members: number;
  expectedPeople: number;
  studiedPeople: number;
  studied: number;
  expected: number;
  rate: number;
  accuracy: number;
  pointsPerPerson: number;
  rank: number;
}
export interface TrendPoint {
  bucket: string;
  rate: number | null;
  accuracy: number | null;
  expected: number;
  completed: number;
  answered: number;
  /** The bucket holding today: still growing. */
  inProgress: boolean;
}
export interface Overview {
  period: PeriodJson;
  by: 'day' | 'week' | 'month';
  department: DeptRef | null;
  breadcrumb: DeptRef[];
  kpi: {
    rate: number | null;
    accuracy: number | null;
    expected: number;
    completed: number;
    answered: number;
    people: number;
    today: string;
    unstudiedToday: number;
    isStudyDay: boolean;
  };
  trend: TrendPoint[];
  board: BoardRow[];
  heatmap: { days: string[]; rows: DeptRef[]; cells: Array<[number, number, number | null]> };
}
export interface PersonRowJson {
  id: string;
  name: string;
  department: string | null;
  active: boolean;
  points: number;
  daysStudied: number;
  daysExpected: number;
  answered: number;
  accuracy: number;
  rank: number;
}
export interface PeopleAnswer {
  period: PeriodJson;
  department: DeptRef | null;
  breadcrumb: DeptRef[];
  children: DeptRef[];
  people: PersonRowJson[];
}
export interface PersonAnswer {
  period: PeriodJson;
  person: { id: string; name: string; department: DeptRef | null; active: boolean };
  totals: PersonRowJson | null;
  days: Array<{ day: string; studyDay: boolean; answered: number; correct: number; completed: boolean; points: number }>;
  wrong: Array<{ day: string; questionId: string; stem: string; basis: string }>;
}
export interface UnstudiedAnswer {
  day: string;
  isStudyDay: boolean;
  department: DeptRef | null;
  people: Array<{ id: string; name: string; department: string | null; reminded: 'delivered' | 'invalid' | 'pending' | 'failed' | null }>;
}
export interface WeakRow {
  law: string;
  article: string;
  answered: number;
  correct: number;
  accuracy: number;
}
export interface LawsAnswer {
  period: PeriodJson;
  months: string[];
  department: DeptRef | null;
  laws: WeakRow[];
  articles: WeakRow[];
}
export interface RemindAnswer {
  status: 'ran' | 'not-a-study-day' | 'not-due' | 'already-ran';
  sent?: number;
  skipped?: { alreadySent: number; finished: number; invalid: number; noAddress: number };
  delivery?: { people: number; delivered: number; invalid: number; pending: number; failed: number };
}
