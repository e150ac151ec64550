/**
 * The services of one world (directory/demo-data.ts), part of the composition root: stats, quiz, study, jobs,
 * the job runner and the chat handlers, all built over the world's view of the store and its outbox. deps.ts
 * builds two: the real world (reports, pushes, real people) and the demo world (the playground's sandbox,
 * whose outbox reaches the playground inbox only). A message is handled by its sender's world. The annual
 * exam's core (attempts, timer) is shared; each world has its own exam admin, reports, chat and reminders.
 */
import type { Config } from './config/load.js';
import { type Handler, compose } from './core/bot.js';
import type { StudyCalendar } from './core/calendar.js';
import type { Clock } from './core/clock.js';
import { fallback, help } from './core/help.js';
import type { Logger } from './core/log.js';
import type { Outbox } from './delivery/outbox.js';
import { type AdoptMember, type DirectoryService, createDirectoryService } from './directory/directory-service.js';
import { departmentHandlers } from './directory/handlers.js';
import { createKeyedQueue } from './core/keyed-queue.js';
import { quizHandlers } from './quiz/handlers.js';
import type { PracticeStore } from './core/ports/practice-store.js';
import { reviewHandlers } from './quiz/review-handlers.js';
import { createReviewScheduler } from './quiz/review-schedule.js';
import { type ReviewService, createReviewService } from './quiz/review-service.js';
import type { ReloadableBank } from './quiz/question-bank.js';
import { type QuizService, createQuizService } from './quiz/quiz-service.js';
import { type QuizPage, createQuizPage } from './quiz/quiz-page.js';
import { createJobs } from './schedule/jobs.js';
import { type JobRunner, createJobRunner } from './schedule/job-runner.js';
import { statsHandlers } from './stats/handlers.js';
import { type StatsService, createStatsService } from './stats/stats-service.js';
import type { StatuteLibrary } from './statutes/statute-library.js';
import type { Store } from './core/ports/store.js';
import { type StudyService, createStudyService } from './study/study-service.js';
import { studyHandlers } from './study/handlers.js';
import { examHandlers } from './exam/chat-handlers.js';
import { type ExamCore, type ExamModule, createExamWorld } from './exam/exam-module.js';
import type { AdminStore } from './core/admin-store.js';
import type { AuditLog } from './core/audit.js';
import type { AuthService } from './web/auth/auth-service.js';
import { webHandlers } from './web/chat-handlers.js';

export interface WorldDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly calendar: StudyCalendar;
  readonly laws: StatuteLibrary;
  readonly bank: ReloadableBank;
  /** The world's view of the store (directory/world-store.ts). */
  readonly store: Store;
  /** The view departments are bound and looked up in (real people: never a demo department). */
  readonly bindStore: Store;
  readonly outbox: Outbox;
  /** Review queues, answers by law and rounds: per person, the same in both worlds (the store's practice port). */
  readonly practice: PracticeStore;
  /** Web sign-in: `后台` sends a login link (web/chat-handlers.ts). */
  readonly auth: AuthService;
  /** The web page's full URL for a path, when the pages are reachable (links under long boards). */
  readonly pageUrl?: (path: string) => string;
  /** First contact: fetch an unknown member from the platform's 通讯录 (the real world only). */
  readonly adopt?: AdoptMember;
  /** The annual exam's shared core (its service and the practice bank with live exams' questions held back). */
  readonly exam: ExamCore;
  /** The admins' console records: publications (for recall) and the audit log of admin commands. */
  readonly admin?: AdminStore;
  readonly audit?: AuditLog;
}

export interface World {
  readonly stats: StatsService;
  readonly quiz: QuizService;
  /** The daily quiz in the web page: the same study as `quiz`, shared step by step (quiz/quiz-page.ts). */
  readonly quizPage: QuizPage;
  /** `复习`: due reviews outside the daily quiz. */
  readonly review: ReviewService;
  readonly study: StudyService;
  readonly runner: JobRunner;
  readonly jobs: ReturnType<typeof createJobs>;
  /** Resolves people (creating them on first contact) and binds departments within the world. */
  readonly directory: DirectoryService;
  /** 年度学法考试 as this world sees it: admin, reports, chat, the reminder job. */
  readonly exam: ExamModule;
  /** Everything after the sender is known: department binding, help, exam, quiz, stats, study, fallback. */
  readonly handler: Handler;
}

export function createWorld(d: WorldDeps): World {
  const { config, clock, store, calendar, outbox, practice } = d;
  // Daily practice, 复习 and 学习 draw from the bank without the questions of live exams.
  const bank = d.exam.practiceBank;
  const stats = createStatsService({ store, clock, timeZone: config.timeZone, calendar, points: config.points });
  // One queue per person shared by 答题 and 复习, so their answers never interleave.
  const serial = createKeyedQueue();
  const reviewScheduler = createReviewScheduler({ retention: config.practice.retention, timeZone: config.timeZone });
  const { reviewSlots, coverQuizzes, lean, trackWeight } = config.practice;
  const quiz = createQuizService({
    store,
    bank,
    clock,
    timeZone: config.timeZone,
    quizSize: config.quizSize,
    answerMinMs: config.answerMinMs,
    points: config.points,
    calendar,
    standing: stats.standing,
    practice,
    review: reviewScheduler,
    pickRules: { reviewSlots, coverQuizzes, lean, trackWeight },
    serial,
  });
  const quizPage = createQuizPage({ quiz, store, bank, calendar, points: config.points });
  const review = createReviewService({
    store,
    practice,
    bank,
    pool: quiz.pool,
    clock,
    timeZone: config.timeZone,
    review: reviewScheduler,
    sessionSize: config.practice.sessionSize,
    serial,
  });
  const directory = createDirectoryService({ store: d.bindStore, clock, timeZone: config.timeZone, adminUsers: config.adminUsers, adopt: d.adopt });
  const study = createStudyService({ store, laws: d.laws, bank, clock, timeZone: config.timeZone, calendar, outbox, publications: d.admin });
  const exam = createExamWorld(d.exam, { store, bank: d.bank, clock, timeZone: config.timeZone, logger: d.logger, pageUrl: config.exam.pageUrl });
  const jobs = createJobs({ store, stats, study, calendar, logger: d.logger, quizSize: config.quizSize, examRemind: exam.remindJob });
  const runner = createJobRunner({ store, jobs, outbox, calendar, clock, logger: d.logger });
  const q = quizHandlers(quiz);
  const r = reviewHandlers(review);
  const x = examHandlers({
    chat: exam.chat,
    service: exam.service,
    reports: exam.reports,
    stats,
    runner,
    publicUrl: config.exam.publicUrl,
    now: () => clock.now(),
  });
  const handler = compose([
    departmentHandlers(directory),
    help,
    x.commands,
    r.commands,
    q.commands,
    webHandlers(d.auth),
    statsHandlers(stats, store, config.points, { practice, review }, d.pageUrl),
    studyHandlers(study, runner, stats, d.audit),
    x.answer,
    r.answer,
    q.answer,
    fallback,
  ]);
  return { stats, quiz, quizPage, review, study, runner, jobs, exam, directory, handler };
}
