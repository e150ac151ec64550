/** The scheduler's stop() (on shutdown) lets a run under way finish before the store is closed behind it. */
import { expect, test } from 'vitest';
import { chineseWorkCalendar } from '../../../src/core/calendar.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { JobRunner } from '../../../src/schedule/job-runner.js';
import { createScheduler } from '../../../src/schedule/scheduler.js';

test('stop() resolves only after the task running at that moment has finished', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const events: string[] = [];
  const scheduler = createScheduler({
    runner: {} as JobRunner, // no jobs configured: only the maintenance task runs
    config: { crons: {}, catchUpMinutes: 0, timeZone: 'Asia/Shanghai' },
    clock: fixedClock('2026-11-24T08:00:00Z'),
    logger: createMemoryLogger(),
    calendar: chineseWorkCalendar,
    maintenance: [
      {
        name: 'sync',
        cron: '0 2 * * *',
        run: async () => {
          events.push('task started');
          await gate;
          events.push('task finished');
        },
      },
    ],
  });
  await scheduler.start();
  const fired = scheduler.fireNow('sync');
  const stopped = scheduler.stop().then(() => events.push('stopped'));
  // Let every pending callback run: stop() must still be waiting for the task.
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((r) => setImmediate(r));
  expect(events).toEqual(['task started']);
  release();
  await stopped;
  await fired;
  expect(events).toEqual(['task started', 'task finished', 'stopped']);
});
