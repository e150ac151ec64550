/**
 * Runs a job for a study day, exactly once per (job, day): the run is recorded, its deliveries are written
 * to the outbox, the run is marked finished, then the outbox is drained. A crash between those steps is
 * repaired by running again: deterministic outbox ids mean nothing is enqueued twice.
 */
import type { StudyCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Person } from '../store/model.js';
import type { Store } from '../store/store.js';
import type { Job, JobName } from './jobs.js';

export type RunOutcome =
  | { readonly status: 'ran'; readonly recipients: number; readonly deliveries: number }
  | { readonly status: 'already-ran' }
  | { readonly status: 'not-a-study-day' }
  /** A study day, but not one the job acts on (the monthly report outside the month's first study day). */
  | { readonly status: 'not-due' };

export interface RunOptions {
  /** Limit to these people (an admin's `推送`/`提醒` for their scope). */
  readonly scope?: readonly Person[];
  /** Run key suffix for scoped manual runs, so they are idempotent per (job, day, who asked). */
  readonly runKey?: string;
}

export function createJobRunner(deps: { store: Store; jobs: Record<JobName, Job>; outbox: Outbox; calendar: StudyCalendar; clock: Clock; logger: Logger }) {
  async function run(name: JobName, day: QuizDay, opts: RunOptions = {}): Promise<RunOutcome> {
    if (!deps.calendar.isStudyDay(day)) {
      deps.logger.info('job skipped: not a study day', { job: name, day });
      return { status: 'not-a-study-day' };
    }
    if (deps.jobs[name].appliesOn && !deps.jobs[name].appliesOn!(day)) return { status: 'not-due' };
    const key = opts.runKey ? `${name}@${opts.runKey}` : name;
    const existing = await deps.store.getJobRun(key, day);
    if (existing?.finishedAt) {
      void deps.outbox.drain();
      return { status: 'already-ran' };
    }
    await deps.store.saveJobRun({ job: key, day, startedAt: existing?.startedAt ?? deps.clock.now().toISOString() });
    const { items, recipients } = await deps.jobs[name].plan(day, opts.scope);
    const keyed = opts.runKey ? items.map((i) => ({ ...i, id: `${i.id}@${opts.runKey}` })) : items;
    await deps.store.enqueue(keyed);
    await deps.store.saveJobRun({
      job: key,
      day,
      startedAt: existing?.startedAt ?? deps.clock.now().toISOString(),
      finishedAt: deps.clock.now().toISOString(),
      recipients,
    });
    deps.logger.info('job ran', { job: key, day, recipients, deliveries: keyed.length });
    await deps.outbox.drain();
    return { status: 'ran', recipients, deliveries: keyed.length };
  }
  return { run };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
