/**
 * Synthetic departments, people and quiz history, for demos and benchmarks (`seed-demo`).
 * History goes through the Store's ordinary methods, so it is exactly what real use produces. Everything is
 * demo data (`demo: true`): it never mixes into a bureau's real reports, and `demo clear` removes it.
 */
import { type StudyCalendar, studyDaysBetween } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import { addDays, quizDayOf } from '../core/quiz-day.js';
import { type PointsRules, answerPoints, streakBonus } from '../quiz/points.js';
import { optionOrder } from '../quiz/pick.js';
import type { QuestionBank } from '../quiz/question-bank.js';
import { createRandom } from '../quiz/seeded-random.js';
import type { Department, Person } from '../store/model.js';
import type { Store } from '../store/store.js';

export interface SeedOptions {
  readonly users: number;
  readonly days: number;
  readonly departments: number;
  /** Share of people who study on a given day (default 0.85) and chance of a correct answer (default 0.75). */
  readonly participation?: number;
  readonly accuracy?: number;
}

/** What seeding needs from the composition root (createDeps' Deps fits it). */
export interface SeedHistoryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly calendar: StudyCalendar;
  readonly bank: Pick<QuestionBank, 'eligible' | 'get'>;
  readonly config: { readonly timeZone: string; readonly quizSize: number; readonly points: PointsRules };
}

export async function seedHistory(deps: SeedHistoryDeps, opts: SeedOptions) {
  const { store, config } = deps;
  const today = quizDayOf(deps.clock.now(), config.timeZone);
  const start = addDays(today, -opts.days);
  const departments: Department[] = [{ id: 'demo-root', name: '示范单位', demo: true }];
  for (let d = 1; d <= opts.departments; d++) departments.push({ id: `demo-d${d}`, name: `第${d}科室`, parentId: 'demo-root', demo: true });
  const people: Person[] = [];
  for (let u = 1; u <= opts.users; u++) {
    const id = `demo-u${String(u).padStart(5, '0')}`;
    people.push({
      id,
      name: `学员${u}`,
      departmentId: departments[1 + ((u - 1) % opts.departments)]!.id,
      roles: u === 1 ? ['admin'] : u % 50 === 2 ? ['leader'] : ['member'],
      track: u % 10 === 0 ? '领导干部' : u % 3 === 0 ? '执法人员' : '全员',
      identities: { playground: id },
      active: true,
      joinedOn: start,
      demo: true,
    });
  }
  await store.saveDepartments(departments);
  await store.savePeople(people);

  const random = createRandom(20261126);
  const studyDays = studyDaysBetween(deps.calendar, start, addDays(today, -1));
  const streaks = new Map<string, number>();
  let quizDays = 0;
  for (const [dayIndex, day] of studyDays.entries()) {
    for (const [pi, p] of people.entries()) {
      if (random() > (opts.participation ?? 0.85)) {
        streaks.set(p.id, 0);
        continue;
      }
      const pool = deps.bank.eligible(p.track);
      const items = Array.from({ length: config.quizSize }, (_, k) => {
        const q = pool[(pi * 7 + dayIndex * config.quizSize + k) % pool.length]!;
        return { questionId: q.id, order: optionOrder(p.id, day, q) };
      });
      const servedAt = `${day}T01:00:00.000Z`;
      await store.saveQuiz({ personId: p.id, day, items, servedAt });
      for (const [index, item] of items.entries()) {
        const q = deps.bank.get(item.questionId)!;
        const correct = random() < (opts.accuracy ?? 0.75);
        await store.recordAnswer({
          personId: p.id,
          day,
          index,
          questionId: q.id,
          chosen: correct ? q.answer : '',
          correct,
          points: answerPoints(q, correct, config.points),
          answeredAt: `${day}T01:0${index}:30.000Z`,
          elapsedMs: 30_000,
          law: q.basis.law,
          article: q.basis.articles[0],
          departmentId: p.departmentId,
        });
      }
      const streak = (streaks.get(p.id) ?? 0) + 1;
      streaks.set(p.id, streak);
      await store.completeDay(p.id, day, streakBonus(streak, config.points));
      quizDays++;
    }
  }
  return { people: people.length, departments: opts.departments, studyDays: studyDays.length, quizDays };
}
