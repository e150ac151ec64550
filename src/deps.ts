/**
 * The composition root: builds every service from the config and injected I/O. No singletons elsewhere.
 */
import { formatIssue } from './bank/load-bank.js';
import { loadAllBanks } from './bank/bank-registry.js';
import type { Config } from './config/load.js';
import { type Handler, compose } from './core/bot.js';
import { type StudyCalendar, chineseWorkCalendar } from './core/calendar.js';
import type { Clock } from './core/clock.js';
import { type Deadline, type Dispatcher, createDispatcher } from './core/dispatcher.js';
import { AppError } from './core/errors.js';
import { fallback, help } from './core/help.js';
import type { Logger } from './core/log.js';
import type { ChannelId, InboundMessage, OutboundMessage } from './core/message.js';
import type { BulkSender, Receiver, Sender } from './channels/channel.js';
import { type PlaygroundInbox, createPlaygroundInbox } from './channels/playground/inbox.js';
import { type Outbox, createOutbox } from './delivery/outbox.js';
import { createJobs } from './schedule/jobs.js';
import { type JobRunner, createJobRunner } from './schedule/job-runner.js';
import { type Scheduler, createScheduler } from './schedule/scheduler.js';
import { type StudyService, createStudyService } from './study/study-service.js';
import { studyHandlers } from './study/handlers.js';
import { type DirectoryService, createDirectoryService, type PlatformLookup } from './directory/directory-service.js';
import { directoryHandlers } from './directory/handlers.js';
import { quizHandlers } from './quiz/handlers.js';
import { type ReloadableBank, createQuestionBank, createReloadableBank } from './quiz/question-bank.js';
import { type QuizService, createQuizService } from './quiz/quiz-service.js';
import { statsHandlers } from './stats/handlers.js';
import { type StatsService, createStatsService } from './stats/stats-service.js';
import { type StatuteLibrary, loadStatuteLibrary } from './statutes/statute-library.js';
import type { Store } from './store/store.js';
import type { BankReport } from './bank/check-bank.js';

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
  readonly handler: Handler;
  readonly dispatcher: Dispatcher;
  /**
   * Sends replies that did not go back in the HTTP response (slow handling, recovered or retried messages)
   * through the message's channel: its Sender, or the playground inbox for the playground.
   */
  sendLater(msg: InboundMessage, replies: readonly OutboundMessage[]): Promise<void>;
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
  /** Delay used between outbox retries (tests pass a no-op). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly lookups?: Partial<Record<ChannelId, PlatformLookup>>;
  /** Starts a message's time budget (tests fire it by hand). */
  readonly deadline?: (ms: number) => Deadline;
  /** Wraps the bot's handler: the seam tests and the reliability scripts use to inject a failing message. */
  readonly wrapHandler?: (handler: Handler) => Handler;
}

/** Loads the statutes and the bank (refusing a bank with errors), then wires the services. */
export async function createDeps(opts: CreateDepsOptions): Promise<Deps> {
  const { config, clock, logger, store } = opts;
  const calendar = opts.calendar ?? chineseWorkCalendar;
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

  const stats = createStatsService({ store, clock, timeZone: config.timeZone, calendar, points: config.points });
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
  });
  const directory = createDirectoryService({ store, clock, timeZone: config.timeZone, adminUsers: config.adminUsers, lookups: opts.lookups });
  const playgroundInbox = config.playground ? createPlaygroundInbox() : undefined;
  const bulkSenders = new Map<ChannelId, BulkSender>(opts.bulkSenders ?? []);
  if (playgroundInbox) bulkSenders.set('playground', playgroundInbox);
  const outbox = createOutbox({ store, senders: bulkSenders, clock, logger, sleep: opts.sleep });
  const study = createStudyService({ store, laws, bank, clock, timeZone: config.timeZone, calendar, outbox });
  const jobs = createJobs({ store, stats, study, outbox, calendar, logger, quizSize: config.quizSize });
  const runner = createJobRunner({ store, jobs, outbox, calendar, clock, logger });
  const scheduler = createScheduler({
    runner,
    config: config.jobs,
    clock,
    logger,
    calendar,
    appliesOn: { 'monthly-report': jobs['monthly-report'].appliesOn },
  });

  const q = quizHandlers(quiz, bank, store);
  const composed = compose([
    directoryHandlers(directory, store),
    help,
    q.commands,
    statsHandlers(stats, store, config.points),
    studyHandlers(study, runner, stats),
    q.answer,
    fallback,
  ]);
  const handler = opts.wrapHandler ? opts.wrapHandler(composed) : composed;
  const dispatcher = createDispatcher({ store, handler, logger, clock, timeoutMs: config.messageTimeoutMs, deadline: opts.deadline });
  const senders = opts.senders ?? new Map<ChannelId, Sender>();
  const sendLater = async (msg: InboundMessage, replies: readonly OutboundMessage[]) => {
    if (replies.length === 0) return;
    const sender = senders.get(msg.channel);
    if (sender) {
      for (const r of replies) await sender.send(msg.replyTo, r);
    } else if (msg.channel === 'playground' && playgroundInbox) {
      for (const r of replies) await playgroundInbox.sendToUsers([msg.replyTo.id], r);
    } else {
      logger.warn('no sender for late replies', { channel: msg.channel, count: replies.length });
    }
  };
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
    handler,
    dispatcher,
    sendLater,
    senders,
    receivers: opts.receivers ?? [],
    bulkSenders,
    playgroundInbox,
    outbox,
    study,
    runner,
    scheduler,
    channelHealth: opts.channelHealth ?? (() => ({})),
  };
}
