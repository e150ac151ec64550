/**
 * The end of a study day in the bot's time zone: the instant the next day begins there. Undelivered pushes
 * are retried until then and given up after (a push for Tuesday is no use on Wednesday).
 */
import { type QuizDay, addDays } from '../core/quiz-day.js';
import { instantOfWallClock } from '../core/zone-time.js';

/** The instant `day` ends in `timeZone` (midnight at the start of the following day there). */
export function endOfDay(day: QuizDay, timeZone: string): Date {
  return instantOfWallClock(Date.parse(`${addDays(day, 1)}T00:00:00Z`), timeZone);
}
