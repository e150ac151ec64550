/** The jobs reducer of the history state: each scheduled job's run per study day (recent days). */
import type { JobRun } from '../core/model.js';
import type { QuizDay } from '../core/quiz-day.js';

export type JobEvent = { readonly t: 'job'; readonly run: JobRun };

export class JobState {
  private readonly runs = new Map<string, JobRun>();

  apply(e: JobEvent): void {
    this.runs.set(`${e.run.job}|${e.run.day}`, e.run);
  }

  get(job: string, day: QuizDay): JobRun | undefined {
    return this.runs.get(`${job}|${day}`);
  }

  /** Forgets runs of days before `cutoff`. */
  prune(cutoff: QuizDay): void {
    for (const [key, run] of this.runs) if (run.day < cutoff) this.runs.delete(key);
  }

  snapshot(): JobRun[] {
    return [...this.runs.values()];
  }

  static restore(runs: readonly JobRun[] | undefined): JobState {
    const s = new JobState();
    for (const run of runs ?? []) s.apply({ t: 'job', run });
    return s;
  }
}
