/**
 * node-cron adapter: one task per enabled job, always with the bot's time zone. On start it catches up a
 * run missed while the server was down (same day, within the catch-up window); the runner's per-day
 * idempotency makes that happen once.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { StudyCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { MaintenanceTask } from '../core/ports/scheduled-task.js';
import { type QuizDay, quizDayOf } from '../core/quiz-day.js';
import type { JobName } from './jobs.js';
import type { JobRunner } from './job-runner.js';

export type { MaintenanceTask } from '../core/ports/scheduled-task.js';

export interface ScheduleConfig {
  /** Cron expression per job; undefined = switched off. */
  readonly crons: Readonly<Partial<Record<JobName, string>>>;
  readonly catchUpMinutes: number;
  readonly timeZone: string;
}

/** Minutes since `expr` last fired today at or before `now`, or undefined if it has not fired yet today. */
export function minutesSinceLastFire(task: ScheduledTask, now: Date, timeZone: string): number | undefined {
  const day = quizDayOf(now, timeZone);
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  for (let m = 0; m < 24 * 60; m++) {
    const at = new Date(minute.getTime() - m * 60_000);
    if (quizDayOf(at, timeZone) !== day) return undefined;
    if (task.match(at)) return m;
  }
  return undefined;
}

export function createScheduler(deps: {
  runner: JobRunner;
  config: ScheduleConfig;
  clock: Clock;
  logger: Logger;
  calendar: StudyCalendar;
  /** Days a job acts on besides being a study day (the monthly report: the month's first study day). */
  appliesOn?: Partial<Record<JobName, (day: QuizDay) => boolean>>;
  /** Tasks beside the jobs (the nightly contact sync). */
  maintenance?: readonly MaintenanceTask[];
  /** Jobs switched off in the admins' console (read at each firing: a switch takes effect without a restart). */
  switchedOff?: () => Promise<readonly string[]>;
}) {
  const isOff = async (name: JobName) => (await deps.switchedOff?.())?.includes(name) ?? false;
  const tasks = new Map<JobName, ScheduledTask>();
  const extra = new Map<string, ScheduledTask>();
  /** Job and task runs under way, so stop() lets them finish before the store closes. */
  const running = new Set<Promise<void>>();
  const tracked = (p: Promise<void>): Promise<void> => {
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  };
  for (const m of deps.maintenance ?? []) {
    const run = () =>
      tracked(
        (async () => {
          try {
            await m.run();
          } catch (err) {
            deps.logger.error('task failed', { task: m.name, err });
          }
        })(),
      );
    extra.set(m.name, cron.createTask(m.cron, run, { timezone: deps.config.timeZone, name: m.name, noOverlap: true }));
  }
  const fire = (name: JobName) =>
    tracked(
      (async () => {
        const day = quizDayOf(deps.clock.now(), deps.config.timeZone);
        try {
          if (await isOff(name)) {
            deps.logger.info('job switched off in the console: not run', { job: name, day });
            return;
          }
          await deps.runner.run(name, day);
        } catch (err) {
          deps.logger.error('job failed', { job: name, day, err });
        }
      })(),
    );
  for (const [name, expr] of Object.entries(deps.config.crons) as Array<[JobName, string | undefined]>) {
    if (expr)
      tasks.set(
        name,
        cron.createTask(expr, () => fire(name), { timezone: deps.config.timeZone, name, noOverlap: true }),
      );
  }

  /** Runs every job whose time today has passed within the catch-up window (once per job and day). */
  async function catchUp(): Promise<JobName[]> {
    const now = deps.clock.now();
    const caught: JobName[] = [];
    for (const [name, task] of tasks) {
      const since = minutesSinceLastFire(task, now, deps.config.timeZone);
      if (since === undefined || since === 0 || since > deps.config.catchUpMinutes || (await isOff(name))) continue;
      const outcome = await deps.runner.run(name, quizDayOf(now, deps.config.timeZone), { once: true });
      if (outcome.status === 'ran') {
        deps.logger.info('caught up a missed job run', { job: name, minutesLate: since });
        caught.push(name);
      }
    }
    return caught;
  }

  return {
    catchUp,
    /** Fires a job's node-cron task now (as at its scheduled minute): the same path as a timed run. */
    async fireNow(name: JobName | string): Promise<void> {
      const task = tasks.get(name as JobName) ?? extra.get(name);
      if (!task) throw new Error(`job ${name} is switched off`);
      await task.execute();
    },
    async start() {
      for (const t of [...tasks.values(), ...extra.values()]) await t.start();
      await catchUp();
    },
    /** Stops firing; resolves when the runs under way have finished. */
    async stop() {
      for (const t of [...tasks.values(), ...extra.values()]) await t.destroy();
      await Promise.all([...running]);
    },
    /**
     * The next `count` runs of a job after the injected clock's now, on days it acts (study days, and the job's
     * own rule), looked up minute by minute for up to `days` days. Empty when the job has no time configured.
     */
    upcoming(name: JobName, count = 3, days = 31): string[] {
      const task = tasks.get(name);
      const expr = deps.config.crons[name];
      if (!task || !expr) return [];
      // Only the minutes the expression names are tried (node-cron's match is slow: ~50 µs a call), at every
      // quarter-hour shift, since a time zone's offset is a multiple of 15 minutes; match() then decides exactly.
      const minutes = cron.parse(expr).minute;
      const shifts = [...new Set(minutes.flatMap((m) => [0, 15, 30, 45].map((d) => (m + d) % 60)))].sort((a, b) => a - b);
      const now = deps.clock.now().getTime();
      const firstHour = Math.floor(now / 3_600_000) * 3_600_000;
      const out: string[] = [];
      for (let h = firstHour; h < firstHour + days * 86_400_000 && out.length < count; h += 3_600_000) {
        for (const m of shifts) {
          const at = new Date(h + m * 60_000);
          if (at.getTime() <= now || out.length >= count || !task.match(at)) continue;
          const day = quizDayOf(at, deps.config.timeZone);
          if (deps.calendar.isStudyDay(day) && (deps.appliesOn?.[name]?.(day) ?? true)) out.push(at.toISOString());
        }
      }
      return out;
    },
    /** Next run per job on a day it acts (null when switched off or none within the next 60 firings). */
    nextRuns(): Record<string, string | null> {
      const out: Record<string, string | null> = {};
      for (const name of Object.keys(deps.config.crons) as JobName[]) {
        const due = (d: Date) => {
          const day = quizDayOf(d, deps.config.timeZone);
          return deps.calendar.isStudyDay(day) && (deps.appliesOn?.[name]?.(day) ?? true);
        };
        const next = tasks.get(name)?.getNextRuns(60).find(due);
        out[name] = next ? next.toISOString() : null;
      }
      for (const [name, task] of extra) out[name] = task.getNextRuns(1)[0]?.toISOString() ?? null;
      return out;
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
