/**
 * Report periods: 今日, 本周, 本月, 本季度, 本年, 上周, 上月, a date range `2026-11-01~2026-11-26`, or one date.
 * Dates typed by people obey the rules of core/date-rules.ts (real dates, 2000–2100, at most 366 days). Pure.
 */
import { type DateProblem, checkDay, checkRange } from '../core/date-rules.js';
import { type QuizDay, addDays, asQuizDay } from '../core/quiz-day.js';

export interface Period {
  readonly label: string;
  readonly from: QuizDay;
  readonly to: QuizDay;
}

function weekday(day: QuizDay): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
}

/** A period, or why the text is not one: `problem` when it names dates that break a rule, else unknown words. */
export type ParsedPeriod = { readonly ok: true; readonly period: Period } | { readonly ok: false; readonly problem?: DateProblem };

/** Range separators people type: 2026-11-01~2026-11-26, …至…, …到…, …--…, …—…, …,…, or a single hyphen. */
const RANGE = /^(\d+-\d+-\d+)(?:~|～|至|到|--|—|-|,|，)(\d+-\d+-\d+)$/;

/** Parses a period named in chat, the admin API or the command line; dates are checked against the date rules. */
export function parsePeriod(name: string, today: QuizDay): ParsedPeriod {
  const named = namedPeriod(name.replace(/\s/g, ''), today);
  if (named) return { ok: true, period: named };
  const t = name.replace(/\s/g, '').normalize('NFKC');
  const range = RANGE.exec(t);
  if (range) {
    const r = checkRange(range[1]!, range[2]!);
    return r.ok ? { ok: true, period: { label: `${r.value.from} 至 ${r.value.to}`, from: r.value.from, to: r.value.to } } : { ok: false, problem: r.problem };
  }
  if (/^\d+-\d+-\d+$/.test(t)) {
    const d = checkDay(t);
    return d.ok ? { ok: true, period: { label: d.value, from: d.value, to: d.value } } : { ok: false, problem: d.problem };
  }
  if (/\d/.test(t))
    return { ok: false, problem: { rule: 'date.format', message: `“${t.slice(0, 40)}”不是日期或时间段，请写作 2026-11-01 或 2026-11-01~2026-11-26。` } };
  return { ok: false };
}

/** The period for `name`, or undefined when it is unknown or breaks a date rule (see parsePeriod for why). */
export function periodFor(name: string, today: QuizDay): Period | undefined {
  const p = parsePeriod(name, today);
  return p.ok ? p.period : undefined;
}

function namedPeriod(t: string, today: QuizDay): Period | undefined {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const ymd = (yy: number, mm: number, dd: number) => asQuizDay(`${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
  const monthEnd = (yy: number, mm: number) => addDays(mm === 12 ? ymd(yy + 1, 1, 1) : ymd(yy, mm + 1, 1), -1);
  switch (t) {
    case '':
    case '今日':
    case '今天':
    case '日':
      return { label: '今日', from: today, to: today };
    case '本周':
    case '周':
    case '这周':
      return { label: '本周', from: addDays(today, -weekday(today)), to: today };
    case '上周': {
      const mon = addDays(today, -weekday(today) - 7);
      return { label: '上周', from: mon, to: addDays(mon, 6) };
    }
    case '本月':
    case '月':
    case '这个月':
      return { label: '本月', from: ymd(y, m, 1), to: today };
    case '上月': {
      const yy = m === 1 ? y - 1 : y;
      const mm = m === 1 ? 12 : m - 1;
      return { label: '上月', from: ymd(yy, mm, 1), to: monthEnd(yy, mm) };
    }
    case '本季度':
    case '季度':
    case '本季': {
      const qm = Math.floor((m - 1) / 3) * 3 + 1;
      return { label: '本季度', from: ymd(y, qm, 1), to: today };
    }
    case '本年':
    case '今年':
    case '年':
    case '本年度':
      return { label: '本年', from: ymd(y, 1, 1), to: today };
  }
  return undefined;
}
