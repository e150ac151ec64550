/**
 * An append-only journal of history events: numbered JSON-lines segments in `<dataDir>/journal/`.
 *
 * Appending is one synchronous write of one line, so the cost does not depend on history, the order of
 * events is the order of writes, and an event is in the OS page cache (safe from a killed process) before
 * it is acknowledged. A torn last line (a crash mid-write) is cut off when the store opens, with a warning.
 * Old segments stay on disk: they are the full record of every answer (for recomputation and audit).
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { AppError } from '../core/errors.js';
import { JournalDecoder, JournalEncoder } from './journal-codec.js';

const SEGMENT = /^(\d{6})\.jsonl(\.gz)?$/;
const gzipAsync = promisify(gzip);

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
  private readonly encoder: JournalEncoder;
  /** Bulk mode: lines gathered here and written in large writes (see `setBuffered`). */
  private buffer: string[] | undefined;
  private buffered = 0;

  private constructor(
    private readonly dir: string,
    segmentNo: number,
  ) {
    this.segmentNo = segmentNo;
    this.fd = openSync(this.path(segmentNo), 'a');
    // Appending to a segment an earlier run wrote: the compact lines' state starts afresh (journal-codec.ts).
    this.encoder = new JournalEncoder(fstatSync(this.fd).size > 0);
  }

  /** Opens the journal for appending (after `repairTail`); appends go to the newest segment (or `minSegment`). */
  static open(dir: string, minSegment: number): Journal {
    mkdirSync(dir, { recursive: true });
    const last = Journal.segments(dir).at(-1);
    return new Journal(dir, Math.max(minSegment, last ?? 0));
  }

  static segments(dir: string): number[] {
    if (!existsSync(dir)) return [];
    const found = new Set<number>();
    for (const f of readdirSync(dir)) {
      const m = SEGMENT.exec(f);
      if (m) found.add(Number(m[1]));
    }
    return [...found].sort((a, b) => a - b);
  }

  /** The name of segment `n` as written (sealed segments are compressed: `name(n) + '.gz'`). */
  static name(n: number): string {
    return `${String(n).padStart(6, '0')}.jsonl`;
  }

  /** The file holding segment `n`: the plain one while it exists, else the compressed one. */
  static file(dir: string, n: number): string {
    const plain = join(dir, Journal.name(n));
    return existsSync(plain) ? plain : `${plain}.gz`;
  }

  /** The bytes of segment `n` as stored (compressed when sealed). */
  static size(dir: string, n: number): number {
    return statSync(Journal.file(dir, n)).size;
  }

  /**
   * Compresses every segment before `current` that is still plain (sealed segments are never appended to).
   * Crash-safe: the compressed copy is written aside, synced and renamed before the plain file is removed;
   * a plain and a compressed copy both present (a crash between the two) keep the plain one.
   */
  static async compressSealed(dir: string, current: number): Promise<void> {
    for (const f of readdirSync(dir)) if (f.endsWith('.gz.tmp')) rmSync(join(dir, f), { force: true });
    for (const n of Journal.segments(dir)) {
      if (n >= current) break;
      const plain = join(dir, Journal.name(n));
      if (!existsSync(plain)) continue;
      const gz = `${plain}.gz`;
      const packed = await gzipAsync(readFileSync(plain), { level: 9 });
      const tmp = `${gz}.tmp`;
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, packed);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, gz);
      rmSync(plain);
    }
  }

  /** The text of segment `n`, decompressing a sealed one. */
  private static text(dir: string, n: number): string {
    const plain = join(dir, Journal.name(n));
    if (existsSync(plain)) return readFileSync(plain, 'utf8');
    return gunzipSync(readFileSync(`${plain}.gz`)).toString('utf8');
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
      const file = Journal.file(dir, n);
      let text: string;
      try {
        text = Journal.text(dir, n);
      } catch (err) {
        throw new AppError('store.corrupt', `journal ${file} cannot be read (${String(err)}); restore the file from a backup`, { file }, { cause: err });
      }
      const decoder = new JournalDecoder();
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
        let event: T | undefined;
        try {
          event = decoder.decode(line) as T | undefined;
        } catch (err) {
          throw new AppError(
            'store.corrupt',
            `journal ${file} line ${lineNo} is not a valid journal line; restore the file from a backup`,
            { file, line: lineNo },
            { cause: err },
          );
        }
        if (event !== undefined) yield { segment: n, event };
      }
    }
  }

  /**
   * Cuts an incomplete last line (no trailing newline) that a crash mid-write left in segment `n`, and says
   * what was cut. Such a line was never acknowledged: the write had not finished.
   */
  static repairTail(dir: string, n: number): TornTail | undefined {
    const file = join(dir, Journal.name(n));
    if (!existsSync(file)) return undefined; // sealed and compressed: written whole
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
    const text = this.encoder.encode(event as { readonly t: string } & Record<string, unknown>);
    if (this.buffer) {
      this.buffer.push(text);
      this.buffered += text.length;
      if (this.buffered >= 1 << 20) this.flush();
      return;
    }
    this.write(text);
  }

  /**
   * Bulk mode on: appends are gathered and written a megabyte at a time (a bulk load of synthetic history,
   * where one write per event costs more than the rest of the work). Off: what is gathered is written now.
   */
  setBuffered(on: boolean): void {
    if (on) this.buffer ??= [];
    else {
      this.flush();
      this.buffer = undefined;
    }
  }

  private flush(): void {
    if (!this.buffer || this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer.length = 0;
    this.buffered = 0;
    this.write(text);
  }

  private write(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch (err) {
      this.encoder.reset(); // the file may not hold what the encoder remembers
      throw err;
    }
  }

  /** Compresses the sealed segments (those before the current one). */
  compressSealed(): Promise<void> {
    return Journal.compressSealed(this.dir, this.segmentNo);
  }

  /** Starts a new segment; returns its number. */
  rotate(): number {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.segmentNo += 1;
    this.fd = openSync(this.path(this.segmentNo), 'a');
    this.encoder.reset(false);
    return this.segmentNo;
  }

  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  private path(n: number): string {
    return join(this.dir, Journal.name(n));
  }
}
