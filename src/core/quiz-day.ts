/**
 * The quiz day: a calendar date in the bot's time zone (Asia/Shanghai by default), never UTC.
 * At 07:59 Beijing time `toISOString()` still says yesterday; Intl does not.
 */
export type QuizDay = string & { readonly __brand: 'QuizDay' };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date of `at` in `timeZone`, as 'YYYY-MM-DD'. */
export function quizDayOf(at: Date, timeZone: string): QuizDay {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at) as QuizDay;
}

export function isQuizDay(s: string): s is QuizDay {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

export function asQuizDay(s: string): QuizDay {
  if (!isQuizDay(s)) throw new RangeError(`not a date: ${s}`);
  return s;
}

const EPOCH = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;

/** Days since 2000-01-01 (compact, sortable; fits a Uint16 until 2179). NaN for a string that is not a date. */
export function dayNumber(day: QuizDay): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - EPOCH) / DAY_MS);
}

/** The day numbers of 0000-01-01 and 9999-12-31: beyond them ISO dates change shape ('+010000-01-01'). */
const LOWEST = dayNumber('0000-01-01' as QuizDay);
const HIGHEST = dayNumber('9999-12-31' as QuizDay);

/**
 * The date of a day number. Throws RangeError outside 0000-01-01..9999-12-31: past year 9999 an ISO string
 * reads '+010000-…', which sorts before '9999-…', so a loop comparing strings would never end.
 */
export function dayFromNumber(n: number): QuizDay {
  if (!Number.isInteger(n) || n < LOWEST || n > HIGHEST) throw new RangeError(`day number ${n} is outside 0000-01-01..9999-12-31`);
  return new Date(EPOCH + n * DAY_MS).toISOString().slice(0, 10) as QuizDay;
}

export function addDays(day: QuizDay, delta: number): QuizDay {
  return dayFromNumber(dayNumber(day) + delta);
}

/**
 * The most days any loop over a range may walk: every day from 2000-01-01 to 2100-12-31, the whole calendar
 * anyone may ask about (core/date-rules.ts). Entries validate ranges to a year; this is the backstop.
 */
export const MAX_LOOP_DAYS = 36_890;

/** Inclusive day numbers of from..to; throws RangeError for a span longer than MAX_LOOP_DAYS. */
export function daySpan(from: QuizDay, to: QuizDay): { readonly first: number; readonly last: number } {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (Number.isNaN(first) || Number.isNaN(last)) throw new RangeError(`not a date range: ${from}..${to}`);
  if (last - first + 1 > MAX_LOOP_DAYS) throw new RangeError(`range ${from}..${to} is longer than ${MAX_LOOP_DAYS} days`);
  return { first, last };
}

/** Inclusive list of days from..to (a loop over day numbers, never over strings). */
export function daysBetween(from: QuizDay, to: QuizDay): QuizDay[] {
  const out: QuizDay[] = [];
  const { first, last } = daySpan(from, to);
  for (let n = first; n <= last; n++) out.push(dayFromNumber(n));
  return out;
}

/** 'YYYY-MM' of a day. */
export function monthOf(day: QuizDay): string {
  return day.slice(0, 7);
}
