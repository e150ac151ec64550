/**
 * The overview's department board and heat map from one DayScan (no second pass over the history): a unit's
 * 参学率 is the mean of its study days' rates, 正确率 correct ÷ answered, 人均积分 points ÷ 应学人数, ranked as the chat's
 * boards rank (stats/leaderboard.ts departmentRows: rate, then accuracy, then points per person, then name), so the
 * page and `排行榜` agree. Pure.
 */
import type { Department } from '../../store/model.js';
import type { DayScan } from './day-scan.js';
import { type TrendGranularity, totals, trend } from './trend.js';

const byName = new Intl.Collator('zh');

export interface BoardRowJson {
  readonly id: string;
  readonly name: string;
  readonly hasChildren: boolean;
  readonly members: number;
  readonly expectedPeople: number;
  readonly studiedPeople: number;
  readonly studied: number;
  readonly expected: number;
  readonly rate: number;
  readonly accuracy: number;
  readonly pointsPerPerson: number;
  readonly rank: number;
}

/** Board rows for the scan's first `units.length` groups (the focus's child units), ranked. */
export function boardFromScan(scan: DayScan, units: readonly Department[], all: readonly Department[]): BoardRowJson[] {
  const rows = units.map((d, g) => {
    const t = totals(scan, scan.groups[g]!);
    const people = scan.groupPeople[g]!;
    return {
      id: d.id,
      name: d.name,
      hasChildren: all.some((x) => x.parentId === d.id),
      members: people.members,
      expectedPeople: people.expectedPeople,
      studiedPeople: people.studiedPeople,
      studied: t.completed,
      expected: t.expected,
      rate: t.rate ?? 0,
      accuracy: t.accuracy ?? 0,
      pointsPerPerson: people.expectedPeople > 0 ? people.points / people.expectedPeople : 0,
      rank: 0,
    };
  });
  rows.sort((a, b) => b.rate - a.rate || b.accuracy - a.accuracy || b.pointsPerPerson - a.pointsPerPerson || byName.compare(a.name, b.name));
  const same = (a: BoardRowJson, b: BoardRowJson) => a.rate === b.rate && a.accuracy === b.accuracy && a.pointsPerPerson === b.pointsPerPerson;
  // Standard competition ranking (1, 2, 2, 4).
  return rows.map((r, i, list) => {
    let k = i;
    while (k > 0 && same(list[k - 1]!, r)) k--;
    return { ...r, rank: k + 1 };
  });
}

/**
 * The heat map: one row per group, one column per study day (`by` day) or per week / month (the mean of its
 * study days' rates); null where nobody was expected. Cells are [column, row, rate].
 */
export function heatmapOf(scan: DayScan, rows: readonly Department[], by: TrendGranularity) {
  if (by === 'day') {
    const columns = scan.days.flatMap((_, i) => (scan.study[i] ? [i] : []));
    return {
      days: columns.map((i) => scan.days[i]!),
      rows: rows.map((d) => ({ id: d.id, name: d.name })),
      cells: rows.flatMap((_, r) =>
        columns.map((di, k) => {
          const g = scan.groups[r]!;
          const e = g.expected[di]!;
          return [k, r, e > 0 ? g.completed[di]! / e : null] as const;
        }),
      ),
    };
  }
  const perRow = rows.map((_, r) => trend(scan, scan.groups[r]!, by).filter((p) => p.expected > 0 || p.rate !== null));
  const columns = [...new Set(perRow.flatMap((points) => points.map((p) => p.bucket)))].sort();
  const index = new Map(columns.map((c, k) => [c, k]));
  return {
    days: columns,
    rows: rows.map((d) => ({ id: d.id, name: d.name })),
    cells: perRow.flatMap((points, r) => points.map((p) => [index.get(p.bucket)!, r, p.rate] as const)),
  };
}
