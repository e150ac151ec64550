/**
 * The end of a study day in the bot's time zone: the instant the next day begins there. Undelivered pushes
 * are retried until then and given up after (a push for Tuesday is no use on Wednesday).
 */
import { type QuizDay, addDays } from '../core/quiz-day.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the wall clock in `timeZone` is ahead of UTC at `at`. */
function offsetMs(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant `day` ends in `timeZone` (midnight at the start of the following day there). */
export function endOfDay(day: QuizDay, timeZone: string): Date {
  const midnightUtc = Date.parse(`${addDays(day, 1)}T00:00:00Z`);
  // Two passes settle a guess that lands on the other side of a daylight-saving change.
  let at = midnightUtc - offsetMs(midnightUtc, timeZone);
  at = midnightUtc - offsetMs(at, timeZone);
  return new Date(at);
}
