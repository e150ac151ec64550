/** The shared date rules (issue 11 item 1): every date entering chat, the admin API and the CLI obeys them. */
import { describe, expect, test } from 'vitest';
import { everyDayCalendar, studyDaysBetween } from '../../../src/core/calendar.js';
import { MAX_RANGE_DAYS, checkDay, checkRange } from '../../../src/core/date-rules.js';
import { type QuizDay, addDays, dayFromNumber, dayNumber, daysBetween } from '../../../src/core/quiz-day.js';
import { parsePeriod } from '../../../src/stats/period.js';

const TODAY = '2026-11-24' as QuizDay;
const ruleOf = (r: { ok: boolean; problem?: { rule: string } }) => (r.ok ? 'ok' : r.problem?.rule);

describe('checkDay', () => {
  test.each([
    ['2026-11-24', 'ok'],
    ['2026-2-3', 'ok'],
    ['2000-01-01', 'ok'],
    ['2100-12-31', 'ok'],
    ['2028-02-29', 'ok'],
    ['2026-02-30', 'date.not_a_date'],
    ['2027-02-29', 'date.not_a_date'],
    ['2026-13-01', 'date.not_a_date'],
    ['2026-00-10', 'date.not_a_date'],
    ['1999-12-31', 'date.out_of_range'],
    ['2101-01-01', 'date.out_of_range'],
    ['9999-12-31', 'date.out_of_range'],
    ['0001-01-01', 'date.out_of_range'],
    ['20261124', 'date.format'],
    ['+010000-01-01', 'date.format'],
    ['', 'date.format'],
  ])('%s → %s', (text, rule) => {
    expect(ruleOf(checkDay(text))).toBe(rule);
  });

  test('normalises one-digit months and days', () => {
    expect(checkDay('2026-2-3')).toEqual({ ok: true, value: '2026-02-03' });
  });
});

describe('checkRange', () => {
  test.each([
    ['9999-12-31', '9999-12-31', 'date.out_of_range'],
    ['0001-01-01', '9999-12-30', 'date.out_of_range'],
    ['2026-02-30', '2026-03-01', 'date.not_a_date'],
    ['2026-11-20', '2026-11-01', 'range.reversed'],
    ['2026-01-01', '2027-01-02', 'range.too_long'],
    ['2028-01-01', '2028-12-31', 'ok'],
    ['2026-11-24', '2026-11-24', 'ok'],
  ])('%s ~ %s → %s', (from, to, rule) => {
    expect(ruleOf(checkRange(from, to))).toBe(rule);
  });

  test('a leap year is exactly the longest range', () => {
    const r = checkRange('2028-01-01', '2028-12-31');
    expect(r.ok && daysBetween(r.value.from, r.value.to).length).toBe(MAX_RANGE_DAYS);
  });
});

describe('parsePeriod (chat, API and CLI periods)', () => {
  test.each([
    ['9999-12-31~9999-12-31', 'date.out_of_range'],
    ['0001-01-01~9999-12-30', 'date.out_of_range'],
    ['2026-02-30~2026-03-05', 'date.not_a_date'],
    ['2026-11-20~2026-11-01', 'range.reversed'],
    ['2025-01-01至2026-11-01', 'range.too_long'],
    ['2026/11/01', 'date.format'],
    ['2026-02-30', 'date.not_a_date'],
  ])('%s is refused for %s with a Chinese reason', (text, rule) => {
    const p = parsePeriod(text, TODAY);
    expect(p.ok).toBe(false);
    expect(!p.ok && p.problem?.rule).toBe(rule);
    expect(!p.ok && p.problem?.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test.each([
    ['2026-11-01~2026-11-24', '2026-11-01', '2026-11-24'],
    ['2026-11-01 至 2026-11-24', '2026-11-01', '2026-11-24'],
    ['2026-11-01--2026-11-24', '2026-11-01', '2026-11-24'],
    ['2026-11-01-2026-11-24', '2026-11-01', '2026-11-24'],
    ['２０２６-１１-０１～２０２６-１１-２４', '2026-11-01', '2026-11-24'],
    ['2026-11-3', '2026-11-03', '2026-11-03'],
    ['本月', '2026-11-01', '2026-11-24'],
  ])('%s → %s..%s', (text, from, to) => {
    const p = parsePeriod(text, TODAY);
    expect(p.ok && [p.period.from, p.period.to]).toEqual([from, to]);
  });

  test('unknown words are no date problem (the caller shows the usage)', () => {
    expect(parsePeriod('去年夏天', TODAY)).toEqual({ ok: false });
  });
});

describe('day arithmetic cannot loop forever', () => {
  test('past year 9999 is an error, not "+010000-…" (which sorts before "9999")', () => {
    expect(() => addDays('9999-12-31' as QuizDay, 1)).toThrow(RangeError);
    expect(() => dayFromNumber(dayNumber('9999-12-31' as QuizDay) + 1)).toThrow(RangeError);
    expect(() => addDays('0000-01-01' as QuizDay, -1)).toThrow(RangeError);
  });

  test('the study days of a range at the end of the calendar end', () => {
    expect(studyDaysBetween(everyDayCalendar, '9999-12-31' as QuizDay, '9999-12-31' as QuizDay)).toEqual(['9999-12-31']);
  });

  test('a range longer than the whole allowed calendar is refused before any loop', () => {
    expect(() => studyDaysBetween(everyDayCalendar, '0001-01-01' as QuizDay, '9999-12-30' as QuizDay)).toThrow(RangeError);
    expect(() => daysBetween('0001-01-01' as QuizDay, '9999-12-30' as QuizDay)).toThrow(RangeError);
  });
});
