import { describe, expect, test } from 'vitest';
import { chineseWorkCalendar } from '../../../src/core/calendar.js';
import { type QuizDay, addDays, dayFromNumber, dayNumber, quizDayOf } from '../../../src/core/quiz-day.js';
import { everyDayCalendar } from '../../../src/core/calendar.js';
import { DEFAULT_POINTS, dayPoints, streakAt, streakBonus } from '../../../src/quiz/points.js';

describe('quizDayOf', () => {
  test('uses the bot time zone, not UTC', () => {
    expect(quizDayOf(new Date('2026-11-25T23:59:00Z'), 'Asia/Shanghai')).toBe('2026-11-26'); // 07:59 Beijing
    expect(quizDayOf(new Date('2026-11-25T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-11-25'); // 23:59:59 Beijing
    expect(quizDayOf(new Date('2026-11-25T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(quizDayOf(new Date('2026-11-25T23:59:00Z'), 'UTC')).toBe('2026-11-25');
  });
  test('day arithmetic', () => {
    expect(addDays('2026-12-31' as QuizDay, 1)).toBe('2027-01-01');
    expect(dayFromNumber(dayNumber('2026-02-28' as QuizDay) + 1)).toBe('2026-03-01');
  });
});

describe('study calendar (chinese-days)', () => {
  test.each([
    ['2026-11-24', true], // Tuesday
    ['2026-11-29', false], // Sunday
    ['2026-10-01', false], // National Day
    ['2026-10-10', true], // 调休 working Saturday
  ])('%s study day: %s', (day, expected) => {
    expect(chineseWorkCalendar.isStudyDay(day as QuizDay)).toBe(expected);
  });
});

describe('points and streaks', () => {
  test('daily cap and streak bonus', () => {
    expect(dayPoints({ answered: 5, correct: 5, answerPoints: 14, bonus: 2, completed: true }, DEFAULT_POINTS)).toBe(12);
    expect(streakBonus(2, DEFAULT_POINTS)).toBe(0);
    expect(streakBonus(3, DEFAULT_POINTS)).toBe(1);
    expect(streakBonus(30, DEFAULT_POINTS)).toBe(2);
  });
  test('a weekend does not break a streak; a missed study day does', async () => {
    const done = new Set(['2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24']); // Thu Fri | Mon Tue
    const isDone = (d: QuizDay) => done.has(d);
    expect(await streakAt('2026-11-24' as QuizDay, isDone, chineseWorkCalendar)).toBe(4);
    expect(await streakAt('2026-11-25' as QuizDay, isDone, chineseWorkCalendar)).toBe(4); // today not done yet: still alive
    expect(await streakAt('2026-11-26' as QuizDay, isDone, chineseWorkCalendar)).toBe(0); // Wednesday missed
    expect(await streakAt('2026-11-24' as QuizDay, isDone, everyDayCalendar)).toBe(2);
  });
});
