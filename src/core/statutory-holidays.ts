/**
 * The statutory public holidays of a year, computed: what the calendar falls back on for a year whose
 * official arrangement (国务院办公厅 notice) nobody has supplied. Pure.
 *
 * 《全国年节及纪念日放假办法》 as revised in 2024 (国务院令第795号, in force 2025-01-01), Article 2: 元旦 1 January;
 * 春节 除夕 to 正月初三 (4 days); 清明节 the day of the 清明 solar term; 劳动节 1–2 May; 端午节 五月初五;
 * 中秋节 八月十五; 国庆节 1–3 October (13 days). Lunar dates and the solar term come from chinese-days.
 * The 调休 (swapped working weekends) of each year are decided by the State Council and cannot be computed.
 */
import chineseDays from 'chinese-days';
import { type QuizDay, addDays, asQuizDay } from './quiz-day.js';

const ymd = (year: number, month: number, day: number): QuizDay => asQuizDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);

/** The Gregorian date of a lunar month/day in `year`'s lunar year (the ordinary month, never the leap one). */
function lunar(year: number, month: number, day: number): QuizDay {
  return asQuizDay(chineseDays.getSolarDateFromLunar(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).date);
}

/** The statutory holidays of `year`: date → festival name (dates of two festivals that coincide carry both). */
export function statutoryHolidays(year: number): ReadonlyMap<QuizDay, string> {
  const out = new Map<QuizDay, string>();
  const add = (day: QuizDay, name: string) => out.set(day, out.has(day) ? `${out.get(day)}、${name}` : name);
  add(ymd(year, 1, 1), '元旦');
  // 除夕 is the last day of the twelfth lunar month (the 29th or the 30th): the day before 正月初一.
  const newYear = lunar(year, 1, 1);
  for (let i = -1; i <= 2; i++) add(addDays(newYear, i), '春节');
  add(asQuizDay(chineseDays.getSolarTermDate(year, 4, 'pure_brightness')), '清明节');
  add(ymd(year, 5, 1), '劳动节');
  add(ymd(year, 5, 2), '劳动节');
  add(lunar(year, 5, 5), '端午节');
  add(lunar(year, 8, 15), '中秋节');
  for (let d = 1; d <= 3; d++) add(ymd(year, 10, d), '国庆节');
  return out;
}
