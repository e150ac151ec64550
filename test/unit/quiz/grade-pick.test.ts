import { describe, expect, test } from 'vitest';
import type { LoadedQuestion } from '../../../src/bank/check-bank.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { grade, toBankLetters, toDisplayLetters } from '../../../src/quiz/grade.js';
import { type PickRules, optionOrder, pickDailyQuiz } from '../../../src/quiz/pick.js';
import type { QuizItem } from '../../../src/store/model.js';

const RULES: PickRules = { size: 5, reviewSlots: 2, coverQuizzes: 15, lean: 1, trackWeight: 2 };
/** The daily pick with no reviews due and no answers yet, over a running `lastSeen` (round kept by the caller). */
const pickDailyQuestions = (personId: string, d: QuizDay, pool: LoadedQuestion[], lastSeen: Map<string, QuizDay>, size: number): QuizItem[] =>
  pickDailyQuiz({ personId, track: '全员', day: d, pool, lastSeen, due: [], lawCounts: new Map() }, { ...RULES, size }).items;

const q = (id: string, type: LoadedQuestion['type'] = 'single', answer = 'B'): LoadedQuestion => ({
  id,
  type,
  stem: `题干 ${id}`,
  options: type === 'judge' ? undefined : ['甲', '乙', '丙', '丁'],
  answer,
  explanation: '解析内容',
  basis: { law: '行政处罚法', articles: ['第三十六条'], version: '2021-01-22' },
  tracks: ['全员'],
  topic: 't',
  difficulty: 1,
  bank: 'builtin',
  file: 'x.json',
});
const day = '2026-11-24' as QuizDay;

describe('grade', () => {
  test('maps the shuffled display back to bank letters', () => {
    const order = [2, 0, 3, 1]; // display A=丙 B=甲 C=丁 D=乙
    expect(toBankLetters('D', order)).toBe('B');
    expect(toDisplayLetters('B', order)).toBe('D');
    expect(grade(q('a'), order, { kind: 'letters', letters: 'D' })).toEqual({ correct: true, chosen: 'B' });
    expect(grade(q('a'), order, { kind: 'letters', letters: 'B' })).toEqual({ correct: false, chosen: 'A' });
  });
  test('multiple choice is all-or-nothing', () => {
    const m = q('m', 'multiple', 'AC');
    const id = [0, 1, 2, 3];
    expect(grade(m, id, { kind: 'letters', letters: 'AC' }).correct).toBe(true);
    expect(grade(m, id, { kind: 'letters', letters: 'A' }).correct).toBe(false);
    expect(grade(m, id, { kind: 'letters', letters: 'ACD' }).correct).toBe(false);
  });
  test('judge', () => {
    expect(grade(q('j', 'judge', '错'), [], { kind: 'judge', value: false })).toEqual({ correct: true, chosen: '错' });
    expect(grade(q('j', 'judge', '错'), [], { kind: 'judge', value: true }).correct).toBe(false);
  });
});

describe('pickDailyQuestions', () => {
  const pool = Array.from({ length: 40 }, (_, i) => q(`q${i}`));
  test('is deterministic for (person, day)', () => {
    expect(pickDailyQuestions('p1', day, pool, new Map(), 5)).toEqual(pickDailyQuestions('p1', day, pool, new Map(), 5));
  });
  test('differs between people and days', () => {
    const ids = (p: string, d: QuizDay) =>
      pickDailyQuestions(p, d, pool, new Map(), 5)
        .map((i) => i.questionId)
        .join();
    expect(ids('p1', day)).not.toBe(ids('p2', day));
    expect(ids('p1', day)).not.toBe(ids('p1', '2026-11-25' as QuizDay));
  });
  test('never repeats until the pool is used up, then serves the least recently seen', () => {
    const seen = new Map<string, QuizDay>();
    const served: string[] = [];
    for (let i = 0; i < 8; i++) {
      const d = `2026-11-${String(10 + i).padStart(2, '0')}` as QuizDay;
      for (const item of pickDailyQuestions('p1', d, pool, seen, 5)) {
        served.push(item.questionId);
        seen.set(item.questionId, d);
      }
    }
    expect(new Set(served).size).toBe(40);
    const next = pickDailyQuestions('p1', '2026-11-20' as QuizDay, pool, seen, 5).map((i) => i.questionId);
    expect(next.every((id) => served.slice(0, 5).includes(id))).toBe(true);
  });
  test('shuffles options per person and keeps every option once', () => {
    const orders = ['p1', 'p2', 'p3', 'p4', 'p5'].map((p) => optionOrder(p, day, q('x')).join());
    expect(new Set(orders).size).toBeGreaterThan(1);
    for (const o of orders) expect(o.split(',').map(Number).sort()).toEqual([0, 1, 2, 3]);
  });
});
