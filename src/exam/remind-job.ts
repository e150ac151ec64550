/**
 * The `exam-remind` job: on study days while an exam's window is open, the people who may take it and have
 * not (未参考; in a 补考 window, those who failed or missed and have not sat it yet) get one reminder through the
 * outbox. The job runner makes it once a day per person, whoever triggers it (cron, `考试提醒`, run-job).
 */
import type { Clock } from '../core/clock.js';
import { studyAccess } from '../core/membership.js';
import type { OutboundMessage } from '../core/message.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { Job } from '../schedule/jobs.js';
import type { Department, Person } from '../core/model.js';
import { audienceMatcher } from './audience.js';
import { shortExamTime } from './date-time.js';
import { type Exam, counts } from './exam-model.js';
import { CHAT_MAX_QUESTIONS, type ExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { canStart, openWindow, windows } from './rules.js';

export interface RemindJobDeps {
  readonly exams: ExamStore;
  readonly service: Pick<ExamService, 'cached'>;
  readonly directory: { listDepartments(): Promise<readonly Department[]>; listPeople(): Promise<readonly Person[]> };
  readonly clock: Clock;
  readonly timeZone: string;
  /** The web exam page (EXAM_PAGE_URL), named in reminders of exams too long for chat. */
  readonly pageUrl?: string;
}

export function reminderMessage(exam: Exam, retake: boolean, closesAt: string, timeZone: string, pageUrl?: string): OutboundMessage {
  const chat = exam.questionCount <= CHAT_MAX_QUESTIONS;
  const how = chat
    ? `发送“考试”即可在聊天中作答${pageUrl ? `，或打开考试页面：${pageUrl}` : '。'}`
    : pageUrl
      ? `请打开考试页面作答：${pageUrl}`
      : '请在网页端考试页面作答。';
  const text = `【考试提醒】《${exam.name}》${retake ? '补考' : ''}将于 ${shortExamTime(closesAt, timeZone)} 截止，您还未参加。共 ${exam.questionCount} 题，限时 ${exam.durationMinutes} 分钟，${exam.passMark} 分及格。${how}`;
  const title = `考试提醒 · ${exam.name}`;
  return chat ? { kind: 'action', title, text, actions: [{ label: '开始考试', command: '考试' }] } : { kind: 'text', text };
}

/** Whether a window of some exam is open during part of `day` (the job is due only then; else 'not-due'). */
function windowOn(exams: readonly Exam[], day: QuizDay, timeZone: string): boolean {
  return exams.some((exam) =>
    windows(exam).some((w) => w.from < w.to && quizDayOf(new Date(w.from), timeZone) <= day && day <= quizDayOf(new Date(Date.parse(w.to) - 1), timeZone)),
  );
}

export function createExamRemindJob(deps: RemindJobDeps): Job {
  return {
    name: 'exam-remind',
    description: '考试提醒（考试期间的学习日：未参考的人员每人每天至多一次）',
    appliesOn: (day) => windowOn(deps.service.cached(), day, deps.timeZone),
    async audience(_day: QuizDay, scope?: readonly Person[]) {
      const now = deps.clock.now();
      const departments = await deps.directory.listDepartments();
      const everyone = scope ?? (await deps.directory.listPeople());
      const people = new Map<string, Person>();
      const messages = new Map<string, OutboundMessage>();
      let finished = 0;
      for (const exam of deps.service.cached()) {
        const w = openWindow(exam, now);
        if (!w) continue;
        const member = audienceMatcher(exam.audience, departments);
        const message = reminderMessage(exam, w.index > 0, w.to, deps.timeZone, deps.pageUrl);
        for (const p of everyone) {
          if (!p.active || !studyAccess(p).allowed || !p.departmentId || !member(p)) continue;
          const attempts = await deps.exams.attemptsOf(exam.id, p.id);
          const sat = w.index === 0 ? attempts.some(counts) || attempts.some((a) => a.status === 'active') : attempts.some((a) => a.window === w.index);
          if (sat || !canStart(exam, attempts, now).ok) {
            finished++;
            continue;
          }
          if (people.has(p.id)) continue;
          people.set(p.id, p);
          messages.set(p.id, message);
        }
      }
      return { people: [...people.values()], finished, message: (p) => messages.get(p.id)! };
    },
  };
}
