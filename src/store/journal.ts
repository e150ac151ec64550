/**
 * An append-only journal of history events: numbered JSON-lines segments in `<dataDir>/journal/`.
 *
 * Appending is one synchronous write of one line, so the cost does not depend on history, the order of
 * events is the order of writes, and an event is in the OS page cache (safe from a killed process) before
 * it is acknowledged. A torn last line (a crash mid-write) is cut off when the journal is opened.
 * Old segments stay on disk: they are the full record of every answer (for recomputation and audit).
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';

const SEGMENT = /^(\d{6})\.jsonl$/;

export class Journal {
  private fd: number;
  private segmentNo: number;

  private constructor(
    private readonly dir: string,
    segmentNo: number,
  ) {
    this.segmentNo = segmentNo;
    this.fd = openSync(this.path(segmentNo), 'a');
  }

  /** Opens the journal, repairing a torn tail; appends go to the newest segment (or `minSegment`). */
  static open(dir: string, minSegment: number): Journal {
    mkdirSync(dir, { recursive: true });
    const segments = Journal.segments(dir);
    const last = segments.at(-1);
    if (last !== undefined) Journal.repairTail(join(dir, Journal.name(last)));
    return new Journal(dir, Math.max(minSegment, last ?? 0));
  }

  static segments(dir: string): number[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .flatMap((f) => {
        const m = SEGMENT.exec(f);
        return m ? [Number(m[1])] : [];
      })
      .sort((a, b) => a - b);
  }

  static name(n: number): string {
    return `${String(n).padStart(6, '0')}.jsonl`;
  }

  /** Yields every event of the segments numbered `from` and later, in order. */
  static *read<T>(dir: string, from: number): Generator<T> {
    for (const n of Journal.segments(dir).filter((s) => s >= from)) {
      const file = join(dir, Journal.name(n));
      const text = readFileSync(file, 'utf8');
      let start = 0;
      let lineNo = 0;
      while (start < text.length) {
        const end = text.indexOf('\n', start);
        if (end < 0) break;
        lineNo++;
        const line = text.slice(start, end);
        start = end + 1;
        if (line.length === 0) continue;
        try {
          yield JSON.parse(line) as T;
        } catch (err) {
          throw new AppError('store.corrupt', `journal ${file} line ${lineNo} is not valid JSON`, { file, line: lineNo }, { cause: err });
        }
      }
    }
  }

  /** Cuts an incomplete last line (no trailing newline) left by a crash mid-write. */
  private static repairTail(file: string): void {
    const buf = readFileSync(file);
    if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return;
    const keep = buf.lastIndexOf(0x0a) + 1;
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, keep);
    } finally {
      closeSync(fd);
    }
  }

  get segment(): number {
    return this.segmentNo;
  }

  append(event: unknown): void {
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  /** Starts a new segment; returns its number. */
  rotate(): number {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.segmentNo += 1;
    this.fd = openSync(this.path(this.segmentNo), 'a');
    return this.segmentNo;
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private path(n: number): string {
    return join(this.dir, Journal.name(n));
  }
}
