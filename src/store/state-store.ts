/**
 * The Store implementation over HistoryState plus a directory document. Subclasses decide persistence:
 * memory-store.ts keeps nothing; lowdb-store.ts journals events and writes the directory with lowdb.
 */
import { type ChannelId, type InboundMessage, restoreMessage, storeMessage } from '../core/message.js';
import type { QuizDay } from '../core/quiz-day.js';
import { type HistoryEvent, HistoryState } from './history-state.js';
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
} from './model.js';
import type { Store } from './store.js';
import type { ExamStore } from '../exam/exam-store.js';
import { createExamRecords } from './exam-records.js';

export interface DirectoryDoc {
  departments: Department[];
  people: Person[];
  topics: StudyTopic[];
}

export abstract class StateStore implements Store {
  protected history = new HistoryState();
  protected directory: DirectoryDoc = { departments: [], people: [], topics: [] };
  private byId = new Map<string, Person>();
  private byIdentity = new Map<string, Person>();
  /** The exam port (exams, attempts, answers) over the same journaled history. */
  readonly exams: ExamStore = createExamRecords(
    () => this.history.exams,
    (e) => this.record(e),
  );

  /** Make the event durable (before it is applied and acknowledged). */
  protected abstract persist(e: HistoryEvent): Promise<void>;
  /** Make the directory durable. */
  protected abstract persistDirectory(): Promise<void>;
  abstract close(): Promise<void>;

  protected reindex(): void {
    this.byId = new Map(this.directory.people.map((p) => [p.id, p]));
    this.byIdentity = new Map();
    for (const p of this.directory.people) {
      for (const [channel, userId] of Object.entries(p.identities)) if (userId) this.byIdentity.set(`${channel}:${userId}`, p);
    }
  }

  private async record(e: HistoryEvent): Promise<void> {
    await this.persist(e);
    this.history.apply(e);
  }

  async listDepartments(): Promise<readonly Department[]> {
    return this.directory.departments;
  }

  async saveDepartments(departments: readonly Department[]): Promise<void> {
    const merged = new Map(this.directory.departments.map((d) => [d.id, d]));
    for (const d of departments) merged.set(d.id, d);
    this.directory = { ...this.directory, departments: [...merged.values()] };
    await this.persistDirectory();
  }

  async removeDepartments(ids: readonly string[]): Promise<void> {
    const gone = new Set(ids);
    if (!this.directory.departments.some((d) => gone.has(d.id))) return;
    this.directory = { ...this.directory, departments: this.directory.departments.filter((d) => !gone.has(d.id)) };
    await this.persistDirectory();
  }

  async listPeople(): Promise<readonly Person[]> {
    return this.directory.people;
  }

  async getPerson(id: string): Promise<Person | undefined> {
    return this.byId.get(id);
  }

  async findPersonByIdentity(channel: ChannelId, userId: string): Promise<Person | undefined> {
    return this.byIdentity.get(`${channel}:${userId}`);
  }

  async savePeople(people: readonly Person[]): Promise<void> {
    const merged = new Map(this.directory.people.map((p) => [p.id, p]));
    for (const p of people) merged.set(p.id, p);
    this.directory = { ...this.directory, people: [...merged.values()] };
    this.reindex();
    await this.persistDirectory();
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
    if (this.history.isPending(k)) await this.record({ t: 'fin', k });
  }

  async pendingMessages(): Promise<readonly InboundMessage[]> {
    return this.history.pendingMessages().map(restoreMessage);
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

  async listTopics(): Promise<readonly StudyTopic[]> {
    return this.directory.topics;
  }

  async saveTopic(topic: StudyTopic): Promise<void> {
    this.directory = { ...this.directory, topics: [...this.directory.topics.filter((t) => t.id !== topic.id), topic] };
    await this.persistDirectory();
  }
}
