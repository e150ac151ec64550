/**
 * Report periods: 今日, 本周, 本月, 本季度, 本年, 上周, 上月, or a date range `2026-11-01~2026-11-26`. Pure.
 */
import { type QuizDay, addDays, asQuizDay, isQuizDay } from '../core/quiz-day.js';

export interface Period {
  readonly label: string;
  readonly from: QuizDay;
  readonly to: QuizDay;
}

function weekday(day: QuizDay): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
}

export function periodFor(name: string, today: QuizDay): Period | undefined {
  const t = name.replace(/\s/g, '');
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
  const range = /^(\d{4}-\d{2}-\d{2})(?:~|至|到|--|—|,)(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (range && isQuizDay(range[1]!) && isQuizDay(range[2]!) && range[1]! <= range[2]!) {
    return { label: `${range[1]} 至 ${range[2]}`, from: range[1] as QuizDay, to: range[2] as QuizDay };
  }
  return undefined;
}
