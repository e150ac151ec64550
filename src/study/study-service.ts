/**
 * Study topics: the day's item for a person, admins publishing a topic now (`发布`) or queueing topics
 * for the coming study days (`学习计划`), and the week's topic for 周一夜学.
 */
import { randomUUID } from 'node:crypto';
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { Track } from '../bank/question-schema.js';
import { TRACKS } from '../bank/question-schema.js';
import type { StudyCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import { MAX_RANGE_DAYS } from '../core/date-rules.js';
import { AppError } from '../core/errors.js';
import { type QuizDay, addDays, quizDayOf } from '../core/quiz-day.js';
import type { Outbox } from '../delivery/outbox.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import type { Person, StudyTopic } from '../core/model.js';
import type { DirectoryStore } from '../core/ports/directory-store.js';
import type { OutboxStore } from '../core/ports/outbox-store.js';
import type { TopicStore } from '../core/ports/topic-store.js';
import type { StatuteLibrary } from '../statutes/statute-library.js';
import type { AdminStore } from '../core/admin-store.js';
import { articleOfDay, findCitations, missingCitations, rotationFor, topicApplies, topicText } from './study-items.js';

export interface StudyDeps {
  readonly store: Pick<DirectoryStore, 'listDepartments' | 'listPeople'> & TopicStore & Pick<OutboxStore, 'enqueue'>;
  readonly laws: StatuteLibrary;
  readonly bank: QuestionBank;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly calendar: StudyCalendar;
  readonly outbox: Outbox;
  /** Keeps each 发布 (before it is sent) so the console can show and recall it. */
  readonly publications?: Pick<AdminStore, 'savePublication'>;
}

export interface Targets {
  readonly departmentIds: readonly string[];
  readonly tracks: readonly Track[];
  /** Names after @ that match no department or track. */
  readonly unknown: readonly string[];
}

export function createStudyService(deps: StudyDeps) {
  const rotations = new Map<Track, Array<[string, string]>>();
  const rotation = (t: Track) => {
    let r = rotations.get(t);
    if (!r) {
      r = rotationFor(t, deps.laws, deps.bank.all());
      rotations.set(t, r);
    }
    return r;
  };
  const today = () => quizDayOf(deps.clock.now(), deps.timeZone);

  async function topicFor(person: Person, day: QuizDay): Promise<StudyTopic | undefined> {
    return (await deps.store.listTopics()).find((t) => t.day === day && !t.recalledAt && topicApplies(t, person));
  }

  /** `学习`: the queued topic for today if any, else the track's article of the day. */
  async function itemFor(person: Person, day = today()): Promise<string> {
    const topic = await topicFor(person, day);
    return topic ? topicText(topic, deps.laws) : articleOfDay(day, rotation(person.track), deps.laws);
  }

  /** Resolves `@法制科 @执法人员` against departments (by name) and tracks. */
  async function resolveTargets(names: readonly string[]): Promise<Targets> {
    const departments = await deps.store.listDepartments();
    const departmentIds: string[] = [];
    const tracks: Track[] = [];
    const unknown: string[] = [];
    for (const n of names) {
      const d = departments.find((x) => x.name === n);
      if (d) departmentIds.push(d.id);
      else if ((TRACKS as readonly string[]).includes(n)) tracks.push(n as Track);
      else unknown.push(n);
    }
    return { departmentIds, tracks, unknown };
  }

  /** People a topic reaches: active, with a department, matching the targets. */
  async function audience(topic: Pick<StudyTopic, 'departmentIds' | 'tracks'>): Promise<Person[]> {
    const people = await deps.store.listPeople();
    return people.filter((p) => p.active && p.departmentId && topicApplies({ ...topic } as StudyTopic, p));
  }

  /** What a 发布 would send: the text with the cited articles, the cited articles not found, and the audience. */
  async function preview(title: string, body: string, targets: Pick<Targets, 'departmentIds' | 'tracks'>) {
    const draft = {
      id: 'preview',
      title,
      body,
      citations: [],
      departmentIds: targets.departmentIds,
      tracks: targets.tracks,
      day: today(),
      createdBy: '',
      createdAt: '',
    };
    const people = await audience(draft);
    return {
      text: topicText(draft, deps.laws),
      missing: missingCitations(`${title}\n${body}`, deps.laws),
      audience: people.length,
      reachable: people.filter((p) => deps.outbox.addressOf(p)).length,
    };
  }

  /**
   * `发布`: saves the topic and pushes it now through the outbox; returns how many people it reached. Refuses
   * (AppError input.invalid, details.missing) a text citing an article the statute library does not have.
   */
  async function publish(admin: Person, title: string, body: string, targets: Targets): Promise<{ topic: StudyTopic; reached: number }> {
    const missing = missingCitations(`${title}\n${body}`, deps.laws);
    if (missing.length > 0) throw new AppError('input.invalid', `unknown articles: ${missing.join(' ')}`, { missing });
    const now = deps.clock.now();
    const topic: StudyTopic = {
      id: randomUUID(),
      title,
      body,
      citations: findCitations(`${title}\n${body}`).map(([l, a]) => `《${l}》${a}`),
      departmentIds: targets.departmentIds,
      tracks: targets.tracks,
      day: today(),
      createdBy: admin.id,
      createdAt: now.toISOString(),
      publishedAt: now.toISOString(),
    };
    await deps.store.saveTopic(topic);
    const people = await audience(topic);
    await deps.publications?.savePublication({
      id: topic.id,
      topicId: topic.id,
      title,
      audience: people.length,
      createdBy: admin.id,
      createdAt: now.toISOString(),
      handles: [],
    });
    const text = topicText(topic, deps.laws);
    const items = deps.outbox.plan(`topic:${topic.id}`, people, () => ({ kind: 'text', text }));
    await deps.store.enqueue(items);
    // One round now; the running server retries what did not get through until the end of the day.
    await deps.outbox.drain({ reason: `topic:${topic.id}`, rounds: 1 });
    return { topic, reached: people.filter((p) => deps.outbox.addressOf(p)).length };
  }

  /** `学习计划`: queues one topic per line for the next study days that have none yet. */
  async function queuePlan(admin: Person, lines: readonly string[], targets: Targets): Promise<StudyTopic[]> {
    const existing = new Set((await deps.store.listTopics()).map((t) => t.day));
    const queued: StudyTopic[] = [];
    let day = today();
    for (const line of lines) {
      // The next free study day within a year; a calendar with none left (or a year fully planned) stops the plan.
      let free: QuizDay | undefined;
      for (let step = 0; step < MAX_RANGE_DAYS && !free; step++) {
        day = addDays(day, 1);
        if (deps.calendar.isStudyDay(day) && !existing.has(day)) free = day;
      }
      if (!free) break;
      const [title, ...rest] = line.split(/[：:]\s*/);
      const topic: StudyTopic = {
        id: randomUUID(),
        title: title!.trim(),
        body: rest.join('：').trim(),
        citations: findCitations(line).map(([l, a]) => `《${l}》${a}`),
        departmentIds: targets.departmentIds,
        tracks: targets.tracks,
        day,
        createdBy: admin.id,
        createdAt: deps.clock.now().toISOString(),
      };
      await deps.store.saveTopic(topic);
      queued.push(topic);
    }
    return queued;
  }

  async function upcoming(): Promise<StudyTopic[]> {
    const d = today();
    return (await deps.store.listTopics()).filter((t) => t.day >= d && !t.publishedAt).sort((a, b) => a.day.localeCompare(b.day));
  }

  /** 周一夜学: this week's topic (queued for the day, else the 执法人员 article of the day) and 3 questions on its law. */
  async function nightStudy(day = today()): Promise<{ title: string; text: string; questions: LoadedQuestion[] }> {
    const topic = (await deps.store.listTopics()).find((t) => t.day === day && !t.recalledAt);
    const text = topic ? topicText(topic, deps.laws) : articleOfDay(day, rotation('执法人员'), deps.laws);
    const cited = findCitations(text);
    const law = cited[0]?.[0];
    const pool = deps.bank.all().filter((q) => (law ? q.basis.law === law : true) && q.type !== 'multiple');
    const start = pool.length ? Math.abs(day.split('-').reduce((n, x) => n * 31 + Number(x), 7)) % pool.length : 0;
    const questions = [0, 1, 2].map((i) => pool[(start + i * 7) % pool.length]!).filter((q, i, all) => q && all.indexOf(q) === i);
    return { title: topic?.title ?? '周一夜学', text, questions };
  }

  return { laws: deps.laws, itemFor, resolveTargets, audience, preview, publish, queuePlan, upcoming, nightStudy, today };
}

export type StudyService = ReturnType<typeof createStudyService>;
