/**
 * Wires the annual exam for the composition root (deps.ts, world.ts), in two parts:
 * - the core, one per bot: the service (attempts keyed by person, one timer and deadline sweep for everyone)
 *   and the bank daily practice sees (live exams' questions held back);
 * - the exam of a world (directory/demo-data.ts): admin, reports, chat and the reminder job over the world's
 *   view of the store and its outbox, so a demo admin's 考试情况 or 考试提醒 only ever sees and reaches demo
 *   people, and the real reports count real people.
 */
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { OutboundMessage } from '../core/message.js';
import type { Outbox } from '../delivery/outbox.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import type { Person } from '../core/model.js';
import type { Store } from '../core/ports/store.js';
import { createExamAdmin } from './exam-admin.js';
import { createExamChat } from './exam-chat.js';
import type { Attempt, Exam } from './exam-model.js';
import { createExamReports } from './exam-reports.js';
import { createExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { withExamQuestionsHeld } from './held-bank.js';
import { createExamRemindJob } from './remind-job.js';

export interface ExamCoreDeps {
  readonly exams: ExamStore;
  /** The whole directory (audience checks of whoever takes the exam, in either world). */
  readonly directory: Pick<Store, 'getPerson' | 'listDepartments' | 'enqueue'>;
  readonly bank: QuestionBank;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  /** The outbox of the person's world, for telling chat takers their attempt was submitted at the deadline. */
  readonly outboxFor: (person: Person) => Outbox;
}

/** The exam service and the practice bank, shared by both worlds. */
export async function createExamCore(deps: ExamCoreDeps) {
  const { exams, clock, timeZone, logger } = deps;
  const service = createExamService({
    exams,
    directory: deps.directory,
    bank: deps.bank,
    clock,
    timeZone,
    logger,
    notifyTimeout: (a, exam) => notifyTimeout(a, exam),
  });
  await service.refresh();

  /** One chat message through the person's outbox (reason `exam-timeout:<exam>`), with the score saved at the deadline. */
  async function notifyTimeout(a: Attempt, exam: Exam): Promise<void> {
    const person = await deps.directory.getPerson(a.personId);
    if (!person) return;
    const outbox = deps.outboxFor(person);
    const reason = `exam-timeout:${exam.id}`;
    const message: OutboundMessage = {
      kind: 'text',
      text: `【考试时间到，已自动交卷】《${exam.name}》第 ${a.n} 次作答按已保存的答案评分：${a.score} 分（${exam.passMark} 分及格）${a.passed ? '，通过' : '，未通过'}。发送“考试成绩”查看详情。`,
    };
    await deps.directory.enqueue(outbox.plan(reason, [person], () => message));
    await outbox.drain({ reason, rounds: 1 });
  }

  /** The bank for daily practice: questions of live exams left out until they are over. */
  const practiceBank = withExamQuestionsHeld(deps.bank, service.heldQuestionIds);
  return { store: exams, service, practiceBank };
}

export type ExamCore = Awaited<ReturnType<typeof createExamCore>>;

export interface ExamWorldDeps {
  /** The world's view of the store (directory/world-store.ts). */
  readonly store: Store;
  readonly bank: QuestionBank;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly logger: Logger;
  readonly pageUrl?: string;
}

/** The exam as one world sees it: its admin, reports, chat and reminder job, over the shared core. */
export function createExamWorld(core: ExamCore, deps: ExamWorldDeps) {
  const { store, clock, timeZone, logger } = deps;
  const { service, store: exams } = core;
  const admin = createExamAdmin({ exams, directory: store, bank: deps.bank, service, clock, timeZone, logger });
  const reports = createExamReports({ exams, directory: store, service, clock, timeZone });
  const chat = createExamChat({ service, exams, bank: deps.bank, directory: store, timeZone, pageUrl: deps.pageUrl, now: () => clock.now() });
  const remindJob = createExamRemindJob({ exams, service, directory: store, clock, timeZone, pageUrl: deps.pageUrl });
  return { store: exams, service, admin, reports, chat, remindJob, practiceBank: core.practiceBank };
}

export type ExamModule = ReturnType<typeof createExamWorld>;
