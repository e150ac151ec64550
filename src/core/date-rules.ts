/**
 * The rules every date that enters the bot obeys, whoever sends it (a member's `排行榜 …` in chat, the admin
 * API's `from`/`to`, the command line's `--period` and `--date`): a real calendar date from 2000-01-01 to
 * 2100-12-31, and a range of at most 366 days whose start is not after its end. One place, so the three
 * entries can never disagree, and no report loop ever runs over more days than a year. Pure; the messages are
 * Chinese because they reach members, operators and dashboards alike.
 */
import type { QuizDay } from './quiz-day.js';

/** The first and last day anyone may ask about. */
export const FIRST_DAY = '2000-01-01' as QuizDay;
export const LAST_DAY = '2100-12-31' as QuizDay;
/** The longest range, in days counted inclusively (a leap year). */
export const MAX_RANGE_DAYS = 366;

/** The rule a date or range broke (stable codes for APIs and tests). */
export type DateRule = 'date.format' | 'date.not_a_date' | 'date.out_of_range' | 'range.reversed' | 'range.too_long';

export interface DateProblem {
  readonly rule: DateRule;
  /** What is wrong and how to write it instead (Chinese). */
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: DateProblem };

/** The rules in one sentence, for usage texts. */
export const DATE_RULES_TEXT = `日期写作 YYYY-MM-DD（如 2026-11-01），须是真实存在的日期，范围 ${FIRST_DAY} 至 ${LAST_DAY}；时间段最长 ${MAX_RANGE_DAYS} 天，开始日期不能晚于结束日期。`;

const fail = (rule: DateRule, message: string): Checked<never> => ({ ok: false, problem: { rule, message } });

/** Days in a month of a year (Gregorian). */
function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Checks one date. Month and day may have one digit (`2026-2-3` reads as 2026-02-03); the year has four.
 * Returns the date as YYYY-MM-DD.
 */
export function checkDay(text: string): Checked<QuizDay> {
  const t = text.trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (!m) return fail('date.format', `“${t.slice(0, 40)}”不是日期，请写作 YYYY-MM-DD（如 2026-11-01）。`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return fail(
      'date.not_a_date',
      `${t} 不是真实存在的日期（${month >= 1 && month <= 12 ? `${year} 年 ${month} 月只有 ${daysInMonth(year, month)} 天` : '月份须为 1–12'}）。`,
    );
  }
  const iso = `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as QuizDay;
  if (iso < FIRST_DAY || iso > LAST_DAY) return fail('date.out_of_range', `日期 ${iso} 超出范围：只能查询 ${FIRST_DAY} 至 ${LAST_DAY} 之间的日期。`);
  return { ok: true, value: iso };
}

/** Inclusive number of days from `from` to `to` (both valid dates). */
export function rangeLength(from: QuizDay, to: QuizDay): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Checks a range: both dates valid, start not after end, at most MAX_RANGE_DAYS days. */
export function checkRange(fromText: string, toText: string): Checked<{ readonly from: QuizDay; readonly to: QuizDay }> {
  const from = checkDay(fromText);
  if (!from.ok) return from;
  const to = checkDay(toText);
  if (!to.ok) return to;
  if (from.value > to.value) return fail('range.reversed', `开始日期 ${from.value} 晚于结束日期 ${to.value}，请把较早的日期写在前面。`);
  const days = rangeLength(from.value, to.value);
  if (days > MAX_RANGE_DAYS) return fail('range.too_long', `${from.value} 至 ${to.value} 共 ${days} 天，一次最多查询 ${MAX_RANGE_DAYS} 天，请缩短时间段。`);
  return { ok: true, value: { from: from.value, to: to.value } };
}
