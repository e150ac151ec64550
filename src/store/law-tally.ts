/**
 * 精准普法 tallies: answers and correct answers per (month, department, law, article), kept as running
 * aggregates so leaders can see which articles their units get wrong without re-reading the history.
 * Bounded by departments × articles answered in a month (tens of thousands of entries a year).
 */
import type { AnswerRecord } from './model.js';

export interface Tally {
  answered: number;
  correct: number;
}

/** One entry of a month's tally: where it was answered and what it tested. */
export interface TallyEntry {
  readonly departmentId: string;
  readonly law: string;
  readonly article: string;
  readonly answered: number;
  readonly correct: number;
}

const SEP = '\u0000';

export class LawTally {
  private readonly months = new Map<string, Map<string, Tally>>();

  add(a: AnswerRecord): void {
    if (!a.law || !a.article) return;
    const month = a.day.slice(0, 7);
    let m = this.months.get(month);
    if (!m) this.months.set(month, (m = new Map()));
    const key = [a.departmentId ?? '', a.law, a.article].join(SEP);
    const t = m.get(key) ?? { answered: 0, correct: 0 };
    t.answered++;
    if (a.correct) t.correct++;
    m.set(key, t);
  }

  /** Every entry of the given months ('YYYY-MM'), summed over the months. */
  entries(months: readonly string[]): TallyEntry[] {
    const sum = new Map<string, Tally>();
    for (const month of months) {
      for (const [key, t] of this.months.get(month) ?? []) {
        const s = sum.get(key) ?? { answered: 0, correct: 0 };
        s.answered += t.answered;
        s.correct += t.correct;
        sum.set(key, s);
      }
    }
    return [...sum].map(([key, t]) => {
      const [departmentId, law, article] = key.split(SEP) as [string, string, string];
      return { departmentId, law, article, answered: t.answered, correct: t.correct };
    });
  }

  snapshot(): Record<string, Record<string, [number, number]>> {
    const out: Record<string, Record<string, [number, number]>> = {};
    for (const [month, m] of this.months) out[month] = Object.fromEntries([...m].map(([k, t]) => [k, [t.answered, t.correct]]));
    return out;
  }

  static restore(s: Record<string, Record<string, [number, number]>> | undefined): LawTally {
    const tally = new LawTally();
    for (const [month, m] of Object.entries(s ?? {})) {
      tally.months.set(month, new Map(Object.entries(m).map(([k, [answered, correct]]) => [k, { answered, correct }])));
    }
    return tally;
  }
}
