/** The job runs port: a scheduled job's run per study day, so the catch-up after a restart does not run it twice. */
import type { JobRun } from '../model.js';
import type { QuizDay } from '../quiz-day.js';

export interface JobStore {
  getJobRun(job: string, day: QuizDay): Promise<JobRun | undefined>;
  /** Replaces the run of (job, day). */
  saveJobRun(run: JobRun): Promise<void>;
}
