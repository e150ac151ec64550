/**
 * The composition root: builds every service from the config and injected I/O. No singletons elsewhere.
 */
import { formatIssue } from './bank/load-bank.js';
import { loadAllBanks } from './bank/bank-registry.js';
import type { Config } from './config/load.js';
import { type Handler, compose } from './core/bot.js';
import { type CalendarStatus, type StudyCalendar, calendarStatus, createChineseCalendar } from './core/calendar.js';
import { readCalendarFile } from './core/calendar-file.js';
import type { Clock } from './core/clock.js';
import { type Dispatcher, createDispatcher } from './core/dispatcher.js';
import { AppError } from './core/errors.js';
import { fallback, help } from './core/help.js';
import type { Logger } from './core/log.js';
import type { ChannelId } from './core/message.js';
import { quizDayOf } from './core/quiz-day.js';
import type { BulkSender, Receiver, Sender } from './channels/channel.js';
import { type PlaygroundInbox, createPlaygroundInbox } from './channels/playground/inbox.js';
import { type Outbox, createOutbox } from './delivery/outbox.js';
import { createJobs } from './schedule/jobs.js';
import { type JobRunner, createJobRunner } from './schedule/job-runner.js';
import { type Scheduler, createScheduler } from './schedule/scheduler.js';
import { type StudyService, createStudyService } from './study/study-service.js';
import { studyHandlers } from './study/handlers.js';
import { type DirectoryService, createDirectoryService } from './directory/directory-service.js';
import { directoryHandlers } from './directory/handlers.js';
import { type ContactSync, createContactSync } from './directory/sync/contact-sync.js';
import { contactSyncTask } from './directory/sync/sync-job.js';
import type { ContactChannel, ContactSource } from './core/contacts.js';
import { quizHandlers } from './quiz/handlers.js';
import { type ReloadableBank, createQuestionBank, createReloadableBank } from './quiz/question-bank.js';
import { type QuizService, createQuizService } from './quiz/quiz-service.js';
import { statsHandlers } from './stats/handlers.js';
import { type StatsService, createStatsService } from './stats/stats-service.js';
import { type StatuteLibrary, loadStatuteLibrary } from './statutes/statute-library.js';
import type { Store } from './store/store.js';
import type { BankReport } from './bank/check-bank.js';
import { type ExamModule, createExamModule } from './exam/exam-module.js';
import { examHandlers } from './exam/chat-handlers.js';
import type { ExamStore } from './exam/exam-store.js';
import type { ExamIdentity } from './api/exam-identity.js';
import { StateStore } from './store/state-store.js';

export interface Deps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly calendar: StudyCalendar;
  readonly laws: StatuteLibrary;
  readonly bankReport: BankReport;
  readonly bank: ReloadableBank;
  /** Re-reads the shipped and imported banks and swaps them in; the running quiz keeps working. */
  reloadBank(): Promise<{ questions: number; refused: number }>;
  readonly quiz: QuizService;
  readonly stats: StatsService;
  readonly directory: DirectoryService;
  /** 通讯录同步: full syncs, platform events, first-contact lookups. */
  readonly contacts: ContactSync;
  readonly handler: Handler;
  readonly dispatcher: Dispatcher;
  readonly senders: ReadonlyMap<ChannelId, Sender>;
  readonly receivers: readonly MountedReceiver[];
  readonly bulkSenders: ReadonlyMap<ChannelId, BulkSender>;
  readonly playgroundInbox?: PlaygroundInbox;
  readonly outbox: Outbox;
  readonly study: StudyService;
  readonly runner: JobRunner;
  readonly scheduler: Scheduler;
  /** Platform connection health for /healthz (e.g. the DingTalk Stream socket). */
  readonly channelHealth: () => Record<string, unknown>;
  /** What the holiday calendar knows about this year and the next, as of now (for /healthz). */
  readonly calendarStatus: () => CalendarStatus | undefined;
  /** 年度学法考试: service, admin, reports, chat, the exam store. */
  readonly exam: ExamModule;
  /** Who is taking the exam in the exam API (the web app's session); unset = the API answers 401 (playground aside). */
  readonly examIdentity?: ExamIdentity;
}

/** A platform receiver and the route it is mounted on (e.g. WeCom at /wecom/callback). */
export interface MountedReceiver {
  readonly path: string;
  readonly receiver: Receiver;
}

export interface CreateDepsOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: Store;
  readonly calendar?: StudyCalendar;
  readonly senders?: ReadonlyMap<ChannelId, Sender>;
  readonly receivers?: readonly MountedReceiver[];
  readonly bulkSenders?: ReadonlyMap<ChannelId, BulkSender>;
  readonly channelHealth?: () => Record<string, unknown>;
  /** Waits between outbox retries (tests pass a no-op, or one that advances their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The platforms' contact APIs (通讯录). */
  readonly contacts?: ReadonlyMap<ContactChannel, ContactSource>;
  /** The exam store (default: the state store's own). */
  readonly examStore?: ExamStore;
  /** Resolves the person behind an exam API request (the web app's signed session). */
  readonly examIdentity?: ExamIdentity;
}

/** Loads the statutes and the bank (refusing a bank with errors), then wires the services. */
export async function createDeps(opts: CreateDepsOptions): Promise<Deps> {
  const { config, clock, logger, store } = opts;
  const calendar = opts.calendar ?? createChineseCalendar({ override: config.calendarFile ? await readCalendarFile(config.calendarFile) : undefined });
  const calendarNow = () => calendarStatus(calendar, quizDayOf(clock.now(), config.timeZone));
  const calendarAtStart = calendarNow();
  if (calendarAtStart?.warning) {
    logger.warn('holiday calendar out of date', {
      thisYear: calendarAtStart.thisYear,
      nextYear: calendarAtStart.nextYear,
      calendarFile: config.calendarFile ?? null,
      fix: calendarAtStart.warning,
    });
  }
  const laws = await loadStatuteLibrary(config.lawsDir);
  /** The shipped bank must be valid (start-up refuses it otherwise); a broken imported bank is left out. */
  const readBanks = async () => {
    const { report, disabledBanks, refused } = await loadAllBanks({ questionsDir: config.questionsDir, dataDir: config.dataDir, laws });
    if (report.errors.length > 0) {
      throw new AppError(
        'bank.invalid',
        `the question bank in ${config.questionsDir} has ${report.errors.length} error(s):\n${report.errors.map((e) => `  ${formatIssue(e)}`).join('\n')}`,
        { errors: report.errors },
      );
    }
    for (const r of refused) logger.warn('imported bank left out: it has errors', { bank: r.bank, errors: r.errors.map(formatIssue) });
    if (report.needsReview.length > 0) logger.warn('questions held back for review (cited article changed)', { ids: report.needsReview });
    return { report, refused, built: createQuestionBank(report.questions, { exclude: report.needsReview, disabledBanks }) };
  };
  const first = await readBanks();
  let bankReport = first.report;
  const bank = createReloadableBank(first.built);

  const examStore = opts.examStore ?? (store instanceof StateStore ? store.exams : undefined);
  if (!examStore) throw new AppError('config.invalid', 'createDeps needs an examStore for a store that has none');
  const exam = await createExamModule({
    exams: examStore,
    store,
    bank,
    clock,
    timeZone: config.timeZone,
    logger,
    pageUrl: config.exam.pageUrl,
    outbox: () => outbox,
  });
  const stats = createStatsService({ store, clock, timeZone: config.timeZone, calendar, points: config.points });
  const quiz = createQuizService({
    store,
    bank: exam.practiceBank,
    clock,
    timeZone: config.timeZone,
    quizSize: config.quizSize,
    points: config.points,
    calendar,
    standing: stats.standing,
  });
  const contacts = createContactSync({ store, sources: opts.contacts ?? new Map(), clock, timeZone: config.timeZone, logger });
  const directory = createDirectoryService({ store, clock, timeZone: config.timeZone, adminUsers: config.adminUsers, adopt: contacts.adopt });
  const playgroundInbox = config.playground ? createPlaygroundInbox() : undefined;
  const bulkSenders = new Map<ChannelId, BulkSender>(opts.bulkSenders ?? []);
  if (playgroundInbox) bulkSenders.set('playground', playgroundInbox);
  const outbox = createOutbox({ store, senders: bulkSenders, clock, logger, timeZone: config.timeZone, sleep: opts.sleep });
  const study = createStudyService({ store, laws, bank: exam.practiceBank, clock, timeZone: config.timeZone, calendar, outbox });
  const jobs = createJobs({ store, stats, study, calendar, logger, quizSize: config.quizSize, examRemind: exam.remindJob });
  const runner = createJobRunner({ store, jobs, outbox, calendar, clock, logger });
  const scheduler = createScheduler({
    runner,
    config: config.jobs,
    clock,
    logger,
    calendar,
    appliesOn: { 'monthly-report': jobs['monthly-report'].appliesOn },
    maintenance: [contactSyncTask(contacts, config.contacts.syncCron, logger)].filter((t) => t !== undefined),
  });

  const q = quizHandlers(quiz);
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
    directoryHandlers(directory),
    help,
    x.commands,
    q.commands,
    statsHandlers(stats, store, config.points),
    studyHandlers(study, runner, stats),
    x.answer,
    q.answer,
    fallback,
  ]);
  const dispatcher = createDispatcher({ store, handler, logger, clock });
  const reloadBank = async () => {
    const next = await readBanks();
    bankReport = next.report;
    bank.replace(next.built);
    return { questions: next.built.size, refused: next.refused.length };
  };
  return {
    config,
    clock,
    logger,
    store,
    calendar,
    laws,
    get bankReport() {
      return bankReport;
    },
    bank,
    reloadBank,
    quiz,
    stats,
    directory,
    contacts,
    handler,
    dispatcher,
    senders: opts.senders ?? new Map(),
    receivers: opts.receivers ?? [],
    bulkSenders,
    playgroundInbox,
    outbox,
    study,
    runner,
    scheduler,
    channelHealth: opts.channelHealth ?? (() => ({})),
    calendarStatus: calendarNow,
    exam,
    examIdentity: opts.examIdentity,
  };
}
