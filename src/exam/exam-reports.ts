/**
 * Reading results: an exam's figures by person and department (for the xlsx report, the chat's 考试情况 and
 * the dashboard), and certificates (one per person who passed, found by person or by verification code).
 * Attempts past their deadline are graded first, so the figures never wait for the sweep.
 */
import type { Clock } from '../core/clock.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import { departmentOrder } from '../stats/report-xlsx.js';
import type { Department, Person } from '../core/model.js';
import { type CertificateData, certificateCode } from './certificate.js';
import type { Attempt, Exam } from './exam-model.js';
import { departmentSummary, personResults } from './exam-results.js';
import type { ExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { bestAttempt, windows } from './rules.js';

export interface ExamReportsDeps {
  readonly exams: ExamStore;
  readonly directory: {
    listDepartments(): Promise<readonly Department[]>;
    listPeople(): Promise<readonly Person[]>;
    getPerson(id: string): Promise<Person | undefined>;
  };
  readonly service: Pick<ExamService, 'sweep'>;
  readonly clock: Clock;
  readonly timeZone: string;
}

/** The day 应考 is judged on: the main window's last day, or today while it runs. */
function expectedOn(exam: Exam, now: Date, timeZone: string): QuizDay {
  const main = windows(exam)[0]!;
  const last = quizDayOf(new Date(Math.max(Date.parse(main.from), Date.parse(main.to) - 1)), timeZone);
  const today = quizDayOf(now, timeZone);
  if (today < last) return today;
  return last;
}

const dateText = (at: string, timeZone: string) => {
  const [y, m, d] = quizDayOf(new Date(at), timeZone).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

export function createExamReports(deps: ExamReportsDeps) {
  const { exams } = deps;

  /** Figures of exam `id` over everyone, or over a leader's scope (their departments and people). */
  async function results(id: string, scope?: { departments: readonly Department[]; people: readonly Person[] }) {
    const exam = await exams.getExam(id);
    if (!exam) return undefined;
    await deps.service.sweep();
    const departments = await deps.directory.listDepartments();
    const people = scope?.people ?? (await deps.directory.listPeople());
    const rows = personResults(exam, people, await exams.examAttempts(id), departments, expectedOn(exam, deps.clock.now(), deps.timeZone));
    return { exam, departments, people: rows, summary: departmentSummary(rows, departments, scope?.departments) };
  }

  async function certificateData(exam: Exam, person: Person, best: Attempt): Promise<CertificateData> {
    const departments = await deps.directory.listDepartments();
    const order = departmentOrder(departments);
    const deptId = person.departmentId ?? best.departmentId;
    const path = deptId ? (order.get(deptId)?.path ?? '') : '';
    const [root, ...rest] = path.split('/');
    return {
      issuer: exam.issuer ?? root ?? '',
      name: person.name,
      department: rest.length > 0 ? rest.join('') : (root ?? ''),
      examName: exam.name,
      score: best.score!,
      totalPoints: exam.totalPoints,
      passedOn: dateText(best.finishedAt!, deps.timeZone),
      code: certificateCode(exam, person.id),
      verifyAt: `/exam/certificates/${certificateCode(exam, person.id)}`,
    };
  }

  /** The certificate of a person who passed exam `examId` (their best attempt), or undefined. */
  async function certificateFor(examId: string, personId: string): Promise<CertificateData | undefined> {
    const exam = await exams.getExam(examId);
    const person = await deps.directory.getPerson(personId);
    if (!exam || !person) return undefined;
    const best = bestAttempt(await exams.attemptsOf(examId, personId));
    return best?.passed ? certificateData(exam, person, best) : undefined;
  }

  /** The certificate a verification code belongs to, across all exams. */
  async function findCertificate(code: string): Promise<CertificateData | undefined> {
    for (const exam of await exams.listExams()) {
      const people = new Set((await exams.examAttempts(exam.id)).filter((a) => a.passed && !a.void).map((a) => a.personId));
      for (const personId of people) if (certificateCode(exam, personId) === code) return certificateFor(exam.id, personId);
    }
    return undefined;
  }

  /** The people who passed exam `id` and their certificates. */
  async function certificates(id: string): Promise<CertificateData[]> {
    const people = new Set((await exams.examAttempts(id)).filter((a) => a.passed && !a.void).map((a) => a.personId));
    const out: CertificateData[] = [];
    for (const personId of people) {
      const c = await certificateFor(id, personId);
      if (c) out.push(c);
    }
    return out;
  }

  return { results, certificateFor, findCertificate, certificates };
}

export type ExamReports = ReturnType<typeof createExamReports>;
