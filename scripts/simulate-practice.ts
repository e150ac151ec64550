// Practice simulation (issue 18, "Show"): 100 people × 60 study days through the real quiz service (memory
// store, shipped bank, the chinese-days calendar from 2026-03-02), in three arms:
//   baseline  — the picker before this work: no reviews, no lean, no coverage slots (uniform among the unseen);
//   fsrs      — due reviews mixed in (REVIEW_PER_QUIZ=2), no lean, no coverage;
//   fsrs+精准 — the defaults: reviews, coverage every 15 quizzes, lean towards weak laws and the track.
// People and their answers: scripts/practice/learner.ts (given error rates by law, a stated memory model).
// Each person studies on a study day with probability 0.9 (the same days in every arm).
// Run with `npx tsx scripts/simulate-practice.ts` (not part of npm test; about a minute).
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { chineseWorkCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createMemoryLogger } from '../src/core/log.js';
import { type QuizDay, addDays, dayNumber } from '../src/core/quiz-day.js';
import { createDeps } from '../src/deps.js';
import { displayedAnswer } from '../src/quiz/format.js';
import { seedOf } from '../src/quiz/seeded-random.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import type { Person } from '../src/store/model.js';
import { Learner } from './practice/learner.js';

const ROOT = new URL('../', import.meta.url).pathname;
const PEOPLE = 100;
const STUDY_DAYS = 60;
const TRACKS = ['全员', '全员', '全员', '全员', '执法人员', '执法人员', '执法人员', '领导干部', '领导干部', '领导干部'] as const;
const ARMS: Record<string, Record<string, string>> = {
  baseline: { REVIEW_PER_QUIZ: '0', PRACTICE_LEAN: '0', PRACTICE_COVER_QUIZZES: '0', PRACTICE_TRACK_WEIGHT: '1' },
  fsrs: { REVIEW_PER_QUIZ: '2', PRACTICE_LEAN: '0', PRACTICE_COVER_QUIZZES: '0', PRACTICE_TRACK_WEIGHT: '1' },
  'fsrs+精准': {},
};

const days: QuizDay[] = [];
for (let d = '2026-03-02' as QuizDay; days.length < STUDY_DAYS; d = addDays(d, 1)) if (chineseWorkCalendar.isStudyDay(d)) days.push(d);
const studies = (personId: string, day: QuizDay) => seedOf('attend', personId, day) / 4294967296 < 0.9;

interface ArmResult {
  reviews: number;
  reviewsRight: number;
  probeEnd: number;
  probeLater: number;
  missed: number;
  /** The same probe 30 days after the end, for questions first missed in the first half (time to be reviewed). */
  probeEarly: number;
  missedEarly: number;
  weakShare: number;
  poolWeakShare: number;
  months: Map<string, { personMonths: number; full: number; sumShare: number; eligible: number; eligibleFull: number }>;
  lateAccuracy: number;
}

async function runArm(env: Record<string, string>): Promise<ArmResult> {
  const clock = fixedClock(`${days[0]}T01:30:00Z`);
  const store = createMemoryStore();
  const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: '/nonexistent', ...env });
  await store.saveDepartments(Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, name: `科室${i}` })));
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `p${i}`,
    name: `人员${i}`,
    departmentId: `d${i % 10}`,
    roles: ['member'],
    track: TRACKS[i % 10]!,
    identities: { playground: `p${i}` },
    active: true,
    joinedOn: days[0]!,
  }));
  await store.savePeople(people);
  const deps = await createDeps({ config, clock, logger: createMemoryLogger(), store, calendar: chineseWorkCalendar });
  const learners = new Map(people.map((p) => [p.id, new Learner(p.id, [...new Set(deps.quiz.pool(p).map((q) => q.basis.law))])]));
  const served = new Map<string, Set<string>>(); // `${person}|${month}` → laws
  const quizzes = new Map<string, number>(); // `${person}|${month}` → quizzes taken
  let reviews = 0;
  let reviewsRight = 0;
  let weakItems = 0;
  let items = 0;
  let late = 0;
  let lateRight = 0;
  for (const [di, day] of days.entries()) {
    clock.set(`${day}T01:30:00Z`);
    for (const person of people) {
      if (!studies(person.id, day)) continue;
      const learner = learners.get(person.id)!;
      await deps.quiz.start(person);
      const quiz = (await store.getQuiz(person.id, day))!;
      const key = `${person.id}|${day.slice(0, 7)}`;
      quizzes.set(key, (quizzes.get(key) ?? 0) + 1);
      for (const item of quiz.items) {
        const q = deps.bank.get(item.questionId)!;
        const right = learner.answer(q.id, q.basis.law, day);
        const good = displayedAnswer(q, item.order);
        const text = right ? good : q.type === 'judge' ? (good === '对' ? '错' : '对') : good === 'A' ? 'B' : 'A';
        await deps.quiz.answer(person, text);
        if (item.review) {
          reviews++;
          if (right) reviewsRight++;
        }
        items++;
        if (learner.weak.has(q.basis.law)) weakItems++;
        if (di >= STUDY_DAYS - 10) {
          late++;
          if (right) lateRight++;
        }
        served.set(key, (served.get(key) ?? new Set()).add(q.basis.law));
      }
    }
  }
  // Retention probe: every question a person missed, asked the day after the last study day and 30 days later.
  const probe = (offset: number, missedBy: QuizDay = days.at(-1)!) => {
    let sum = 0;
    let n = 0;
    for (const p of people) {
      const l = learners.get(p.id)!;
      for (const [id, first] of l.missed) {
        if (first > missedBy) continue;
        sum += l.pRight(id, deps.bank.get(id)!.basis.law, addDays(days.at(-1)!, offset));
        n++;
      }
    }
    return { mean: sum / n, n };
  };
  const months = new Map<string, ArmResult['months'] extends Map<string, infer V> ? V : never>();
  for (const p of people) {
    const laws = new Set(deps.quiz.pool(p).map((q) => q.basis.law));
    for (const month of new Set(days.map((d) => d.slice(0, 7)))) {
      const got = served.get(`${p.id}|${month}`) ?? new Set();
      const share = [...laws].filter((l) => got.has(l)).length / laws.size;
      const m = months.get(month) ?? { personMonths: 0, full: 0, sumShare: 0, eligible: 0, eligibleFull: 0 };
      m.personMonths++;
      m.sumShare += share;
      if (share === 1) m.full++;
      if ((quizzes.get(`${p.id}|${month}`) ?? 0) >= 15) {
        m.eligible++;
        if (share === 1) m.eligibleFull++;
      }
      months.set(month, m);
    }
  }
  const poolWeak = people.reduce((s, p) => {
    const pool = deps.quiz.pool(p);
    const weak = learners.get(p.id)!.weak;
    return s + pool.filter((q) => weak.has(q.basis.law)).length / pool.length;
  }, 0);
  const end = probe(1);
  const early = probe(31, days[STUDY_DAYS / 2 - 1]);
  return {
    probeEarly: early.mean,
    missedEarly: early.n,
    reviews,
    reviewsRight,
    probeEnd: end.mean,
    probeLater: probe(31).mean,
    missed: end.n,
    weakShare: weakItems / items,
    poolWeakShare: poolWeak / people.length,
    months,
    lateAccuracy: lateRight / late,
  };
}

const pc = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`${PEOPLE} people × ${STUDY_DAYS} study days (${days[0]} … ${days.at(-1)}, ${dayNumber(days.at(-1)!) - dayNumber(days[0]!) + 1} calendar days)\n`);
for (const [name, env] of Object.entries(ARMS)) {
  const started = performance.now();
  const r = await runArm(env);
  console.log(`## ${name}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`  reviews served: ${r.reviews}; answered right on review: ${r.reviews ? pc(r.reviewsRight / r.reviews) : 'n/a (none asked again)'}`);
  console.log(`  retention probe over ${r.missed} missed (person, question) pairs: right the next day ${pc(r.probeEnd)}, 30 days later ${pc(r.probeLater)}`);
  console.log(`  questions first missed in the first 30 study days (${r.missedEarly}), asked 30 days after the end: right ${pc(r.probeEarly)}`);
  console.log(`  share of served questions on the person's 4 weak laws: ${pc(r.weakShare)} (their share of the pool: ${pc(r.poolWeakShare)})`);
  console.log(`  accuracy over the last 10 study days: ${pc(r.lateAccuracy)}`);
  for (const [month, m] of r.months) {
    console.log(
      `  ${month}: laws covered per person ${pc(m.sumShare / m.personMonths)}, all laws ${m.full}/${m.personMonths}; people with ≥ 15 quizzes that month: all laws ${m.eligibleFull}/${m.eligible}`,
    );
  }
  console.log('');
}
