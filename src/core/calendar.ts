/**
 * Study days follow the Chinese working calendar: weekends and statutory holidays off, 调休 working
 * Saturdays on (chinese-days package). Injected as an interface so tests can use any calendar.
 */
import chineseDays from 'chinese-days';
import { type QuizDay, addDays, dayFromNumber, daySpan } from './quiz-day.js';

export interface StudyCalendar {
  isStudyDay(day: QuizDay): boolean;
}

export const chineseWorkCalendar: StudyCalendar = {
  isStudyDay: (day) => chineseDays.isWorkday(day),
};

/** Every day a study day (for tests and for bureaus that study every day). */
export const everyDayCalendar: StudyCalendar = { isStudyDay: () => true };

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
