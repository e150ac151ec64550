/**
 * Wall-clock time in a time zone (Intl only, pure): the parts of an instant there, and the instant a wall-clock
 * time there stands for. Shared by the study day's end (delivery/day-end.ts) and exam windows (exam/date-time.ts).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Year, month (1–12), day, hour (0–23), minute and second of `at` on the wall clock of `timeZone`. */
export function wallClockParts(at: number, timeZone: string): Record<string, number> {
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
  return Object.fromEntries(
    f
      .formatToParts(new Date(at))
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
}

/** Milliseconds the wall clock in `timeZone` is ahead of UTC at `at`. */
export function offsetMs(at: number, timeZone: string): number {
  const p = wallClockParts(at, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(at / 1000) * 1000;
}

/** The instant whose wall clock in `timeZone` reads `wall` (a wall-clock time written as UTC milliseconds). */
export function instantOfWallClock(wall: number, timeZone: string): Date {
  // Two passes settle a guess that lands on the other side of a daylight-saving change.
  let at = wall - offsetMs(wall, timeZone);
  at = wall - offsetMs(at, timeZone);
  return new Date(at);
}
