/**
 * An append-only journal of history events: numbered JSON-lines segments in `<dataDir>/journal/`.
 *
 * Appending is one synchronous write of one line, so the cost does not depend on history, the order of
 * events is the order of writes, and an event is in the OS page cache (safe from a killed process) before
 * it is acknowledged. A torn last line (a crash mid-write) is cut off when the store opens, with a warning.
 * Old segments stay on disk: they are the full record of every answer (for recomputation and audit).
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync, fsyncSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';

const SEGMENT = /^(\d{6})\.jsonl$/;

/** An unfinished last line found in a segment: where, how many bytes, and how it began. */
export interface TornTail {
  readonly segment: number;
  readonly file: string;
  readonly bytesCut: number;
  readonly partialStart: string;
}

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

  /** Opens the journal for appending (after `repairTail`); appends go to the newest segment (or `minSegment`). */
  static open(dir: string, minSegment: number): Journal {
    mkdirSync(dir, { recursive: true });
    const last = Journal.segments(dir).at(-1);
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
    for (const { event } of Journal.entries<T>(dir, from)) yield event;
  }

  /**
   * Yields every event of the segments numbered `from` and later with its segment number, in order. A line
   * that does not parse throws store.corrupt (file and line); an unfinished last line of a segment (only a
   * crash mid-write leaves one, and `repairTail` cuts it from the newest segment) is skipped and reported.
   */
  static *entries<T>(dir: string, from: number, onPartial?: (torn: TornTail) => void): Generator<{ segment: number; event: T }> {
    for (const n of Journal.segments(dir).filter((s) => s >= from)) {
      const file = join(dir, Journal.name(n));
      const text = readFileSync(file, 'utf8');
      let start = 0;
      let lineNo = 0;
      while (start < text.length) {
        const end = text.indexOf('\n', start);
        if (end < 0) {
          onPartial?.({ segment: n, file, bytesCut: Buffer.byteLength(text.slice(start)), partialStart: text.slice(start, start + 80) });
          break;
        }
        lineNo++;
        const line = text.slice(start, end);
        start = end + 1;
        if (line.length === 0) continue;
        try {
          yield { segment: n, event: JSON.parse(line) as T };
        } catch (err) {
          throw new AppError(
            'store.corrupt',
            `journal ${file} line ${lineNo} is not valid JSON; restore the file from a backup`,
            { file, line: lineNo },
            { cause: err },
          );
        }
      }
    }
  }

  /**
   * Cuts an incomplete last line (no trailing newline) that a crash mid-write left in segment `n`, and says
   * what was cut. Such a line was never acknowledged: the write had not finished.
   */
  static repairTail(dir: string, n: number): TornTail | undefined {
    const file = join(dir, Journal.name(n));
    const buf = readFileSync(file);
    if (buf.length === 0 || buf[buf.length - 1] === 0x0a) return undefined;
    const keep = buf.lastIndexOf(0x0a) + 1;
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, keep);
    } finally {
      closeSync(fd);
    }
    return { segment: n, file, bytesCut: buf.length - keep, partialStart: buf.subarray(keep, keep + 80).toString('utf8') };
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
