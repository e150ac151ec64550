/**
 * Progress of long work (roster and bank imports, reports, seed-demo, contact sync). The work reports steps
 * and counts; the command line draws them (a bar on a terminal, plain lines otherwise, or events over the
 * control socket when the command runs inside the server). Nothing here knows how it is shown.
 */
export interface Progress {
  /** Starts a step of `total` units (rows, people, days, departments), named in Chinese: '核对人员'. */
  step(label: string, total: number): void;
  /** `done` of the current step's units are finished. */
  update(done: number): void;
  /** The work is over: a bar is cleared away. */
  end(): void;
}

/** Progress nobody watches. */
export const NO_PROGRESS: Progress = { step() {}, update() {}, end() {} };
