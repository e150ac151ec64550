/**
 * A background task repeated every `everyMs` until stopped (the exam's deadline sweep); `stop()` wakes it at
 * once and waits for the round in progress. `sleep` is injected (tests advance a fake clock instead).
 */
export function startLoop(task: () => Promise<unknown>, opts: { everyMs: number; sleep?: (ms: number) => Promise<void>; onError: (err: unknown) => void }) {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.()));
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await task();
      } catch (err) {
        opts.onError(err);
      }
      if (stopped) break;
      await Promise.race([sleep(opts.everyMs), new Promise<void>((r) => (wake = r))]);
    }
  })();
  return {
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
