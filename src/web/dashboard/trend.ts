/**
 * Trends of 参学率 and 正确率 by day, week (Monday to Sunday) or month, from a DayScan. A bucket's 参学率 is the
 * mean of its study days' rates (completed ÷ expected, days with anyone expected), as the boards define it;
 * its 正确率 is correct ÷ answered. Pure.
 */
import { type QuizDay, addDays } from '../../core/quiz-day.js';
import type { DayCounts, DayScan } from './day-scan.js';

export type TrendGranularity = 'day' | 'week' | 'month';

export interface TrendPoint {
  /** The bucket's first day ('2026-11-02'), or its month ('2026-11'). */
  readonly bucket: string;
  /** null when nobody was expected in the bucket (no study day). */
  readonly rate: number | null;
  readonly accuracy: number | null;
  readonly expected: number;
  readonly completed: number;
  readonly answered: number;
  /** True for the bucket that holds today: its day is not over, so its figures are still growing. */
  readonly inProgress: boolean;
}

const mondayOf = (day: QuizDay): QuizDay => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

export function bucketOf(day: QuizDay, by: TrendGranularity): string {
  return by === 'day' ? day : by === 'week' ? mondayOf(day) : day.slice(0, 7);
}

/**
 * The trend of one set of day counts (the scope's total, or one group's). The bucket holding `today` (if the period
 * reaches it) is marked in progress, so a chart does not show a morning's partial figures as a finished day's.
 */
export function trend(scan: Pick<DayScan, 'days' | 'study'>, c: DayCounts, by: TrendGranularity, today?: QuizDay): TrendPoint[] {
  const open = today === undefined ? undefined : bucketOf(today, by);
  const out: TrendPoint[] = [];
  let current: { bucket: string; rateSum: number; rateDays: number; expected: number; completed: number; answered: number; correct: number } | undefined;
  const flush = () => {
    if (!current) return;
    out.push({
      bucket: current.bucket,
      rate: current.rateDays > 0 ? current.rateSum / current.rateDays : null,
      accuracy: current.answered > 0 ? current.correct / current.answered : null,
      expected: current.expected,
      completed: current.completed,
      answered: current.answered,
      inProgress: current.bucket === open,
    });
  };
  scan.days.forEach((day, i) => {
    const bucket = bucketOf(day, by);
    if (current?.bucket !== bucket) {
      flush();
      current = { bucket, rateSum: 0, rateDays: 0, expected: 0, completed: 0, answered: 0, correct: 0 };
    }
    const e = c.expected[i]!;
    if (scan.study[i] && e > 0) {
      current.rateSum += c.completed[i]! / e;
      current.rateDays++;
    }
    current.expected += e;
    current.completed += c.completed[i]!;
    current.answered += c.answered[i]!;
    current.correct += c.correct[i]!;
  });
  flush();
  return out;
}

/** Whole-period figures of a set of day counts: 参学率 (mean daily rate), 正确率, person-days. */
export function totals(scan: Pick<DayScan, 'days' | 'study'>, c: DayCounts): Omit<TrendPoint, 'bucket' | 'inProgress'> & { correct: number } {
  let rateSum = 0;
  let rateDays = 0;
  let expected = 0;
  let completed = 0;
  let answered = 0;
  let correct = 0;
  scan.days.forEach((_, i) => {
    if (scan.study[i] && c.expected[i]! > 0) {
      rateSum += c.completed[i]! / c.expected[i]!;
      rateDays++;
    }
    expected += c.expected[i]!;
    completed += c.completed[i]!;
    answered += c.answered[i]!;
    correct += c.correct[i]!;
  });
  return { rate: rateDays ? rateSum / rateDays : null, accuracy: answered ? correct / answered : null, expected, completed, answered, correct };
}
