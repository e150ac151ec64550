/**
 * The Store implementation over HistoryState and DirectoryState. Subclasses decide persistence:
 * memory-store.ts keeps nothing; lowdb-store.ts appends every event (history and directory) to the journal.
 */
import { type ChannelId, type InboundMessage, restoreMessage, storeMessage } from '../core/message.js';
import type { QuizDay } from '../core/quiz-day.js';
import { type DirectoryEvent, DirectoryState } from './directory-state.js';
import type { PracticeStore } from '../core/ports/practice-store.js';
import type { LawCount, ReviewAnswer, ReviewCard, ReviewSession } from '../core/model.js';
import { type HistoryEvent, HistoryState } from './history-state.js';
import type { InboxRecord } from './inbox-state.js';
import type {
  AnswerRecord,
  DailyQuiz,
  DayStats,
  Department,
  JobRun,
  OutboxItem,
  OutboxRecord,
  OutboxResult,
  Person,
  StudyTopic,
  WrongAnswer,
} from '../core/model.js';
import { type PracticeEvent, PracticeState, isPracticeEvent } from './practice-state.js';
import type { Store } from '../core/ports/store.js';
import type { InboxEntry } from '../core/ports/inbox-store.js';
import type { ExamStore } from '../exam/exam-store.js';
import { createExamRecords } from './exam-records.js';
import type { LinkUse, LoginLink, WebAuthStore, WebSession } from '../core/web-auth-store.js';
import { type WebAuthDoc, WebAuthState, emptyWebAuthDoc } from './web-auth-state.js';
import type { AdminStore } from '../core/admin-store.js';
import { type AdminDoc, AdminState, emptyAdminDoc } from './admin-state.js';

export type { DirectoryDoc } from './directory-state.js';

/** What the history, practice and inbox states apply (the events of quizzes, answers, messages, pushes, reviews). */
export type StoreEvent = HistoryEvent | PracticeEvent;
/** Everything the journal holds: those events and directory changes. */
export type JournalEvent = StoreEvent | DirectoryEvent;

export abstract class StateStore implements Store, PracticeStore, WebAuthStore {
  protected history = new HistoryState();
  protected practice = new PracticeState();
  protected directory = new DirectoryState();
  /** The exam port (exams, attempts, answers) over the same journaled history. */
  readonly exams: ExamStore = createExamRecords(
    () => this.history.exams,
    (e) => this.record(e),
  );
  /** Web sign-in records (links, sessions, cookie keys), persisted whole by persistWebAuth. */
  protected webAuth = new WebAuthState(emptyWebAuthDoc(), (doc) => this.persistWebAuth(doc));
  /** The admins' console records (audit log, job switches, publications), persisted whole by persistAdmin. */
  protected admin = new AdminState(emptyAdminDoc(), (doc) => this.persistAdmin(doc));

  /** Make the event durable (before it is applied and acknowledged). */
  protected abstract persist(e: JournalEvent): Promise<void>;
  /** Make the web sign-in document durable. */
  protected abstract persistWebAuth(doc: WebAuthDoc): Promise<void>;
  /** Make the admins' console document durable. */
  protected abstract persistAdmin(doc: AdminDoc): Promise<void>;

  /** The admins' console port (core/admin-store.ts). */
  adminStore(): AdminStore {
    return this.admin;
  }
  abstract close(): Promise<void>;

  /** Called after each event is durable and applied (the lowdb store snapshots from here: the state then holds it). */
  protected applied(): void {}

  private async record(e: StoreEvent): Promise<void> {
    await this.persist(e);
    this.applyEvent(e);
    this.applied();
  }

  /** Applies a journaled event to the state it belongs to (the practice state also reads quizzes and answers). */
  protected applyEvent(e: StoreEvent): void {
    if (isPracticeEvent(e)) {
      this.practice.apply(e);
      return;
    }
    this.history.apply(e);
    this.practice.observe(e);
  }

  /** Every directory change goes through here: one small journal event, whatever the directory's size. */
  protected async recordDirectory(e: DirectoryEvent): Promise<void> {
    await this.persist(e);
    this.directory.apply(e);
    this.applied();
  }

  async listDepartments(): Promise<readonly Department[]> {
    return this.directory.listDepartments();
  }

  async saveDepartments(departments: readonly Department[]): Promise<void> {
    if (departments.length > 0) await this.recordDirectory({ t: 'depts', departments: [...departments] });
  }

  async removeDepartments(ids: readonly string[]): Promise<void> {
    const gone = ids.filter((id) => this.directory.hasDepartment(id));
    if (gone.length > 0) await this.recordDirectory({ t: 'remove', departments: gone });
  }

  async listPeople(): Promise<readonly Person[]> {
    return this.directory.listPeople();
  }

  async getPerson(id: string): Promise<Person | undefined> {
    return this.directory.getPerson(id);
  }

  async findPersonByIdentity(channel: ChannelId, userId: string): Promise<Person | undefined> {
    return this.directory.findByIdentity(channel, userId);
  }

  async savePeople(people: readonly Person[]): Promise<void> {
    if (people.length > 0) await this.recordDirectory({ t: 'people', people: [...people] });
  }

  async removeFromDirectory(ids: { people?: readonly string[]; departments?: readonly string[]; topics?: readonly string[] }): Promise<void> {
    const { people = [], departments = [], topics = [] } = ids;
    if (people.length + departments.length + topics.length > 0) await this.recordDirectory({ t: 'remove', people, departments, topics });
  }

  async getQuiz(personId: string, day: QuizDay): Promise<DailyQuiz | undefined> {
    return this.history.quiz(personId, day);
  }

  async saveQuiz(quiz: DailyQuiz): Promise<DailyQuiz> {
    const existing = this.history.quiz(quiz.personId, quiz.day);
    if (existing) return existing;
    await this.record({ t: 'quiz', quiz });
    return quiz;
  }

  async answersOf(personId: string, day: QuizDay): Promise<readonly AnswerRecord[]> {
    return this.history.answersOf(personId, day);
  }

  async recordAnswer(answer: AnswerRecord): Promise<'recorded' | 'already-answered'> {
    if (this.history.answersOf(answer.personId, answer.day).some((a) => a.index === answer.index)) return 'already-answered';
    await this.record({ t: 'answer', a: answer });
    return 'recorded';
  }

  async completeDay(personId: string, day: QuizDay, bonus: number): Promise<void> {
    if (this.history.stats(personId, day).completed) return;
    await this.record({ t: 'done', p: personId, d: day, bonus });
  }

  async dayStats(personId: string, day: QuizDay): Promise<DayStats> {
    return this.history.stats(personId, day);
  }

  async dayTable(day: QuizDay): Promise<ReadonlyMap<string, DayStats>> {
    return this.history.dayTable(day);
  }

  async lawTally(months: readonly string[]) {
    return this.history.lawTally(months);
  }

  async dayMatrix(days: readonly QuizDay[]) {
    return this.history.dayMatrix(days);
  }

  async lastSeen(personId: string): Promise<ReadonlyMap<string, QuizDay>> {
    return this.history.lastSeen(personId);
  }

  async wrongAnswers(personId: string, limit: number): Promise<readonly WrongAnswer[]> {
    return this.history.wrongAnswers(personId, limit);
  }

  async claimMessage(channel: ChannelId, messageId: string, at: Date, message?: InboundMessage): Promise<boolean> {
    const k = `${channel}:${messageId}`;
    if (this.history.hasClaim(k)) return false;
    await this.record({ t: 'msg', k, at: at.toISOString(), m: message ? storeMessage(message) : undefined });
    return true;
  }

  async finishMessage(channel: ChannelId, messageId: string): Promise<void> {
    const k = `${channel}:${messageId}`;
    if (this.history.inboxRecord(k)) await this.record({ t: 'fin', k });
  }

  async pendingMessages(): Promise<readonly InboundMessage[]> {
    return this.history
      .inboxRecords()
      .filter((r) => r.parkedAt === undefined)
      .map((r) => restoreMessage(r.m));
  }

  async inbox(): Promise<readonly InboxEntry[]> {
    return this.history.inboxRecords().map(toEntry);
  }

  async beginAttempt(channel: ChannelId, messageId: string): Promise<number> {
    const k = `${channel}:${messageId}`;
    const r = this.history.inboxRecord(k);
    if (!r) return 0;
    await this.record({ t: 'try', k });
    return r.attempts + 1;
  }

  async parkMessage(channel: ChannelId, messageId: string, error: string, at: Date): Promise<void> {
    const k = `${channel}:${messageId}`;
    if (this.history.inboxRecord(k)) await this.record({ t: 'park', k, err: error, at: at.toISOString() });
  }

  async unparkMessage(channel: ChannelId, messageId: string): Promise<void> {
    const k = `${channel}:${messageId}`;
    if (this.history.inboxRecord(k)?.parkedAt !== undefined) await this.record({ t: 'unpark', k });
  }

  async releaseMessage(channel: ChannelId, messageId: string): Promise<void> {
    const k = `${channel}:${messageId}`;
    if (this.history.hasClaim(k)) await this.record({ t: 'unmsg', k });
  }

  async getJobRun(job: string, day: QuizDay): Promise<JobRun | undefined> {
    return this.history.jobRun(job, day);
  }

  async saveJobRun(run: JobRun): Promise<void> {
    await this.record({ t: 'job', run });
  }

  async enqueue(items: readonly OutboxItem[]): Promise<void> {
    for (const item of items) if (!this.history.isKnownOutboxItem(item.id)) await this.record({ t: 'out', item });
  }

  async pendingOutbox(): Promise<readonly OutboxItem[]> {
    return this.history.pendingOutbox();
  }

  async settleOutbox(result: OutboxResult): Promise<void> {
    await this.record({ t: 'sent', r: result });
  }

  async retryOutbox(id: string, next?: { at: string; error: string }): Promise<void> {
    await this.record(next ? { t: 'retry', id, next: next.at, err: next.error } : { t: 'retry', id });
  }

  async reviveOutbox(ids: readonly string[]): Promise<void> {
    const failed = new Set(this.history.outboxRecords().flatMap((r) => (r.state === 'failed' ? [r.id] : [])));
    const revive = ids.filter((id) => failed.has(id));
    if (revive.length > 0) await this.record({ t: 'revive', ids: revive });
  }

  async outboxRecords(reason?: string): Promise<readonly OutboxRecord[]> {
    return this.history.outboxRecords(reason);
  }

  async reviewCards(personId: string): Promise<ReadonlyMap<string, ReviewCard>> {
    return this.practice.reviewCards(personId);
  }

  async reviewCard(personId: string, questionId: string): Promise<ReviewCard | undefined> {
    return this.practice.reviewCard(personId, questionId);
  }

  async lawCounts(personId: string): Promise<ReadonlyMap<string, LawCount>> {
    return this.practice.lawCounts(personId);
  }

  async roundStart(personId: string): Promise<QuizDay | undefined> {
    return this.practice.roundStart(personId);
  }

  async reviewSession(personId: string): Promise<ReviewSession | undefined> {
    return this.practice.reviewSession(personId);
  }

  async startReviewSession(session: ReviewSession): Promise<void> {
    await this.record({ t: 'rvs', s: session });
  }

  async recordReview(answer: ReviewAnswer): Promise<'recorded' | 'already-answered'> {
    const s = this.practice.reviewSession(answer.personId);
    if (!s?.open || s.id !== answer.sessionId || s.answered !== answer.index) return 'already-answered';
    await this.record({ t: 'rva', a: answer });
    return 'recorded';
  }

  async closeReviewSession(personId: string, sessionId: string): Promise<void> {
    const s = this.practice.reviewSession(personId);
    if (s?.id === sessionId && s.open) await this.record({ t: 'rvc', p: personId, id: sessionId });
  }

  async listTopics(): Promise<readonly StudyTopic[]> {
    return this.directory.listTopics();
  }

  async saveTopic(topic: StudyTopic): Promise<void> {
    await this.recordDirectory({ t: 'topic', topic });
  }

  // Web sign-in (core/web-auth-store.ts), delegated to WebAuthState.
  saveLoginLink(link: LoginLink): Promise<void> {
    return this.webAuth.saveLoginLink(link);
  }

  loginLinksSince(personId: string, since: Date): Promise<readonly LoginLink[]> {
    return this.webAuth.loginLinksSince(personId, since);
  }

  findLoginLink(hash: string): Promise<LoginLink | undefined> {
    return this.webAuth.findLoginLink(hash);
  }

  useLoginLink(hash: string, at: Date): Promise<LinkUse> {
    return this.webAuth.useLoginLink(hash, at);
  }

  saveSession(session: WebSession): Promise<void> {
    return this.webAuth.saveSession(session);
  }

  getSession(hash: string): Promise<WebSession | undefined> {
    return this.webAuth.getSession(hash);
  }

  deleteSession(hash: string): Promise<void> {
    return this.webAuth.deleteSession(hash);
  }

  deleteSessionsOf(personId: string): Promise<number> {
    return this.webAuth.deleteSessionsOf(personId);
  }

  cookieKeys(): Promise<readonly string[]> {
    return this.webAuth.cookieKeys();
  }
}

function toEntry(r: InboxRecord): InboxEntry {
  return {
    message: restoreMessage(r.m),
    state: r.parkedAt === undefined ? 'pending' : 'parked',
    attempts: r.attempts,
    receivedAt: new Date(r.receivedAt),
    ...(r.parkedAt !== undefined ? { error: r.error, parkedAt: new Date(r.parkedAt) } : {}),
  };
}
