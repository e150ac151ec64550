/**
 * The page registry on the server: paths the single-page app (web/) handles. A GET of any of them (or below
 * them) is answered with the app's HTML shell; inside WeCom without a session it first goes through OAuth.
 * Adding a page: add its prefix here and its entry in web/src/pages/registry.ts (title, roles, component).
 */
export const WEB_PAGE_PREFIXES: readonly string[] = [
  /** The leaders' dashboard (overview, departments, people, 未学名单, 薄弱法条). */
  '/dash',
  /** The daily quiz (每日答题), answered in the page: the same study as in chat (quiz/quiz-page.ts). */
  '/quiz',
  /** 年度学法考试: my exams, taking one, its result; 考试统计 for leaders and admins. */
  '/exams',
  /** The admins' console (roster, bank, departments and roles, 发布, jobs, outbox, audit log). */
  '/admin',
  /** Sign-in help and the DingTalk 免登 shell. */
  '/signin',
];

/** Whether a path is one of the app's pages. */
export function isPagePath(path: string): boolean {
  return WEB_PAGE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}
