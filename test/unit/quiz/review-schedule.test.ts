/** FSRS scheduling (quiz/review-schedule.ts over ts-fsrs): who enters the queue, how the gaps grow and shrink. */
import { describe, expect, test } from 'vitest';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { dueReviews, queueSummary } from '../../../src/quiz/review-queue.js';
import { createReviewScheduler, isDue } from '../../../src/quiz/review-schedule.js';

const s = createReviewScheduler({ retention: 0.9, timeZone: 'Asia/Shanghai' });
const at = (iso: string) => new Date(iso);

describe('the review schedule', () => {
  test('a wrong answer enters the queue, due the next study day; a right answer to a question not queued does not', () => {
    expect(s.after(undefined, true, at('2026-11-24T02:00:00Z'))).toBeUndefined();
    const card = s.after(undefined, false, at('2026-11-24T02:00:00Z'), [2, 0, 1, 3])!;
    expect(card).toMatchObject({ dueDay: '2026-11-25', scheduledDays: 1, reps: 1, lapses: 0, lastReview: '2026-11-24T02:00:00.000Z', lastOrder: [2, 0, 1, 3] });
    expect(isDue(card, '2026-11-24' as QuizDay)).toBe(false);
    expect(isDue(card, '2026-11-25' as QuizDay)).toBe(true);
  });

  test('each right answer on review stretches the gap; a wrong one brings it back close', () => {
    let card = s.after(undefined, false, at('2026-11-24T02:00:00Z'))!;
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      card = s.after(card, true, new Date(card.due))!;
      gaps.push(card.scheduledDays);
    }
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    expect(gaps[0]).toBeGreaterThan(1);
    expect(gaps[3]).toBeGreaterThan(20);
    const lapsed = s.after(card, false, new Date(card.due))!;
    expect(lapsed.lapses).toBe(1);
    expect(lapsed.scheduledDays).toBeLessThan(gaps[3]!);
  });

  test('due day is the study day in the bot’s time zone: answered at 23:30 Beijing time, due the next Beijing day', () => {
    const card = s.after(undefined, false, at('2026-11-24T15:30:00Z'))!; // 23:30 on the 24th in Beijing
    expect(card.dueDay).toBe('2026-11-25');
  });

  test('a higher requested retention schedules sooner', () => {
    const strict = createReviewScheduler({ retention: 0.95, timeZone: 'Asia/Shanghai' });
    let a = s.after(undefined, false, at('2026-11-24T02:00:00Z'))!;
    let b = strict.after(undefined, false, at('2026-11-24T02:00:00Z'))!;
    for (let i = 0; i < 3; i++) {
      a = s.after(a, true, new Date(a.due))!;
      b = strict.after(b, true, new Date(b.due))!;
    }
    expect(b.scheduledDays).toBeLessThan(a.scheduledDays);
  });
});

describe('the queue as the quiz reads it', () => {
  const card = (dueDay: string) => ({ ...s.after(undefined, false, at('2026-11-01T02:00:00Z'))!, dueDay: dueDay as QuizDay });
  const cards = new Map([
    ['b', card('2026-11-20')],
    ['a', card('2026-11-24')],
    ['c', card('2026-11-10')],
    ['d', card('2026-12-01')],
  ]);
  test('due reviews, most overdue first', () => {
    expect(dueReviews(cards, '2026-11-24' as QuizDay).map((r) => r.questionId)).toEqual(['c', 'b', 'a']);
  });
  test('a question withdrawn from the pool drops out of the queue’s counts', () => {
    const pool = ['a', 'b', 'd'].map((id) => ({ id })) as never[];
    expect(queueSummary(cards, pool, '2026-11-24' as QuizDay)).toEqual({ queued: 3, dueToday: 2, nextDue: '2026-12-01' });
  });
});
