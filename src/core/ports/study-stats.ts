/**
 * The study statistics port: running aggregates of the quiz log, for points, boards and reports. Their cost does
 * not grow with the length of the history (the embedded store keeps them packed; a database would aggregate).
 */
import type { DayStats, TallyEntry } from '../model.js';
import type { QuizDay } from '../quiz-day.js';

/**
 * Many days' stats read by position: `slotOf(personId)` once per person, then `get(dayIndex, slot)` per day
 * (the index into the days asked for). -1 is the slot of a person with no study at all.
 */
export interface DayMatrix {
  slotOf(personId: string): number;
  get(dayIndex: number, slot: number): DayStats | undefined;
}

export interface StudyStats {
  /** One person's stats of one day (EMPTY_DAY when nothing was done). */
  dayStats(personId: string, day: QuizDay): Promise<DayStats>;
  /** Per-person stats of one day; people with no activity are absent. */
  dayTable(day: QuizDay): Promise<ReadonlyMap<string, DayStats>>;
  /** The stats of many days at once, for reports: the state at the call (later answers do not change it). */
  dayMatrix(days: readonly QuizDay[]): Promise<DayMatrix>;
  /** 精准普法: answers and correct answers by (department, law, article) over whole months ('YYYY-MM'). */
  lawTally(months: readonly string[]): Promise<readonly TallyEntry[]>;
}
