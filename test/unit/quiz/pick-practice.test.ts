/**
 * The daily pick with spaced review and 精准普法 (quiz/pick.ts): reviews first, no repeats within a round,
 * the lean towards weak laws and the person's track, and the coverage guarantee over a simulated month of the
 * shipped bank (every law in any 15 consecutive quizzes, so in every month of 15+ quizzes).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { LoadedQuestion } from '../../../src/bank/check-bank.js';
import { loadBank } from '../../../src/bank/load-bank.js';
import type { Track } from '../../../src/bank/question-schema.js';
import { chineseWorkCalendar, studyDaysBetween } from '../../../src/core/calendar.js';
import { type QuizDay, addDays } from '../../../src/core/quiz-day.js';
import { type DueReview, type PickRules, optionOrder, pickDailyQuiz } from '../../../src/quiz/pick.js';
import type { LawCount } from '../../../src/quiz/practice-store.js';
import { loadStatuteLibrary } from '../../../src/statutes/statute-library.js';
import { ROOT } from '../../helpers/test-deps.js';

const RULES: PickRules = { size: 5, reviewSlots: 2, coverQuizzes: 15, lean: 1, trackWeight: 2 };
const day = '2026-11-24' as QuizDay;

const q = (id: string, law: string, tracks: Track[] = ['全员']): LoadedQuestion => ({
  id,
  type: 'single',
  stem: `题干 ${id}`,
  options: ['甲', '乙', '丙', '丁'],
  answer: 'B',
  explanation: '解析内容',
  basis: { law, articles: ['第一条'], version: '2021-01-22' },
  tracks,
  topic: 't',
  difficulty: 1,
  bank: 'builtin',
  file: 'x.json',
});

const input = (over: Partial<Parameters<typeof pickDailyQuiz>[0]> = {}): Parameters<typeof pickDailyQuiz>[0] => ({
  personId: 'p1',
  track: '全员',
  day,
  pool: [],
  lastSeen: new Map(),
  due: [],
  lawCounts: new Map(),
  ...over,
});

/** 10 laws × 10 questions: 法0 … 法9. */
const small = Array.from({ length: 100 }, (_, i) => q(`q${i}`, `法${i % 10}`));

describe('reviews in the daily quiz', () => {
  test('at most two due reviews open the quiz, most overdue first, marked as reviews, before three new questions', () => {
    const due: DueReview[] = [
      { questionId: 'q3', dueDay: '2026-11-23' as QuizDay },
      { questionId: 'q1', dueDay: '2026-11-20' as QuizDay },
      { questionId: 'q2', dueDay: '2026-11-24' as QuizDay },
    ];
    const seen = new Map<string, QuizDay>([
      ['q1', '2026-11-19' as QuizDay],
      ['q2', '2026-11-23' as QuizDay],
      ['q3', '2026-11-22' as QuizDay],
    ]);
    const { items } = pickDailyQuiz(input({ pool: small, lastSeen: seen, due }), RULES);
    expect(items.map((i) => i.questionId).slice(0, 2)).toEqual(['q1', 'q3']);
    expect(items.map((i) => i.review ?? false)).toEqual([true, true, false, false, false]);
    expect(items.slice(2).every((i) => !seen.has(i.questionId))).toBe(true);
    const noReviews = pickDailyQuiz(input({ pool: small, lastSeen: seen, due }), { ...RULES, reviewSlots: 0 }).items;
    expect(noReviews.every((i) => !i.review)).toBe(true);
  });

  test('a review whose question left the pool (withdrawn, held, disabled bank) is not served', () => {
    const pool = small.filter((x) => x.id !== 'q1');
    const { items } = pickDailyQuiz(input({ pool, due: [{ questionId: 'q1', dueDay: '2026-11-20' as QuizDay }] }), RULES);
    expect(items.map((i) => i.questionId)).not.toContain('q1');
    expect(items).toHaveLength(5);
  });

  test('a review shows a fresh option order: never the one shown last time', () => {
    const natural = optionOrder('p1', day, small[7]!);
    const { items } = pickDailyQuiz(input({ pool: small, due: [{ questionId: 'q7', dueDay: day, lastOrder: natural }] }), RULES);
    expect(items[0]).toMatchObject({ questionId: 'q7', review: true });
    expect(items[0]!.order).not.toEqual(natural);
    expect([...items[0]!.order].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('no repeats within a round', () => {
  test('every question once before any comes back; the round restarts with the least recently seen and is returned', () => {
    const seen = new Map<string, QuizDay>();
    let round: QuizDay | undefined;
    const served: string[] = [];
    for (let i = 0; i < 20; i++) {
      const d = addDays('2026-11-01' as QuizDay, i);
      const picked = pickDailyQuiz(input({ pool: small, lastSeen: seen, day: d, round }), RULES);
      round = picked.round;
      for (const it of picked.items) {
        served.push(it.questionId);
        seen.set(it.questionId, d);
      }
    }
    expect(new Set(served).size).toBe(100);
    expect(round).toBeUndefined();
    const restart = pickDailyQuiz(input({ pool: small, lastSeen: seen, day: '2026-11-21' as QuizDay, round }), RULES);
    expect(restart.round).toBe('2026-11-21');
    expect(restart.items.every((it) => served.slice(0, 5).includes(it.questionId))).toBe(true);
    // the next day draws from the new round: nothing served on the restart day
    for (const it of restart.items) seen.set(it.questionId, '2026-11-21' as QuizDay);
    const after = pickDailyQuiz(input({ pool: small, lastSeen: seen, day: '2026-11-22' as QuizDay, round: restart.round }), RULES);
    expect(after.items.some((it) => restart.items.some((r) => r.questionId === it.questionId))).toBe(false);
  });

  test('is deterministic per (person, day) and differs between people', () => {
    const a = pickDailyQuiz(input({ pool: small }), RULES);
    expect(pickDailyQuiz(input({ pool: small }), RULES)).toEqual(a);
    expect(pickDailyQuiz(input({ pool: small, personId: 'p2' }), RULES).items).not.toEqual(a.items);
  });
});

/** Runs `days` quizzes, answering wrong on `weak` laws; returns the laws served per quiz, all served laws and new-question laws. */
function simulate(
  pool: readonly LoadedQuestion[],
  days: readonly QuizDay[],
  opts: { weak?: string[]; track?: Track; rules?: PickRules; reviewsEveryDay?: boolean },
) {
  const seen = new Map<string, QuizDay>();
  const counts = new Map<string, LawCount>();
  let round: QuizDay | undefined;
  const wrong: string[] = [];
  const lawsPerQuiz: Array<Set<string>> = [];
  const newLaws: string[] = [];
  const servedLaws: string[] = [];
  const byId = new Map(pool.map((x) => [x.id, x]));
  for (const d of days) {
    const due = opts.reviewsEveryDay ? wrong.slice(-2).map((id) => ({ questionId: id, dueDay: d })) : [];
    const picked = pickDailyQuiz(input({ pool, day: d, lastSeen: seen, round, due, lawCounts: counts, track: opts.track ?? '全员' }), opts.rules ?? RULES);
    round = picked.round;
    lawsPerQuiz.push(new Set(picked.items.map((it) => byId.get(it.questionId)!.basis.law)));
    for (const it of picked.items) {
      const law = byId.get(it.questionId)!.basis.law;
      seen.set(it.questionId, d);
      servedLaws.push(law);
      if (!it.review) newLaws.push(law);
      const right = !opts.weak?.includes(law);
      const c = counts.get(law) ?? { answered: 0, correct: 0 };
      counts.set(law, { answered: c.answered + 1, correct: c.correct + (right ? 1 : 0) });
      if (!right) wrong.push(it.questionId);
    }
  }
  return { lawsPerQuiz, newLaws, servedLaws };
}

describe('精准普法: leaning towards weak laws and the track', () => {
  test('a person who gets two laws wrong is drawn more of them than one who does not', () => {
    const days = Array.from({ length: 12 }, (_, i) => addDays('2026-11-01' as QuizDay, i));
    const share = (laws: string[]) => laws.filter((l) => l === '法3' || l === '法7').length / laws.length;
    const weak = simulate(small, days, { weak: ['法3', '法7'], rules: { ...RULES, coverQuizzes: 0 } }).newLaws;
    const even = simulate(small, days, { rules: { ...RULES, coverQuizzes: 0 } }).newLaws;
    expect(share(weak)).toBeGreaterThan(1.5 * share(even));
  });

  test('questions written for the person’s track are drawn more often than their share of the pool (half of it)', () => {
    // every law has both kinds: t0–t9 of 法0…法9 are for 执法人员, t10–t19 for everyone, and so on
    const pool = Array.from({ length: 200 }, (_, i) => q(`t${i}`, `法${i % 10}`, Math.floor(i / 10) % 2 === 0 ? ['全员', '执法人员'] : ['全员']));
    const ownShare = (trackWeight: number, personId: string) => {
      const seen = new Map<string, QuizDay>();
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        const d = addDays('2026-11-01' as QuizDay, i);
        for (const it of pickDailyQuiz(input({ personId, pool, day: d, lastSeen: seen, track: '执法人员' }), { ...RULES, trackWeight }).items) {
          ids.push(it.questionId);
          seen.set(it.questionId, d);
        }
      }
      return ids.filter((id) => Math.floor(Number(id.slice(1)) / 10) % 2 === 0).length / ids.length;
    };
    // Averaged over 20 people: one person's 150 draws vary by ±0.02 with the seeds, the mean by a fifth of that.
    const mean = (trackWeight: number) => Array.from({ length: 20 }, (_, i) => ownShare(trackWeight, `p${i}`)).reduce((a, b) => a + b, 0) / 20;
    expect(mean(2)).toBeGreaterThan(0.55);
    expect(mean(1)).toBeLessThan(0.53);
  });
});

describe('covering every law over a month (the shipped bank)', async () => {
  const laws = await loadStatuteLibrary(join(ROOT, 'laws'));
  const bank = (await loadBank(join(ROOT, 'questions'), laws)).questions;
  const pool = bank.filter((x) => x.tracks.includes('全员') || x.tracks.includes('执法人员'));
  const allLaws = new Set(pool.map((x) => x.basis.law));
  // February 2026: 16 study days (the Spring Festival month, the fewest of the year).
  const february = studyDaysBetween(chineseWorkCalendar, '2026-02-01' as QuizDay, '2026-02-28' as QuizDay);

  test('a person weak on three laws, with two reviews every day, still meets all 29 laws in any 15 consecutive quizzes', () => {
    expect(allLaws.size).toBe(29);
    expect(february).toHaveLength(16);
    const run = simulate(pool, [...february, ...studyDaysBetween(chineseWorkCalendar, '2026-03-01' as QuizDay, '2026-03-31' as QuizDay)], {
      weak: ['行政处罚法', '行政强制法', '劳动合同法'],
      track: '执法人员',
      reviewsEveryDay: true,
    });
    for (let i = 0; i + 15 <= run.lawsPerQuiz.length; i++) {
      const covered = new Set(run.lawsPerQuiz.slice(i, i + 15).flatMap((s) => [...s]));
      expect(
        [...allLaws].filter((l) => !covered.has(l)),
        `quizzes ${i + 1}–${i + 15}`,
      ).toEqual([]);
    }
    // and the practice leans on the weak laws (their reviews and the weighted slot): far above their share of the pool
    const weak = ['行政处罚法', '行政强制法', '劳动合同法'];
    const weakShare = run.servedLaws.filter((l) => weak.includes(l)).length / run.servedLaws.length;
    const poolShare = pool.filter((x) => weak.includes(x.basis.law)).length / pool.length;
    expect(weakShare).toBeGreaterThan(poolShare * 2);
  });

  test('without the coverage slots the same month leaves laws out (the guarantee is the coverage rule’s doing)', () => {
    const run = simulate(pool, february, {
      weak: ['行政处罚法', '行政强制法', '劳动合同法'],
      track: '执法人员',
      reviewsEveryDay: true,
      rules: { ...RULES, coverQuizzes: 0 },
    });
    const covered = new Set(run.lawsPerQuiz.flatMap((s) => [...s]));
    expect(covered.size).toBeLessThan(allLaws.size);
  });
});
