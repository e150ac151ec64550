/**
 * The study statistics reducer of the history state: each person's stats per day packed into one Int32 per
 * (day, person) in a typed array per day, and the 精准普法 tallies. O(1) per event, whatever the history's length.
 */
import { type AnswerRecord, type DayStats, EMPTY_DAY, type TallyEntry } from '../core/model.js';
import type { DayMatrix } from '../core/ports/study-stats.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Interner } from './interner.js';
import { LawTally } from './law-tally.js';

export type StatsEvent =
  | { readonly t: 'answer'; readonly a: AnswerRecord }
  | { readonly t: 'done'; readonly p: string; readonly d: QuizDay; readonly bonus: number };

// Packed day stats: answered 4 bits | correct 4 bits | answerPoints 8 bits | bonus 4 bits | completed 1 bit
export function packDay(s: DayStats): number {
  return (
    Math.min(s.answered, 15) |
    (Math.min(s.correct, 15) << 4) |
    (Math.min(s.answerPoints, 255) << 8) |
    (Math.min(s.bonus, 15) << 16) |
    ((s.completed ? 1 : 0) << 20)
  );
}
/** Unpacked values are immutable and few distinct ones occur, so they are shared (reports read millions). */
const unpacked = new Map<number, DayStats>();
export function unpackDay(v: number): DayStats {
  if (v === 0) return EMPTY_DAY;
  let s = unpacked.get(v);
  if (!s) {
    s = Object.freeze({ answered: v & 15, correct: (v >> 4) & 15, answerPoints: (v >> 8) & 255, bonus: (v >> 16) & 15, completed: ((v >> 20) & 1) === 1 });
    if (unpacked.size < 100_000) unpacked.set(v, s);
  }
  return s;
}

export interface StatsSnapshot {
  readonly days: Readonly<Record<string, string>>;
  readonly laws?: ReturnType<LawTally['snapshot']>;
}

export class StudyStatsState {
  private readonly days = new Map<QuizDay, Int32Array>();
  private laws = new LawTally();

  constructor(private readonly people: Interner) {}

  /** Applies an answer (already known to be new) or a day's completion. */
  apply(e: StatsEvent): void {
    if (e.t === 'answer') {
      const s = this.stats(e.a.personId, e.a.day);
      this.set(e.a.personId, e.a.day, {
        ...s,
        answered: s.answered + 1,
        correct: s.correct + (e.a.correct ? 1 : 0),
        answerPoints: s.answerPoints + e.a.points,
      });
      this.laws.add(e.a);
      return;
    }
    const s = this.stats(e.p, e.d);
    if (!s.completed) this.set(e.p, e.d, { ...s, completed: true, bonus: e.bonus });
  }

  stats(personId: string, day: QuizDay): DayStats {
    const i = this.people.find(personId);
    const table = this.days.get(day);
    return i === undefined || !table || i >= table.length ? EMPTY_DAY : unpackDay(table[i]!);
  }

  /** Per-person stats of one day (people with no activity are absent). */
  dayTable(day: QuizDay): ReadonlyMap<string, DayStats> {
    const out = new Map<string, DayStats>();
    const table = this.days.get(day);
    if (table) for (let i = 0; i < table.length; i++) if (table[i] !== 0) out.set(this.people.values[i]!, unpackDay(table[i]!));
    return out;
  }

  /** Positional reads of many days (reports): see DayTables in stats/leaderboard.ts. A view, not a copy. */
  dayMatrix(days: readonly QuizDay[]): DayMatrix {
    const columns = days.map((d) => this.days.get(d));
    return {
      slotOf: (id) => this.people.find(id) ?? -1,
      get: (di, slot) => {
        const column = columns[di];
        const v = slot >= 0 && column && slot < column.length ? column[slot]! : 0;
        return v === 0 ? undefined : unpackDay(v);
      },
    };
  }

  /** 精准普法: answers and correct answers by department, law and article over whole months. */
  lawTally(months: readonly string[]): TallyEntry[] {
    return this.laws.entries(months);
  }

  /** The days that have stats. */
  *dayKeys(): Iterable<QuizDay> {
    yield* this.days.keys();
  }

  private set(personId: string, day: QuizDay, s: DayStats): void {
    const i = this.people.id(personId);
    let table = this.days.get(day);
    if (!table || table.length <= i) {
      const grown = new Int32Array(Math.max(16, this.people.size * 2, i + 1));
      if (table) grown.set(table);
      table = grown;
      this.days.set(day, table);
    }
    table[i] = packDay(s);
  }

  snapshot(): StatsSnapshot {
    const days: Record<string, string> = {};
    // Tables grow by doubling; only the people numbered so far are written.
    for (const [day, table] of this.days) {
      days[day] = Buffer.from(table.buffer, table.byteOffset, Math.min(table.length, this.people.size) * table.BYTES_PER_ELEMENT).toString('base64');
    }
    return { days, laws: this.laws.snapshot() };
  }

  static restore(s: StatsSnapshot, people: Interner): StudyStatsState {
    const st = new StudyStatsState(people);
    for (const [day, b64] of Object.entries(s.days)) {
      const buf = Buffer.from(b64, 'base64');
      st.days.set(day as QuizDay, new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
    }
    st.laws = LawTally.restore(s.laws);
    return st;
  }
}
