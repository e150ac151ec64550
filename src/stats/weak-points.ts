/**
 * 精准普法: which laws and articles a unit gets wrong most, from the monthly tallies. Pure.
 * Articles need a minimum number of answers before they are ranked, so one unlucky answer is not a trend.
 */
import type { LawCount } from '../quiz/practice-store.js';
import type { TallyEntry } from '../store/law-tally.js';
import type { Period } from './period.js';
import { pct } from './format.js';

export interface WeakRow {
  readonly law: string;
  /** Empty for a whole-law row. */
  readonly article: string;
  readonly answered: number;
  readonly correct: number;
  readonly accuracy: number;
}

/** The 'YYYY-MM' months a period touches (tallies are kept per month). */
export function monthsOf(period: Period): string[] {
  const out: string[] = [];
  let [y, m] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  const [ty, tm] = period.to.slice(0, 7).split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

function rank(groups: Map<string, { law: string; article: string; answered: number; correct: number }>, minAnswers: number): WeakRow[] {
  return [...groups.values()]
    .filter((g) => g.answered >= minAnswers)
    .map((g) => ({ ...g, accuracy: g.correct / g.answered }))
    .sort((a, b) => a.accuracy - b.accuracy || b.answered - a.answered || a.law.localeCompare(b.law, 'zh'));
}

/** Laws and articles in `departmentIds` (all when undefined), weakest first. */
export function weakPoints(
  entries: readonly TallyEntry[],
  departmentIds: ReadonlySet<string> | undefined,
  minAnswers = 5,
): { laws: WeakRow[]; articles: WeakRow[] } {
  const laws = new Map<string, { law: string; article: string; answered: number; correct: number }>();
  const articles = new Map<string, { law: string; article: string; answered: number; correct: number }>();
  for (const e of entries) {
    if (departmentIds && !departmentIds.has(e.departmentId)) continue;
    for (const [map, key, article] of [
      [laws, e.law, ''],
      [articles, `${e.law}${e.article}`, e.article],
    ] as const) {
      const g = map.get(key) ?? { law: e.law, article, answered: 0, correct: 0 };
      g.answered += e.answered;
      g.correct += e.correct;
      map.set(key, g);
    }
  }
  return { laws: rank(laws, minAnswers), articles: rank(articles, minAnswers) };
}

export function weakPointsText(period: Period, scopeLabel: string, w: { laws: WeakRow[]; articles: WeakRow[] }, limit = 8): string {
  const lines = [`【薄弱法条 · ${period.label}】${scopeLabel}`];
  if (w.articles.length === 0) return [...lines, '答题数量还不够，暂无统计（每条至少 5 次作答）。'].join('\n');
  lines.push('最易错的条文（正确率从低到高）：');
  for (const [i, r] of w.articles.slice(0, limit).entries())
    lines.push(`${i + 1}. 《${r.law}》${r.article}  正确率 ${pct(r.accuracy)}（作答 ${r.answered} 次）`);
  lines.push('', '按法律：', ...w.laws.slice(0, limit).map((r) => `《${r.law}》 正确率 ${pct(r.accuracy)}（作答 ${r.answered} 次）`));
  lines.push('', '可用“发布 @部门 标题”推送相关条文的学习专题，有针对性地补强。');
  return lines.join('\n');
}

/** Answers a law needs before `我的` ranks it for the person (as for a unit's articles above). */
export const PERSON_MIN_ANSWERS = 5;

/** One person's laws by accuracy, lowest first, among those answered at least `minAnswers` times. */
export function personWeakLaws(counts: ReadonlyMap<string, LawCount>, minAnswers = PERSON_MIN_ANSWERS): WeakRow[] {
  return rank(new Map([...counts].map(([law, c]) => [law, { law, article: '', answered: c.answered, correct: c.correct }])), minAnswers);
}

/** The `我的` lines on the person's weakest laws. */
export function personWeakLawsText(rows: readonly WeakRow[], limit = 5, minAnswers = PERSON_MIN_ANSWERS): string[] {
  if (rows.length === 0) return [`薄弱法律：每部法律作答满 ${minAnswers} 次后显示`];
  return [
    `薄弱法律（正确率从低到高，作答满 ${minAnswers} 次的法律）：`,
    ...rows.slice(0, limit).map((r, i) => `${i + 1}. 《${r.law}》 正确率 ${pct(r.accuracy)}（作答 ${r.answered} 次）`),
  ];
}
