/**
 * The calendar knows it can be out of date (issue 11.13): chinese-days has no 2027 data, so 2027 falls back to
 * weekends plus the statutory holidays computed from the lunar calendar and the 清明 solar term; CALENDAR_FILE
 * is merged over both; calendarStatus warns from 1 November while next year is estimated.
 */
import chineseDays from 'chinese-days';
import { describe, expect, test } from 'vitest';
import { calendarStatus, chineseWorkCalendar, createChineseCalendar, libraryCovers, studyDaysBetween } from '../../../src/core/calendar.js';
import { parseCalendarFile } from '../../../src/core/calendar-file.js';
import type { QuizDay } from '../../../src/core/quiz-day.js';
import { statutoryHolidays } from '../../../src/core/statutory-holidays.js';
import { codeOf } from '../../helpers/error-code.js';

const d = (s: string) => s as QuizDay;

describe('which years chinese-days covers', () => {
  test('2025 and 2026 are in the bundled data; 2027 is not (chinese-days 1.5.7), yet its isWorkday calls 2027-01-01 a workday', () => {
    expect(libraryCovers(2025)).toBe(true);
    expect(libraryCovers(2026)).toBe(true);
    expect(libraryCovers(2027)).toBe(false);
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true); // the defect the fallback closes
  });
});

describe('the statutory estimate (全国年节及纪念日放假办法, 2024 revision)', () => {
  test('2027: 元旦, 春节 除夕 2027-02-05 to 正月初三 2027-02-08, 清明, 劳动节, 端午, 中秋, 国庆', () => {
    expect([...statutoryHolidays(2027).keys()].sort()).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    // Cross-checked with the library's own lunar and solar-term functions.
    expect(chineseDays.getLunarDate('2027-02-05')).toMatchObject({ lunarMon: 12, lunarDay: 29 }); // 除夕: 腊月 has 29 days in 2026's lunar year
    expect(chineseDays.getLunarDate('2027-02-06')).toMatchObject({ lunarYear: 2027, lunarMon: 1, lunarDay: 1 });
    expect(chineseDays.getLunarDate('2027-02-08')).toMatchObject({ lunarMon: 1, lunarDay: 3 }); // 正月初三, the last statutory day
    expect(chineseDays.getLunarDate('2027-02-09')).toMatchObject({ lunarMon: 1, lunarDay: 4 }); // 初四: a working Tuesday unless 调休 says otherwise
    expect(chineseDays.getLunarDate('2027-06-09')).toMatchObject({ lunarMon: 5, lunarDay: 5, isLeap: false });
    expect(chineseDays.getLunarDate('2027-09-15')).toMatchObject({ lunarMon: 8, lunarDay: 15, isLeap: false });
    expect(chineseDays.getSolarTerms('2027-04-05')[0]).toMatchObject({ term: 'pure_brightness' });
    expect(statutoryHolidays(2027).get(d('2027-02-05'))).toBe('春节');
  });

  test.each([2025, 2026])('every estimated day of %i is a holiday in the official arrangement the library carries', (year) => {
    for (const day of statutoryHolidays(year).keys()) expect(chineseDays.getDayDetail(day), day).toMatchObject({ work: false });
  });

  test('a leap fifth month (2028) does not move 端午 to the leap month', () => {
    expect(chineseDays.getYearLeapMonth(2028).leapMonth).toBe(5);
    expect(statutoryHolidays(2028).get(d('2028-05-28'))).toBe('端午节');
    expect(statutoryHolidays(2028).has(d('2028-06-27'))).toBe(false);
  });

  test('2027 on the working calendar: holidays and weekends off, other weekdays on, no 调休 guessed', () => {
    const cal = chineseWorkCalendar;
    for (const day of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-05-01', '2027-06-09', '2027-09-15', '2027-10-01']) {
      expect(cal.isStudyDay(d(day)), day).toBe(false);
    }
    for (const day of ['2027-01-04', '2027-02-04', '2027-02-09', '2027-04-06', '2027-06-10', '2027-09-16', '2027-10-04']) {
      expect(cal.isStudyDay(d(day)), day).toBe(true);
    }
    expect(cal.isStudyDay(d('2027-01-02'))).toBe(false); // a Saturday stays off: 调休 cannot be guessed
    expect(studyDaysBetween(cal, d('2027-02-01'), d('2027-02-14'))).toEqual([
      '2027-02-01',
      '2027-02-02',
      '2027-02-03',
      '2027-02-04',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
    ]);
    // Years with data are unchanged: 2026-10-10 is a 调休 Saturday, 2026-10-05 a holiday Monday.
    expect(cal.isStudyDay(d('2026-10-10'))).toBe(true);
    expect(cal.isStudyDay(d('2026-10-05'))).toBe(false);
    expect(cal.sourceOf!(2026)).toBe('library');
    expect(cal.sourceOf!(2027)).toBe('statutory');
  });
});

describe('CALENDAR_FILE', () => {
  const file2027 = JSON.stringify({
    note: '2027 arrangement (example)',
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-11', '2027-03-15'],
    workdays: ['2027-02-20', '2026-10-05'],
  });

  test('is merged over the library and the estimate: its holidays are off, its workdays on; it covers the years it lists holidays in', () => {
    const cal = createChineseCalendar({ override: parseCalendarFile(file2027, 'cal.json') });
    expect(cal.isStudyDay(d('2027-02-11'))).toBe(false); // a Thursday the file gives off
    expect(cal.isStudyDay(d('2027-03-15'))).toBe(false); // a local day off
    expect(cal.isStudyDay(d('2027-02-20'))).toBe(true); // a 调休 Saturday
    expect(cal.isStudyDay(d('2026-10-05'))).toBe(true); // the file wins over the library too
    expect(cal.isStudyDay(d('2027-06-09'))).toBe(false); // not in the file: the statutory estimate still applies
    expect(cal.sourceOf!(2027)).toBe('file');
    expect(cal.sourceOf!(2026)).toBe('library');
    expect(cal.file).toBe('cal.json');
  });

  test.each([
    ['not JSON', '{"holidays": [', undefined],
    ['a date that does not exist', '{"holidays": ["2027-02-30"]}', 'holidays[0] "2027-02-30": is not a real calendar date'],
    ['another format', '{"workdays": ["2027/02/20"]}', 'workdays[0] "2027/02/20": must be written YYYY-MM-DD'],
    ['a date out of range', '{"holidays": ["2101-01-01"]}', 'holidays[0] "2101-01-01": must lie in 2000-01-01..2100-12-31'],
    ['a number instead of a date', '{"holidays": [20270101]}', 'holidays[0] "20270101"'],
    ['an unknown key', '{"holiday": ["2027-01-01"]}', 'holiday'],
    ['not an object', '["2027-01-01"]', '(the file)'],
    ['a day that is both', '{"holidays": ["2027-01-01"], "workdays": ["2027-01-01"]}', '2027-01-01 both as a holiday and as a workday'],
  ])('refuses %s with calendar.invalid and says where', (_what, text, where) => {
    let message = '';
    const code = codeOf(() => {
      try {
        parseCalendarFile(text, '/etc/pufa/cal.json');
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    });
    expect(code).toBe('calendar.invalid');
    expect(message).toContain('/etc/pufa/cal.json');
    if (where) expect(message).toContain(where);
  });

  test('a byte-order mark and empty lists are fine', () => {
    const o = parseCalendarFile('\uFEFF{"holidays": []}', 'x');
    expect(o.holidays.size + o.workdays.size + o.years.size).toBe(0);
  });
});

describe('calendarStatus', () => {
  const cal = chineseWorkCalendar;
  test('no warning before 1 November while next year is unknown', () => {
    expect(calendarStatus(cal, d('2026-10-31'))).toEqual({
      thisYear: { year: 2026, source: 'library' },
      nextYear: { year: 2027, source: 'statutory' },
      file: undefined,
      warning: undefined,
    });
  });
  test('from 1 November it warns that next year is estimated', () => {
    expect(calendarStatus(cal, d('2026-11-01'))?.warning).toMatch(/no official arrangement for 2027.*CALENDAR_FILE/);
  });
  test('in an estimated year it warns all year', () => {
    expect(calendarStatus(cal, d('2027-03-01'))?.warning).toMatch(/for 2027 /);
    expect(calendarStatus(cal, d('2027-12-01'))?.warning).toMatch(/for 2027 and 2028/);
  });
  test('a CALENDAR_FILE listing next year silences it', () => {
    const withFile = createChineseCalendar({ override: parseCalendarFile('{"holidays": ["2027-01-01"]}', 'cal.json') });
    expect(calendarStatus(withFile, d('2026-11-02'))).toMatchObject({ nextYear: { year: 2027, source: 'file' }, file: 'cal.json', warning: undefined });
  });
  test('calendars without data (every day a study day) report nothing', () => {
    expect(calendarStatus({ isStudyDay: () => true }, d('2026-11-02'))).toBeUndefined();
  });
});
