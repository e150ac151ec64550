/**
 * How the command line shows Progress: a cli-progress bar when stderr is a terminal, plain lines otherwise
 * (a quarter at a time, so a log stays short), and, for a command run inside the server, events sent back
 * over the control socket and drawn by the waiting command line.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '../core/progress.js';

/** A bar on a terminal (`stream` is a TTY). */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    step(label, total) {
      stop();
      bar = new cliProgress.SingleBar(
        { stream, format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: false, barsize: 30 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0);
    },
    update(done) {
      bar?.update(done);
    },
    end: stop,
  };
}

/** Plain lines: the step with its size, then at each quarter, then 完成. */
export function lineProgress(write: (line: string) => void): Progress {
  let label = '';
  let total = 0;
  let quarter = 0;
  return {
    step(l, t) {
      [label, total, quarter] = [l, t, 0];
      write(`${label}：开始（共 ${t}）`);
    },
    update(done) {
      if (total <= 0) return;
      const q = Math.min(4, Math.floor((done / total) * 4));
      if (q <= quarter) return;
      quarter = q;
      write(q === 4 ? `${label}：完成（${total}/${total}）` : `${label}：${done}/${total}`);
    },
    end() {},
  };
}

/** A progress event over the control socket. */
export type ProgressEvent =
  | { readonly op: 'step'; readonly label: string; readonly total: number }
  | { readonly op: 'update'; readonly done: number }
  | { readonly op: 'end' };

/** Sends progress as events; updates only when the whole percentage changes (a socket write per row is too many). */
export function remoteProgress(send: (e: ProgressEvent) => void): Progress {
  let total = 0;
  let shown = -1;
  return {
    step(label, t) {
      [total, shown] = [t, -1];
      send({ op: 'step', label, total: t });
    },
    update(done) {
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (pct === shown) return;
      shown = pct;
      send({ op: 'update', done });
    },
    end() {
      send({ op: 'end' });
    },
  };
}

/** Draws an event received from the server on a local Progress. */
export function replay(e: ProgressEvent, on: Progress): void {
  if (e.op === 'step') on.step(e.label, e.total);
  else if (e.op === 'update') on.update(e.done);
  else on.end();
}
