/**
 * A leader's or admin's 参学率 over their scope: each top unit of the scope as a total (its whole subtree),
 * shown apart, then its direct departments ranked among themselves. Only comparable rows share a ranking: a
 * unit's total is never ranked among its own departments.
 */
import type { Department } from '../store/model.js';
import { departmentTotalText, pct } from './format.js';
import type { Period } from './period.js';
import type { StatsService } from './stats-service.js';

/** The board's lines; `label` names the period and scope in the title. */
export async function scopeBoard(
  stats: Pick<StatsService, 'departmentBoard'>,
  period: Period,
  departments: readonly Department[],
  label: string,
): Promise<string[]> {
  const ids = new Set(departments.map((d) => d.id));
  const tops = departments.filter((d) => !d.parentId || !ids.has(d.parentId));
  const lines = [`【部门参学情况 · ${label}】`, `${period.from} 至 ${period.to}`];
  if (tops.length === 0) return [...lines, '暂无部门数据。'];
  for (const [i, total] of (await stats.departmentBoard(period, tops)).entries()) {
    const children = departments.filter((d) => d.parentId === total.department.id);
    lines.push(`${i > 0 ? '\n' : ''}${departmentTotalText(total)}`);
    if (children.length === 0) continue;
    lines.push(`${total.department.name}下属部门排名（同级部门之间，按参学率）：`);
    for (const r of await stats.departmentBoard(period, children)) {
      lines.push(
        `${r.rank}. ${r.department.name}  参学率 ${pct(r.rate)}（已学 ${r.studied}/应学 ${r.expected} 人次）  正确率 ${pct(r.accuracy)}  人均积分 ${r.pointsPerPerson.toFixed(1)}`,
      );
    }
  }
  return lines;
}
