/**
 * `report --out <文件.xlsx> [--period month | --from 日期 --to 日期]`: the participation workbook (汇总 + 明细).
 * Periods and dates obey core/date-rules.ts (a reversed range is named as such).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { DATE_RULES_TEXT, checkRange } from '../../core/date-rules.js';
import { NO_PROGRESS } from '../../core/progress.js';
import { type Period, parsePeriod } from '../../stats/period.js';
import { collectReportInput, writeReport } from '../../stats/report-xlsx.js';
import type { CommandSpec, ParsedArgs } from '../commands.js';

/** `--period` names on the command line → the chat's period words (the Chinese words are accepted too). */
const PERIODS: Readonly<Record<string, string>> = {
  today: '今日',
  week: '本周',
  'last-week': '上周',
  month: '本月',
  'last-month': '上月',
  quarter: '本季度',
  year: '本年',
};

const PERIOD_HELP = `${Object.keys(PERIODS).join('、')}（或 本月、上月 等），或 2026-11-01~2026-11-30`;

/** The period asked for, or why it cannot be used (Chinese). */
function periodOf(args: ParsedArgs, today: Parameters<typeof parsePeriod>[1]): { period: Period } | { problem: string } {
  const { from, to, period } = args.flags;
  if (from !== undefined || to !== undefined) {
    if (period !== undefined) return { problem: '--period 和 --from/--to 只能用一种。' };
    if (typeof from !== 'string' || typeof to !== 'string') return { problem: '--from 和 --to 要一起写，例如 --from 2026-11-01 --to 2026-11-30。' };
    const r = checkRange(from, to);
    if (!r.ok) return { problem: r.problem.message };
    return { period: { label: `${r.value.from} 至 ${r.value.to}`, ...r.value } };
  }
  const raw = typeof period === 'string' ? period : 'month';
  const parsed = parsePeriod(PERIODS[raw] ?? raw, today);
  if (parsed.ok) return { period: parsed.period };
  return { problem: parsed.problem ? parsed.problem.message : `不认识的时间段“${raw}”。可用：${PERIOD_HELP}。` };
}

/** The file to write: a directory gets a dated name inside it; a name without extension gets .xlsx. */
function target(out: string, period: Period): { file: string } | { problem: string } {
  if (existsSync(out) && statSync(out).isDirectory()) return { file: join(out, `学法统计_${period.from}_${period.to}.xlsx`) };
  const ext = extname(out).toLowerCase();
  const file = ext === '' ? `${out}.xlsx` : out;
  if (ext !== '' && ext !== '.xlsx') return { problem: `报表是 Excel 文件，--out 的文件名须以 .xlsx 结尾（收到 ${out}）。` };
  if (!existsSync(dirname(file))) return { problem: `目录不存在：${dirname(file)}。请先建立该目录，或换一个位置。` };
  return { file };
}

export const reportCommand: CommandSpec = {
  usage: 'report --out <文件.xlsx> [--period month | --from YYYY-MM-DD --to YYYY-MM-DD]',
  summary: '生成参学统计 Excel（汇总表 + 明细表，可直接打印）',
  english: 'write the participation report (xlsx)',
  flags: {
    out: { value: '<文件.xlsx>', path: true, help: '报表文件（写目录时在其中生成“学法统计_开始_结束.xlsx”）' },
    period: { value: '<时间段>', help: `统计时间段，默认 month（本月）：${PERIOD_HELP}` },
    from: { value: '<YYYY-MM-DD>', help: '开始日期（与 --to 一起用）' },
    to: { value: '<YYYY-MM-DD>', help: '结束日期（含当天）' },
    format: { value: 'xlsx', help: '文件格式，只支持 xlsx' },
  },
  maxArgs: 0,
  needsStore: true,
  async run(args, { deps, io }) {
    if ((args.flags.format ?? 'xlsx') !== 'xlsx') {
      io.out(`--format 只支持 xlsx（收到 ${String(args.flags.format)}）`);
      return 2;
    }
    const p = periodOf(args, deps!.stats.today());
    if ('problem' in p) {
      io.out(`时间段无法使用：${p.problem}`);
      io.out(DATE_RULES_TEXT);
      return 2;
    }
    if (typeof args.flags.out !== 'string') {
      io.out('请用 --out 写出报表文件，例如：report --period last-month --out 上月学法统计.xlsx');
      return 2;
    }
    const t = target(args.flags.out, p.period);
    if ('problem' in t) {
      io.out(t.problem);
      return 2;
    }
    const progress = io.progress ?? NO_PROGRESS;
    const input = await collectReportInput(deps!, p.period, progress);
    progress.step('写入 Excel', 1);
    await writeReport(t.file, input);
    progress.update(1);
    progress.end();
    io.out(
      `已生成报表 ${t.file}：${p.period.label}（${p.period.from} 至 ${p.period.to}），${input.departmentRows.length} 个部门、${input.personRows.length} 人`,
    );
    return 0;
  },
};
