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

/** Days since 2000-01-01 (compact, sortable; fits a Uint16 until 2179). */
export function dayNumber(day: QuizDay): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - EPOCH) / DAY_MS);
}

export function dayFromNumber(n: number): QuizDay {
  return new Date(EPOCH + n * DAY_MS).toISOString().slice(0, 10) as QuizDay;
}

export function addDays(day: QuizDay, delta: number): QuizDay {
  return dayFromNumber(dayNumber(day) + delta);
}

/** Inclusive list of days from..to. */
export function daysBetween(from: QuizDay, to: QuizDay): QuizDay[] {
  const out: QuizDay[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) out.push(dayFromNumber(n));
  return out;
}

/** 'YYYY-MM' of a day. */
export function monthOf(day: QuizDay): string {
  return day.slice(0, 7);
}
