/**
 * Where the web page of the daily quiz is: `/quiz`, with the day a push was for (`?day=2026-12-02`), so a page
 * opened from yesterday's push says that today's quiz is shown instead. Deps joins it to PUBLIC_URL
 * (`deps.quizPageUrl(day)`) for pushes whose button opens the page.
 */
import type { QuizDay } from './quiz-day.js';

/** The web app's path of the daily quiz page (also registered in src/web/pages.ts and web/src/pages/registry.ts). */
export const QUIZ_PAGE_PATH = '/quiz';

/** The page's path for the quiz of `day`. */
export function quizPagePath(day: QuizDay): string {
  return `${QUIZ_PAGE_PATH}?day=${day}`;
}
