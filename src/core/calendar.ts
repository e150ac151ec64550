/**
 * Study days follow the Chinese working calendar: weekends and statutory holidays off, 调休 working
 * Saturdays on. Injected as an interface so tests can use any calendar.
 *
 * The chinese-days package carries each year's official arrangement once the State Council has published it
 * (usually in November for the next year). For a day the calendar answers, in this order:
 * 1. the operator's `CALENDAR_FILE` (calendar-file.ts), if it lists the day;
 * 2. chinese-days, if it has data for the day's year;
 * 3. otherwise an estimate: weekends plus the statutory holidays (statutory-holidays.ts), without 调休.
 * `calendarStatus` says when the calendar is estimating, so the operator is warned from 1 November.
 */
import { basename } from 'node:path';
import chineseDays from 'chinese-days';
import type { CalendarOverride } from './calendar-file.js';
import { type QuizDay, addDays, dayFromNumber, daySpan } from './quiz-day.js';
import { statutoryHolidays } from './statutory-holidays.js';

/** Where the calendar's knowledge of a year comes from: the operator's file, the library, or the estimate. */
export type CalendarSource = 'file' | 'library' | 'statutory';

export interface StudyCalendar {
  isStudyDay(day: QuizDay): boolean;
  /** Where this calendar's answers for `year` come from; absent on calendars that need no data (tests). */
  sourceOf?(year: number): CalendarSource;
  /** The CALENDAR_FILE in use, if any. */
  readonly file?: string;
}

/**
 * Whether chinese-days has the official arrangement of `year`: its holiday table lists at least one day of
 * the year (every published arrangement has 元旦). Its `isWorkday` answers every date, data or not, so this
 * is the only way to tell.
 */
export function libraryCovers(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

function isWeekend(day: QuizDay): boolean {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

export interface ChineseCalendarOptions {
  readonly override?: CalendarOverride;
  /** Which years the library covers (default: libraryCovers); tests inject it. */
  readonly covers?: (year: number) => boolean;
}

/** The Chinese working calendar: CALENDAR_FILE over chinese-days over the statutory estimate. */
export function createChineseCalendar(opts: ChineseCalendarOptions = {}): StudyCalendar {
  const covers = opts.covers ?? libraryCovers;
  const covered = new Map<number, boolean>();
  const estimates = new Map<number, ReadonlyMap<QuizDay, string>>();
  const libraryHas = (year: number) => {
    let c = covered.get(year);
    if (c === undefined) {
      c = covers(year);
      covered.set(year, c);
    }
    return c;
  };
  const statutory = (year: number) => {
    let s = estimates.get(year);
    if (!s) {
      s = statutoryHolidays(year);
      estimates.set(year, s);
    }
    return s;
  };
  const o = opts.override;
  return {
    file: o?.source,
    isStudyDay(day) {
      if (o?.workdays.has(day)) return true;
      if (o?.holidays.has(day)) return false;
      const year = Number(day.slice(0, 4));
      if (libraryHas(year)) return chineseDays.isWorkday(day);
      return !isWeekend(day) && !statutory(year).has(day);
    },
    sourceOf: (year) => (o?.years.has(year) ? 'file' : libraryHas(year) ? 'library' : 'statutory'),
  };
}

/** The working calendar with the bundled data only (no CALENDAR_FILE). */
export const chineseWorkCalendar: StudyCalendar = createChineseCalendar();

/** Every day a study day (for tests and for bureaus that study every day). */
export const everyDayCalendar: StudyCalendar = { isStudyDay: () => true };

/** What the calendar knows about this year and the next, and the operator warning when it is estimating. */
export interface CalendarStatus {
  readonly thisYear: { readonly year: number; readonly source: CalendarSource };
  readonly nextYear: { readonly year: number; readonly source: CalendarSource };
  /** The CALENDAR_FILE's name (no directory: /healthz is public). */
  readonly file?: string;
  /** Set while this year is estimated, and from 1 November while next year is. */
  readonly warning?: string;
}

/** The calendar's coverage as of `today`; undefined for calendars without data (sourceOf absent). */
export function calendarStatus(cal: StudyCalendar, today: QuizDay): CalendarStatus | undefined {
  if (!cal.sourceOf) return undefined;
  const year = Number(today.slice(0, 4));
  const thisYear = { year, source: cal.sourceOf(year) };
  const nextYear = { year: year + 1, source: cal.sourceOf(year + 1) };
  const file = cal.file ? basename(cal.file) : undefined;
  const unknown = [thisYear, ...(today.slice(5) >= '11-01' ? [nextYear] : [])].filter((y) => y.source === 'statutory').map((y) => y.year);
  const warning =
    unknown.length === 0
      ? undefined
      : `the holiday calendar has no official arrangement for ${unknown.join(' and ')} (chinese-days ${file ? `and CALENDAR_FILE ${file} do` : 'does'} not list it): study days there are estimated as weekdays minus the statutory holidays, without 调休 working weekends. Put the State Council's arrangement into a CALENDAR_FILE, or update chinese-days (npm update chinese-days) once it has the year.`;
  return { thisYear, nextYear, file, warning };
}

/** The study days in from..to, inclusive (a loop over day numbers; see daySpan for its bound). */
export function studyDaysBetween(cal: StudyCalendar, from: QuizDay, to: QuizDay): QuizDay[] {
  const out: QuizDay[] = [];
  const { first, last } = daySpan(from, to);
  for (let n = first; n <= last; n++) {
    const d = dayFromNumber(n);
    if (cal.isStudyDay(d)) out.push(d);
  }
  return out;
}

/** The latest study day on or before `day` (looking back at most 60 days). */
export function previousStudyDay(cal: StudyCalendar, day: QuizDay): QuizDay | undefined {
  for (let i = 1; i <= 60; i++) {
    const d = addDays(day, -i);
    if (cal.isStudyDay(d)) return d;
  }
  return undefined;
}
