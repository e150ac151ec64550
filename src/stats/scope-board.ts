/**
 * A leader's or admin's 参学率 over their scope: each top unit of the scope as a total (its whole subtree),
 * shown apart, then its direct departments ranked among themselves. Only comparable rows share a ranking: a
 * unit's total is never ranked among its own departments. Fits one chat message (short-board.ts).
 */
import type { Department } from '../core/model.js';
import { departmentRowText, departmentTotalText } from './format.js';
import type { Period } from './period.js';
import { MESSAGE_BYTES, fitRows } from './short-board.js';
import type { StatsService } from './stats-service.js';

/** The board as one message of at most `budget` bytes; `label` names the period and scope in the title. */
export async function scopeBoard(
  stats: Pick<StatsService, 'departmentBoard'>,
  period: Period,
  departments: readonly Department[],
  label: string,
  link?: string,
  budget = MESSAGE_BYTES,
): Promise<string> {
  const ids = new Set(departments.map((d) => d.id));
  const tops = departments.filter((d) => !d.parentId || !ids.has(d.parentId));
  const title = [`【部门参学情况 · ${label}】`, `${period.from} 至 ${period.to}`];
  if (tops.length === 0) return [...title, '暂无部门数据。'].join('\n');
  const tail = link ? [`完整排行、趋势和明细：${link}`] : [];
  // Every unit with departments below it in the scope ranks those among themselves, top-down.
  const parents: Department[] = [];
  for (let queue = [...tops]; queue.length > 0; ) {
    const d = queue.shift()!;
    const children = departments.filter((c) => c.parentId === d.id);
    if (children.length > 0) parents.push(d);
    queue.push(...children);
  }
  const totals = await stats.departmentBoard(period, tops);
  const share = Math.floor((budget - Buffer.byteLength([...title, ...tail].join('\n')) - 2) / Math.max(1, parents.length + 1)) - 2;
  const sections = [fitRows(totals.map(departmentTotalText), [], [], () => '', share)];
  for (const parent of parents) {
    const children = departments.filter((c) => c.parentId === parent.id);
    const rows = (await stats.departmentBoard(period, children)).map(departmentRowText);
    sections.push(fitRows([`${parent.name}下属 ${rows.length} 个部门排名（同级部门之间，按参学率）：`], rows, [], (n) => `……（中间 ${n} 个部门略）`, share));
  }
  return [...title, sections.join('\n\n'), ...tail].join('\n');
}
