/**
 * Chat stays short (issue 16): a board or a name list that fits one message of at most 2,048 UTF-8 bytes
 * (WeCom's text limit; DingTalk's is larger). A small unit gets every row; a large one gets the top and the
 * bottom of the board with the counts in between, and the link to the web dashboard for the rest. Pure.
 */
import type { DepartmentRow, PersonRow } from './leaderboard.js';
import type { Period } from './period.js';
import { departmentRowText, personRowText } from './format.js';

/** WeCom's text message limit in bytes (wecom.md §3). */
export const MESSAGE_BYTES = 2048;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Lines `head`, then all `rows` if they fit in `budget` bytes with `tail`, else the first k and last k rows
 * around an elision line (k as large as fits, at least 1 each), then `tail`.
 */
export function fitRows(
  head: readonly string[],
  rows: readonly string[],
  tail: readonly string[],
  elided: (n: number) => string,
  budget = MESSAGE_BYTES,
): string {
  const join = (body: readonly string[]) => [...head, ...body, ...tail].join('\n');
  // Sizes are added up from per-line sizes (a line break is one byte), so a 10,000-row board costs one pass.
  const size = (lines: readonly string[]) => lines.reduce((n, l) => n + bytes(l) + 1, 0);
  const fixed = size(head) + size(tail);
  const rowBytes = rows.map((r) => bytes(r) + 1);
  const total = rowBytes.reduce((a, b) => a + b, 0);
  if (fixed + total - 1 <= budget) return join(rows);
  const prefix = [0];
  for (const b of rowBytes) prefix.push(prefix.at(-1)! + b);
  for (let k = Math.min(Math.floor(rows.length / 2), 200); k >= 1; k--) {
    const middle = rows.length - 2 * k;
    const used = fixed + prefix[k]! + (total - prefix[rows.length - k]!) + bytes(elided(middle));
    if (used <= budget) return join([...rows.slice(0, k), elided(middle), ...rows.slice(rows.length - k)]);
  }
  return cutToBytes(join([elided(rows.length)]), budget);
}

/** The parts as one message when they fit together, else the first and the rest (each part already fits). */
export function atMostTwo(parts: readonly string[], budget = MESSAGE_BYTES): string[] {
  const all = parts.join('\n\n');
  if (parts.length <= 1 || bytes(all) <= budget) return parts.length ? [all] : [];
  return [parts[0]!, parts.slice(1).join('\n\n')];
}

/** Cut on a character boundary, ending in '…' (a last resort: headers are short). */
export function cutToBytes(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (bytes(out + ch) > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

/** The department board in one message: every unit, or the top and bottom ones, the counts and the dashboard link. */
export function shortDepartmentBoard(period: Period, rows: readonly DepartmentRow[], link?: string, budget = MESSAGE_BYTES): string {
  const head = [`【部门参学排行榜 · ${period.label}】`, `${period.from} 至 ${period.to}，共 ${rows.length} 个部门`];
  if (rows.length === 0) return [...head, '暂无部门数据。'].join('\n');
  const studied = rows.reduce((s, r) => s + r.studied, 0);
  const expected = rows.reduce((s, r) => s + r.expected, 0);
  const tail = [`合计已学 ${studied}/应学 ${expected} 人次`, ...(link ? [`完整排行、趋势和明细：${link}`] : [])];
  return fitRows(head, rows.map(departmentRowText), tail, (n) => `……（中间 ${n} 个部门略）`, budget);
}

/** The people board in one message: every person, or the top and bottom ones. */
export function shortPersonBoard(title: string, rows: readonly PersonRow[], link?: string, budget = MESSAGE_BYTES): string {
  return fitRows([title], rows.map(personRowText), link ? [`完整名单：${link}`] : [], (n) => `……（中间 ${n} 人略）`, budget);
}

/** 未学名单 in one message: the count, per-department counts, and as many names as fit. */
export function shortUnstudied(day: string, people: readonly { name: string; department: string }[], link?: string, budget = MESSAGE_BYTES): string {
  if (people.length === 0) return `未学名单（${day}）：无，全部已学 👍`;
  const head = `未学名单（${day}，共 ${people.length} 人）：`;
  const tail = link ? `\n完整名单和一键提醒：${link}` : '';
  const full = `${head}\n${people.map((p) => `${p.name}（${p.department}）`).join('、')}${tail}`;
  if (bytes(full) <= budget) return full;
  const byDept = new Map<string, number>();
  for (const p of people) byDept.set(p.department, (byDept.get(p.department) ?? 0) + 1);
  const counts = [...byDept.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
  const countLine = `按部门：${counts
    .slice(0, 8)
    .map(([d, n]) => `${d} ${n} 人`)
    .join('、')}${counts.length > 8 ? ` 等 ${counts.length} 个部门` : ''}`;
  let names = '';
  let shown = 0;
  for (const p of people) {
    const next = `${names ? `${names}、` : ''}${p.name}`;
    const candidate = `${head}\n${countLine}\n${next}……等 ${people.length} 人${tail}`;
    if (bytes(candidate) > budget) break;
    names = next;
    shown++;
  }
  return cutToBytes(`${head}\n${countLine}\n${names}${shown < people.length ? `……等 ${people.length} 人` : ''}${tail}`, budget);
}
