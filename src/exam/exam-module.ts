/**
 * Wires the annual exam for the composition root (deps.ts): the service, admin, reports, chat, the reminder
 * job and the bank daily practice sees (live exams' questions held back). One call, so deps.ts stays small.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { OutboundMessage } from '../core/message.js';
import type { Outbox } from '../delivery/outbox.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import type { Store } from '../store/store.js';
import { createExamAdmin } from './exam-admin.js';
import { createExamChat } from './exam-chat.js';
import type { Attempt, Exam } from './exam-model.js';
import { createExamReports } from './exam-reports.js';
import { createExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { withExamQuestionsHeld } from './held-bank.js';
import { createExamRemindJob } from './remind-job.js';

export interface ExamModuleDeps {
  readonly exams: ExamStore;
  readonly store: Store;
  readonly bank: QuestionBank;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  readonly pageUrl?: string;
  /** The outbox, for telling chat takers their attempt was submitted at the deadline (may be bound later). */
  readonly outbox: () => Outbox;
}

export async function createExamModule(deps: ExamModuleDeps) {
  const { exams, store, clock, timeZone, logger } = deps;
  const service = createExamService({
    exams,
    directory: store,
    bank: deps.bank,
    clock,
    timeZone,
    logger,
    notifyTimeout: (a, exam) => notifyTimeout(a, exam),
  });
  await service.refresh();

  /** One chat message through the outbox (reason `exam-timeout:<exam>`), with the score saved at the deadline. */
  async function notifyTimeout(a: Attempt, exam: Exam): Promise<void> {
    const person = await store.getPerson(a.personId);
    if (!person) return;
    const outbox = deps.outbox();
    const reason = `exam-timeout:${exam.id}`;
    const message: OutboundMessage = {
      kind: 'text',
      text: `【考试时间到，已自动交卷】《${exam.name}》第 ${a.n} 次作答按已保存的答案评分：${a.score} 分（${exam.passMark} 分及格）${a.passed ? '，通过' : '，未通过'}。发送“考试成绩”查看详情。`,
    };
    const items = outbox.plan(reason, [person], () => message);
    await store.enqueue(items);
    await outbox.drain({ reason, rounds: 1 });
  }

  const admin = createExamAdmin({ exams, directory: store, bank: deps.bank, service, clock, timeZone, logger });
  const reports = createExamReports({ exams, directory: store, service, clock, timeZone });
  const chat = createExamChat({ service, exams, bank: deps.bank, directory: store, timeZone, pageUrl: deps.pageUrl, now: () => clock.now() });
  const remindJob = createExamRemindJob({ exams, service, directory: store, clock, timeZone, pageUrl: deps.pageUrl });
  /** The bank for daily practice: questions of live exams left out until they are over. */
  const practiceBank = withExamQuestionsHeld(deps.bank, service.heldQuestionIds);
  return { store: exams, service, admin, reports, chat, remindJob, practiceBank };
}

export type ExamModule = Awaited<ReturnType<typeof createExamModule>>;
