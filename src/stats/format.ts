/** Chat texts of leaderboards and participation reports. Pure. */
import type { DepartmentRow, PersonRow } from './leaderboard.js';
import type { Period } from './period.js';

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function departmentBoardText(period: Period, rows: readonly DepartmentRow[], limit = 10): string {
  const lines = [`【部门参学排行榜 · ${period.label}】`, `${period.from} 至 ${period.to}`];
  if (rows.length === 0) return [...lines, '暂无部门数据。'].join('\n');
  for (const r of rows.slice(0, limit)) lines.push(departmentRowText(r));
  if (rows.length > limit) lines.push(`……共 ${rows.length} 个部门`);
  return lines.join('\n');
}

/** One department's line of a board. */
export function departmentRowText(r: DepartmentRow): string {
  return `${r.rank}. ${r.department.name}  参学率 ${pct(r.rate)}（已学 ${r.studied}/应学 ${r.expected} 人次）  正确率 ${pct(r.accuracy)}  人均积分 ${r.pointsPerPerson.toFixed(1)}`;
}

/** One person's line of a board. */
export function personRowText(r: PersonRow): string {
  return `${r.rank}. ${r.person.name}  积分 ${r.points}  学习 ${r.daysStudied}/${r.daysExpected} 天  正确率 ${pct(r.accuracy)}`;
}

export function ownPlaceText(row: PersonRow | undefined, of: number, departmentName: string): string {
  if (!row) return '';
  return `您在${departmentName}排第 ${row.rank} 名（共 ${of} 人），积分 ${row.points}，学习 ${row.daysStudied}/${row.daysExpected} 天。`;
}

export function personBoardText(title: string, rows: readonly PersonRow[], limit = 20): string {
  const lines = [title];
  for (const r of rows.slice(0, limit)) lines.push(personRowText(r));
  if (rows.length > limit) lines.push(`……共 ${rows.length} 人`);
  return lines.join('\n');
}
