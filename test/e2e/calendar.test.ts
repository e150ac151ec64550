/**
 * The calendar at start-up and in use (issue 11.13), with an injected clock: no push on 2027 statutory
 * holidays although chinese-days has no 2027 data; CALENDAR_FILE read, merged and refused when bad; the
 * out-of-date warning in the log and in /healthz from 1 November.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isAppError } from '../../src/core/errors.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function calendarFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'pufa-cal-')), 'calendar.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function health(deps: Awaited<ReturnType<typeof makeTestDeps>>['deps']) {
  const srv = await startServer(deps);
  closers.push(srv.close);
  return (await (await fetch(`${srv.url}/healthz`)).json()) as {
    status: string;
    warnings: string[];
    calendar: { thisYear: { year: number; source: string }; nextYear: { year: number; source: string }; file?: string; warning?: string } | null;
  };
}

describe('the holiday calendar of a year chinese-days does not cover', () => {
  test.each([
    ['2027-01-01', '元旦'],
    ['2027-02-05', '除夕'],
    ['2027-02-08', '正月初三'],
    ['2027-04-05', '清明'],
    ['2027-05-01', '劳动节'],
    ['2027-06-09', '端午'],
    ['2027-09-15', '中秋'],
    ['2027-10-01', '国庆'],
  ])('on %s (%s) the daily push does not run', async (day) => {
    const { deps } = await makeTestDeps({ now: `${day}T01:00:00Z`, calendar: 'from-config', sleep: async () => {} });
    expect(deps.stats.today()).toBe(day);
    expect(await deps.runner.run('daily-push', deps.stats.today())).toEqual({ status: 'not-a-study-day' });
    expect(await deps.store.getJobRun('daily-push', day as QuizDay)).toBeUndefined();
  });

  test('on an ordinary 2027 weekday it does', async () => {
    const { deps } = await makeTestDeps({ now: '2027-02-09T01:00:00Z', calendar: 'from-config', sleep: async () => {} });
    expect(await deps.runner.run('daily-push', deps.stats.today())).toMatchObject({ status: 'ran' });
  });
});

describe('CALENDAR_FILE at start-up', () => {
  test('is read and merged: a 调休 Saturday of the file gets the push, a weekday it gives off does not', async () => {
    const file = calendarFile({ holidays: ['2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-20'] });
    const { deps, logger } = await makeTestDeps({ now: '2026-11-24T01:00:00Z', env: { CALENDAR_FILE: file }, calendar: 'from-config', sleep: async () => {} });
    expect(await deps.runner.run('daily-push', '2027-02-10' as QuizDay)).toEqual({ status: 'not-a-study-day' });
    expect(await deps.runner.run('daily-push', '2027-02-20' as QuizDay)).toMatchObject({ status: 'ran' });
    expect(logger.lines.filter((l) => l.msg === 'holiday calendar out of date')).toEqual([]);
    const h = await health(deps);
    expect(h.warnings).toEqual([]);
    expect(h.calendar).toMatchObject({ thisYear: { year: 2026, source: 'library' }, nextYear: { year: 2027, source: 'file' }, file: 'calendar.json' });
    expect(JSON.stringify(h)).not.toContain(file); // /healthz is public: the name only, not the path
  });

  test('a bad file stops the start with calendar.invalid naming the entry', async () => {
    const file = calendarFile({ holidays: ['2027-13-01'] });
    const err = await makeTestDeps({ env: { CALENDAR_FILE: file }, calendar: 'from-config' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'calendar.invalid')).toBe(true);
    expect((err as Error).message).toContain('holidays[0] "2027-13-01"');
  });

  test('a missing file stops the start too', async () => {
    const err = await makeTestDeps({ env: { CALENDAR_FILE: '/nonexistent/calendar.json' }, calendar: 'from-config' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'calendar.invalid')).toBe(true);
    expect((err as Error).message).toContain('ENOENT');
  });
});

describe('the out-of-date warning', () => {
  test('from 1 November with next year unknown: a structured warning at start and in /healthz', async () => {
    const { deps, logger } = await makeTestDeps({ now: '2026-11-01T01:00:00Z', calendar: 'from-config' });
    const warned = logger.lines.filter((l) => l.msg === 'holiday calendar out of date');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ level: 'warn', nextYear: { year: 2027, source: 'statutory' }, calendarFile: null });
    const h = await health(deps);
    expect(h.status).toBe('ok');
    expect(h.warnings).toHaveLength(1);
    expect(h.warnings[0]).toContain('2027');
    expect(h.calendar).toMatchObject({ nextYear: { year: 2027, source: 'statutory' }, warning: h.warnings[0] });
  });

  test('not in October; /healthz turns it on once the clock reaches 1 November without a restart', async () => {
    const { deps, logger, clock } = await makeTestDeps({ now: '2026-10-31T01:00:00Z', calendar: 'from-config' });
    expect(logger.lines.filter((l) => l.msg === 'holiday calendar out of date')).toEqual([]);
    expect((await health(deps)).warnings).toEqual([]);
    clock.set('2026-11-01T01:00:00Z');
    expect((await health(deps)).warnings[0]).toContain('2027');
  });
});
