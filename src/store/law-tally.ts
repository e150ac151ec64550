/**
 * 精准普法 tallies: answers and correct answers per (month, department, law, article), kept as running
 * aggregates so leaders can see which articles their units get wrong without re-reading the history.
 * Compact: articles are interned to small ids and each count pair is one number, so a year of 100
 * departments × 500 articles stays in tens of megabytes.
 */
import type { AnswerRecord, TallyEntry } from '../core/model.js';

/** answered × 2^22 + correct, exact for any realistic count. */
const SHIFT = 4_194_304;
const SEP = '\u0000';

type Snapshot = { articles: Array<[string, string]>; months: Record<string, Record<string, Array<[number, number]>>> };

export class LawTally {
  private readonly articleIds = new Map<string, number>();
  private readonly articles: Array<[string, string]> = [];
  /** month → department → article id → packed counts */
  private readonly months = new Map<string, Map<string, Map<number, number>>>();

  private articleId(law: string, article: string): number {
    const key = `${law}${SEP}${article}`;
    let id = this.articleIds.get(key);
    if (id === undefined) {
      id = this.articles.length;
      this.articles.push([law, article]);
      this.articleIds.set(key, id);
    }
    return id;
  }

  add(a: AnswerRecord): void {
    if (!a.law || !a.article) return;
    const month = a.day.slice(0, 7);
    let m = this.months.get(month);
    if (!m) {
      m = new Map();
      this.months.set(month, m);
    }
    const dept = a.departmentId ?? '';
    let d = m.get(dept);
    if (!d) {
      d = new Map();
      m.set(dept, d);
    }
    const id = this.articleId(a.law, a.article);
    d.set(id, (d.get(id) ?? 0) + SHIFT + (a.correct ? 1 : 0));
  }

  /** Every (department, article) of the given months ('YYYY-MM'), summed over the months. */
  entries(months: readonly string[]): TallyEntry[] {
    const sum = new Map<string, Map<number, number>>();
    for (const month of months) {
      for (const [dept, d] of this.months.get(month) ?? []) {
        let s = sum.get(dept);
        if (!s) {
          s = new Map();
          sum.set(dept, s);
        }
        for (const [id, v] of d) s.set(id, (s.get(id) ?? 0) + v);
      }
    }
    const out: TallyEntry[] = [];
    for (const [departmentId, s] of sum) {
      for (const [id, v] of s) {
        const [law, article] = this.articles[id]!;
        out.push({ departmentId, law, article, answered: Math.floor(v / SHIFT), correct: v % SHIFT });
      }
    }
    return out;
  }

  snapshot(): Snapshot {
    const months: Snapshot['months'] = {};
    for (const [month, m] of this.months) months[month] = Object.fromEntries([...m].map(([dept, d]) => [dept, [...d]]));
    return { articles: this.articles, months };
  }

  static restore(s: Snapshot | undefined): LawTally {
    const tally = new LawTally();
    if (!s) return tally;
    for (const [law, article] of s.articles) tally.articleId(law, article);
    for (const [month, m] of Object.entries(s.months)) {
      tally.months.set(month, new Map(Object.entries(m).map(([dept, pairs]) => [dept, new Map(pairs)])));
    }
    return tally;
  }
}
