/**
 * The scheduler's next runs for the console (issue 16): from the injected clock (not the real time), in the
 * bot's time zone (a half-hour offset included), only on study days (weekends and the holiday calendar skipped)
 * and on the days the job acts (the monthly report: the month's first study day), never for a switched-off job.
 */
import { describe, expect, test } from 'vitest';
import { createChineseCalendar } from '../../../src/core/calendar.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { JobRunner } from '../../../src/schedule/job-runner.js';
import { createScheduler } from '../../../src/schedule/scheduler.js';

const runner = { run: async () => ({ status: 'not-a-study-day' }) } as unknown as JobRunner;

function scheduler(timeZone: string, now: string) {
  return createScheduler({
    runner,
    config: { crons: { 'daily-push': '0 9 * * *', 'monthly-report': '0 10 * * *' }, catchUpMinutes: 0, timeZone },
    clock: fixedClock(now),
    logger: createMemoryLogger(),
    calendar: createChineseCalendar(),
    appliesOn: { 'monthly-report': (day) => day === '2026-12-01' },
  });
}

describe('upcoming runs', () => {
  test('from the injected clock, on study days only (Friday → Monday), in Asia/Shanghai', () => {
    // Friday 2026-11-27 10:00 CST: today's 09:00 is past; the weekend is skipped.
    const s = scheduler('Asia/Shanghai', '2026-11-27T02:00:00Z');
    expect(s.upcoming('daily-push', 2)).toEqual(['2026-11-30T01:00:00.000Z', '2026-12-01T01:00:00.000Z']);
    expect(s.upcoming('monthly-report', 3)).toEqual(['2026-12-01T02:00:00.000Z']);
    expect(s.upcoming('remind')).toEqual([]);
  });

  test('a half-hour time zone offset (Asia/Kolkata, +05:30)', () => {
    const s = scheduler('Asia/Kolkata', '2026-11-30T00:00:00Z');
    expect(s.upcoming('daily-push', 1)).toEqual(['2026-11-30T03:30:00.000Z']);
  });
});
