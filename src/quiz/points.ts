/**
 * Points, derived from answer records: never a counter that can drift. Pure.
 * A correct answer earns points by type (+ a bonus for 较难); a day's answer points are capped;
 * completing the day on a streak earns a bonus.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { StudyCalendar } from '../core/calendar.js';
import { type QuizDay, addDays } from '../core/quiz-day.js';
import type { DayStats } from '../core/model.js';

export interface PointsRules {
  readonly single: number;
  readonly multiple: number;
  readonly judge: number;
  /** Extra for a correct answer to a difficulty-3 question. */
  readonly hardBonus: number;
  /** Most answer points counted in one day. */
  readonly dailyCap: number;
  /** Bonus for completing a day with a streak of at least `minDays` study days (highest matching tier wins). */
  readonly streakTiers: ReadonlyArray<{ readonly minDays: number; readonly bonus: number }>;
}

export const DEFAULT_POINTS: PointsRules = {
  single: 1,
  multiple: 2,
  judge: 1,
  hardBonus: 1,
  dailyCap: 10,
  streakTiers: [
    { minDays: 3, bonus: 1 },
    { minDays: 7, bonus: 2 },
  ],
};

export function answerPoints(q: LoadedQuestion, correct: boolean, rules: PointsRules): number {
  if (!correct) return 0;
  return rules[q.type] + (q.difficulty === 3 ? rules.hardBonus : 0);
}

export function streakBonus(streak: number, rules: PointsRules): number {
  let bonus = 0;
  for (const tier of rules.streakTiers) if (streak >= tier.minDays) bonus = Math.max(bonus, tier.bonus);
  return bonus;
}

/** Points a day is worth: capped answer points plus the streak bonus. */
export function dayPoints(s: DayStats, rules: PointsRules): number {
  return Math.min(s.answerPoints, rules.dailyCap) + s.bonus;
}

/**
 * Study days in a row the person completed, ending at `day` (or at the study day before it when `day`
 * itself is not completed yet: the streak is still alive today). A non-study day never breaks a streak;
 * studying on one counts.
 */
export async function streakAt(day: QuizDay, isCompleted: (d: QuizDay) => boolean | Promise<boolean>, cal: StudyCalendar, maxLookback = 400): Promise<number> {
  let streak = 0;
  let d = day;
  if (!(await isCompleted(d))) d = addDays(d, -1);
  for (let i = 0; i < maxLookback; i++, d = addDays(d, -1)) {
    const done = await isCompleted(d);
    if (!cal.isStudyDay(d)) {
      if (done) streak++;
      continue;
    }
    if (!done) break;
    streak++;
  }
  return streak;
}
