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
import { type Deadline, type Dispatcher, createDispatcher } from './core/dispatcher.js';
import { type InboundPipeline, createInboundPipeline } from './core/inbound-pipeline.js';
import { AppError } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { ChannelId, InboundMessage, OutboundMessage } from './core/message.js';
import { type QuizDay, quizDayOf } from './core/quiz-day.js';
import type { MountedReceiver } from './core/ports/receiver.js';
import type { BulkSender, Sender } from './core/ports/sender.js';
import { type PlaygroundInbox, createPlaygroundInbox } from './channels/playground/inbox.js';
import { type Outbox, createOutbox } from './delivery/outbox.js';
import { sandboxOutbox } from './delivery/sandbox-outbox.js';
import type { JobRunner } from './schedule/job-runner.js';
import { type Scheduler, createScheduler } from './schedule/scheduler.js';
import type { StudyService } from './study/study-service.js';
import type { DirectoryService } from './directory/directory-service.js';
import { isDemo } from './directory/demo-data.js';
import { resolveHandler } from './directory/handlers.js';
import { worldStore } from './directory/world-store.js';
import { type ContactSync, createContactSync } from './directory/sync/contact-sync.js';
import { contactSyncTask } from './directory/sync/sync-job.js';
import type { ContactChannel, ContactSource } from './core/ports/platform-lookup.js';
import { type ReloadableBank, createQuestionBank, createReloadableBank } from './quiz/question-bank.js';
import type { QuizService } from './quiz/quiz-service.js';
import type { QuizPage } from './quiz/quiz-page.js';
import { quizPagePath } from './core/quiz-page-link.js';
import type { StatsService } from './stats/stats-service.js';
import { type World, createWorld } from './world.js';
import type { PracticeStore } from './core/ports/practice-store.js';
import type { ReviewService } from './quiz/review-service.js';
import { type StatuteLibrary, loadStatuteLibrary } from './statutes/statute-library.js';
import type { Store } from './core/ports/store.js';
import type { BankReport } from './bank/check-bank.js';
import { type ExamModule, createExamCore } from './exam/exam-module.js';
import type { ExamStore } from './exam/exam-store.js';
import type { ExamIdentity } from './api/exam-identity.js';
import { StateStore } from './store/state-store.js';
import { type WebAuthStore, isWebAuthStore } from './core/web-auth-store.js';
import type { WebSignInPlatforms } from './core/web-identity.js';
import { type AuthService, createAuthService } from './web/auth/auth-service.js';
import { WebAuthState, emptyWebAuthDoc } from './store/web-auth-state.js';
import { type AdminStore, hasAdminStore } from './core/admin-store.js';
import { type AuditLog, createAuditLog } from './core/audit.js';
import { AdminState, emptyAdminDoc } from './store/admin-state.js';
import type { OutboxItem } from './core/model.js';

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
  /** The daily quiz in the web page (the real world's; the demo world's is `demoWorld.quizPage`). */
  readonly quizPage: QuizPage;
  /**
   * The web page of the daily quiz of `day` (PUBLIC_URL/quiz?day=…), for pushes that open it (a card's button);
   * undefined when the pages are not reachable (PUBLIC_URL unset outside the playground).
   */
  readonly quizPageUrl?: (day: QuizDay) => string;
  /** `复习`: due reviews outside the daily quiz. */
  readonly review: ReviewService;
  /** Review queues, answers by law, rounds (the store's practice port). */
  readonly practice: PracticeStore;
  readonly stats: StatsService;
  /** The real world's directory (platform people, organisation changes). */
  readonly directory: DirectoryService;
  /** 通讯录同步: full syncs, platform events, first-contact lookups. */
  readonly contacts: ContactSync;
  /** The playground's sandbox: services over demo people only, pushes to the playground inbox only. */
  readonly demoWorld: World;
  /** The real world's view of the store (directory/world-store.ts): what reports and the dashboard read. */
  readonly reportStore: Store;
  /** A platform (WeCom, DingTalk) is configured: the playground is then a sandbox for demo people. */
  readonly platformConfigured: boolean;
  readonly handler: Handler;
  readonly dispatcher: Dispatcher;
  /** The one inbound pipeline every receiver feeds (HTTP routes and the DingTalk Stream): decode, dedupe, deadline, late sends. */
  readonly pipeline: InboundPipeline;
  /**
   * Sends replies that did not go back in the HTTP response (a card after the passive text, slow handling,
   * recovered or retried messages) through the message's channel: written to the outbox (durable once this
   * resolves) and sent by its Sender in the background; for the playground, its inbox.
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
  /** What the holiday calendar knows about this year and the next, as of now (for /healthz). */
  readonly calendarStatus: () => CalendarStatus | undefined;
  /** 年度学法考试 in the real world: service, admin, reports, chat, the exam store (the demo world's: demoWorld.exam). */
  readonly exam: ExamModule;
  /** Who is taking the exam in the exam API (the web app's session); unset = the API answers 401 (playground aside). */
  readonly examIdentity?: ExamIdentity;
  /** Web sign-in: login links and sessions (src/web/), over the store's web sign-in port. */
  readonly auth: AuthService;
  readonly webAuthStore: WebAuthStore;
  /** The admins' console records (audit log, job switches, publications). */
  readonly adminStore: AdminStore;
  /** Writes the audit log of admin actions (web console, chat admin commands, command line). */
  readonly audit: AuditLog;
  /** In-client sign-in of the configured platforms (WeCom OAuth, DingTalk 免登). */
  readonly webSignIn: WebSignInPlatforms;
}

/** The playground's answer to a message from a real person's id while a platform is configured. */
export const PLAYGROUND_REAL_PERSON_REPLY = '本地体验是演示沙盒，只能以演示人员的身份使用，不能代替真实人员操作。请在页面上选择演示人员。';

export type { MountedReceiver } from './core/ports/receiver.js';

export interface CreateDepsOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The store; it also implements the practice port (both stores do). */
  readonly store: Store & PracticeStore;
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
  /** Starts a message's time budget (tests fire it by hand). */
  readonly deadline?: (ms: number) => Deadline;
  /** Starts a receiver's reply deadline (tests fire it by hand). */
  readonly replyTimer?: (ms: number) => Deadline;
  /** Wraps the bot's handler: the seam tests and the reliability scripts use to inject a failing message. */
  readonly wrapHandler?: (handler: Handler) => Handler;
  /** In-client sign-in of the configured platforms (createPlatformChannels' webSignIn). */
  readonly webSignIn?: WebSignInPlatforms;
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

  const playgroundInbox = config.playground ? createPlaygroundInbox() : undefined;
  const bulkSenders = new Map<ChannelId, BulkSender>(opts.bulkSenders ?? []);
  if (playgroundInbox) bulkSenders.set('playground', playgroundInbox);
  // The admins' console records (audit log, job switches, publications): the store's own port when it has one.
  const adminStore = hasAdminStore(store) ? store.adminStore() : new AdminState(emptyAdminDoc(), async () => {});
  const audit = createAuditLog({ store: adminStore, clock, logger });
  const onSent = async (item: OutboxItem, handles: readonly string[]) => {
    if (!item.reason.startsWith('topic:')) return;
    const at = clock.now().toISOString();
    await adminStore.addSendHandles(
      item.reason.slice('topic:'.length),
      handles.map((handle) => ({ channel: item.channel, handle, at })),
    );
  };
  const senders = opts.senders ?? new Map<ChannelId, Sender>();
  const outbox = createOutbox({ store, senders: bulkSenders, replySenders: senders, clock, logger, timeZone: config.timeZone, sleep: opts.sleep, onSent });
  const sandbox = sandboxOutbox(outbox);

  // Two worlds (directory/demo-data.ts): real people, reports and pushes; and the demo world, the playground's
  // sandbox, whose services see only demo people and whose outbox reaches only the playground inbox.
  const platformConfigured = config.wecom !== undefined || config.dingtalk !== undefined;
  const view = (world: 'real' | 'demo', demoCountsWhenAlone: boolean) => worldStore(store, world, { demoCountsWhenAlone, platformConfigured });
  // The 通讯录 works on real departments and people only: a platform 法制科 is never matched with a demo one.
  const contacts = createContactSync({ store: view('real', false), sources: opts.contacts ?? new Map(), clock, timeZone: config.timeZone, logger });
  // The store keeps login links and sessions when it implements the port (both state stores do).
  const webAuthStore = isWebAuthStore(store) ? store : new WebAuthState(emptyWebAuthDoc(), async () => {});
  const auth = createAuthService({
    store: webAuthStore,
    getPerson: (id) => store.getPerson(id),
    clock,
    logger,
    publicUrl: config.web.publicUrl,
    sessionHours: config.web.sessionHours,
  });
  // Boards link to the web pages when they are reachable: PUBLIC_URL is set, or on this machine (playground).
  const pageUrl = config.web.publicUrlConfigured || config.playground ? (path: string) => `${config.web.publicUrl}${path}` : undefined;
  // The exam's attempts and timer are one for both worlds (keyed by person); a demo taker's notices use the sandbox.
  const examStore = opts.examStore ?? (store instanceof StateStore ? store.exams : undefined);
  if (!examStore) throw new AppError('config.invalid', 'createDeps needs an examStore for a store that has none');
  const exam = await createExamCore({
    exams: examStore,
    directory: store,
    bank,
    clock,
    timeZone: config.timeZone,
    logger,
    outboxFor: (person) => (isDemo(person) ? sandbox : outbox),
  });
  const common = { config, clock, logger, calendar, laws, bank, practice: store, auth, pageUrl, exam, admin: adminStore, audit };
  const reportStore = view('real', true);
  const real = createWorld({ ...common, store: reportStore, bindStore: view('real', false), outbox, adopt: contacts.adopt });
  const demo = createWorld({ ...common, store: view('demo', false), bindStore: view('demo', false), outbox: sandbox });
  const { stats, quiz, review, study, runner, jobs } = real;
  const scheduler = createScheduler({
    runner,
    config: config.jobs,
    clock,
    logger,
    calendar,
    appliesOn: { 'monthly-report': jobs['monthly-report'].appliesOn, 'exam-remind': jobs['exam-remind'].appliesOn },
    maintenance: [contactSyncTask(contacts, config.contacts.syncCron, logger)].filter((t) => t !== undefined),
    switchedOff: () => adminStore.disabledJobs(),
  });

  /** With a platform configured the playground is a sandbox: it acts for demo people only (item 9). */
  const sandboxed: Handler = async (ctx, next) => {
    if (platformConfigured && ctx.msg.channel === 'playground' && !isDemo(ctx.person)) return ctx.reply(PLAYGROUND_REAL_PERSON_REPLY);
    await (isDemo(ctx.person) ? demo.handler : real.handler)(ctx, next);
  };
  const composed = compose([
    resolveHandler(
      (channel) => (channel === 'playground' ? demo.directory : real.directory),
      (person) => (isDemo(person) ? demo.directory : real.directory),
    ),
    sandboxed,
  ]);
  const handler = opts.wrapHandler ? opts.wrapHandler(composed) : composed;
  const dispatcher = createDispatcher({ store, handler, logger, clock, timeoutMs: config.messageTimeoutMs, deadline: opts.deadline });
  // Replies through a platform go through the outbox: durable when this resolves, sent in the background.
  const sendLater = async (msg: InboundMessage, replies: readonly OutboundMessage[]) => {
    if (replies.length === 0) return;
    if (senders.has(msg.channel)) {
      await outbox.reply(msg, replies);
    } else if (msg.channel === 'playground' && playgroundInbox) {
      for (const r of replies) await playgroundInbox.sendToUsers([msg.replyTo.id], r);
    } else {
      logger.warn('no sender for late replies', { channel: msg.channel, count: replies.length });
    }
  };
  const pipeline = createInboundPipeline({
    dispatcher,
    clock,
    logger,
    sendLater,
    onDirectoryChange: (change) => contacts.accept(change).then(() => undefined),
    replyTimer: opts.replyTimer,
  });
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
    quizPage: real.quizPage,
    quizPageUrl: pageUrl ? (day: QuizDay) => pageUrl(quizPagePath(day)) : undefined,
    review,
    practice: store,
    stats,
    directory: real.directory,
    contacts,
    demoWorld: demo,
    reportStore,
    platformConfigured,
    handler,
    dispatcher,
    pipeline,
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
    calendarStatus: calendarNow,
    exam: real.exam,
    examIdentity: opts.examIdentity,
    auth,
    webAuthStore,
    adminStore,
    audit,
    webSignIn: opts.webSignIn ?? {},
  };
}
