/**
 * Runs a job for a study day, whoever triggers it (cron, the command line, an admin's `推送`/`提醒`):
 * - each person gets each job's message at most once a day: people already sent it that day (by any
 *   trigger) are skipped, and people whose earlier delivery is still pending or was given up are sent
 *   it again (given-up items are revived), so a re-run sends exactly the undelivered ones;
 * - the deliveries are written to the outbox before anything is sent (a crash is repaired by running
 *   again), then a bounded attempt is made and the outcome is counted from the outbox, never the plan.
 * Runs of one (job, day) take turns, so two admins asking at once cannot both send to the same person.
 */
import type { StudyCalendar } from '../core/calendar.js';
import type { Clock } from '../core/clock.js';
import { createKeyedQueue } from '../core/keyed-queue.js';
import type { Logger } from '../core/log.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Outbox } from '../delivery/outbox.js';
import type { RunOutcome } from '../delivery/run-outcome.js';
import { countStates, groupCounts, personState, recipientStates } from '../delivery/outbox-status.js';
import type { OutboxRecord, Person } from '../store/model.js';
import type { Store } from '../store/store.js';
import type { Job, JobName } from './jobs.js';

export type { RunOutcome, Skipped } from '../delivery/run-outcome.js';

export interface RunOptions {
  /** Limit to these people (an admin's `推送`/`提醒` for their scope); group robots are not posted to. */
  readonly scope?: readonly Person[];
  /**
   * Make the bounded attempt of the retry budget before returning (the command line). Otherwise one
   * round: the running server retries the rest in the background.
   */
  readonly wait?: boolean;
  /** Do nothing when the job already ran for that day (the catch-up after a restart); a run cut off by a crash is finished. */
  readonly once?: boolean;
}

export function createJobRunner(deps: { store: Store; jobs: Record<JobName, Job>; outbox: Outbox; calendar: StudyCalendar; clock: Clock; logger: Logger }) {
  const { store, outbox } = deps;
  const turns = createKeyedQueue();

  /** Plans and enqueues the run's deliveries; returns who it sends to and who it skipped. */
  async function enqueue(name: JobName, day: QuizDay, reason: string, opts: RunOptions) {
    const audience = await deps.jobs[name].audience(day, opts.scope);
    const records = await store.outboxRecords(reason);
    const before = recipientStates(records);
    const fresh: Person[] = [];
    const again: Person[] = [];
    const skipped = { alreadySent: 0, finished: audience.finished, invalid: 0, noAddress: 0 };
    for (const p of audience.people) {
      const state = personState(p, before);
      if (!outbox.addressOf(p) && state === undefined) skipped.noAddress++;
      else if (state === undefined) fresh.push(p);
      else if (state === 'delivered') skipped.alreadySent++;
      else if (state === 'invalid') skipped.invalid++;
      else again.push(p);
    }
    const items = outbox.plan(reason, fresh, (p) => audience.message(p), day);
    if (!opts.scope && audience.group) items.push(...outbox.planGroups(reason, (c) => audience.group!(c), day));
    await store.enqueue(items);
    await store.reviveOutbox(revivable(records, again, !opts.scope));
    return { targets: [...fresh, ...again], fresh: fresh.length, skipped };
  }

  /** Given-up items to send again: those of the people asked for, and (whole runs) the group posts. */
  function revivable(records: readonly OutboxRecord[], people: readonly Person[], groups: boolean): string[] {
    const asked = new Set(people.flatMap((p) => Object.entries(p.identities).map(([c, u]) => `${c}:${u}`)));
    return records
      .filter((r) => r.state === 'failed')
      .filter((r) => (r.to?.kind === 'group' ? groups : r.to?.kind === 'users' && r.to.userIds.some((u) => asked.has(`${r.channel}:${u}`))))
      .map((r) => r.id);
  }

  async function run(name: JobName, day: QuizDay, opts: RunOptions = {}): Promise<RunOutcome> {
    if (!deps.calendar.isStudyDay(day)) {
      deps.logger.info('job skipped: not a study day', { job: name, day });
      return { status: 'not-a-study-day' };
    }
    if (deps.jobs[name].appliesOn && !deps.jobs[name].appliesOn!(day)) return { status: 'not-due' };
    const reason = `${name}:${day}`;
    const planned = await turns(reason, async () => {
      const existing = await store.getJobRun(name, day);
      if (opts.once && existing?.finishedAt) return undefined;
      const startedAt = existing?.startedAt ?? deps.clock.now().toISOString();
      if (!opts.scope && !existing) await store.saveJobRun({ job: name, day, startedAt });
      const result = await enqueue(name, day, reason, opts);
      if (!opts.scope && !existing?.finishedAt) {
        await store.saveJobRun({ job: name, day, startedAt, finishedAt: deps.clock.now().toISOString(), recipients: result.fresh });
      }
      return result;
    });
    if (!planned) return { status: 'already-ran' };

    await outbox.drain({ reason, rounds: opts.wait ? undefined : 1 });
    const records = await store.outboxRecords(reason);
    const after = recipientStates(records);
    const outcome: RunOutcome = {
      status: 'ran',
      sent: planned.targets.length,
      skipped: planned.skipped,
      run: countStates(planned.targets.map((p) => personState(p, after))),
      day: countStates(after.values()),
      groups: groupCounts(records),
    };
    const fields = { job: name, day, scoped: opts.scope !== undefined, sent: outcome.sent, ...outcome.run, skipped: planned.skipped, groups: outcome.groups };
    if (outcome.run.pending + outcome.run.failed > 0) deps.logger.warn('job ran; some deliveries are not through yet', fields);
    else deps.logger.info('job ran', fields);
    return outcome;
  }

  return { run };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
