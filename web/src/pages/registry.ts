/**
 * The page registry: every page of the web app, with its path, title, who may open it and whether the menu
 * lists it. The router, the menu and the tab bar are built from this list, so a new page (the admins'
 * console, the annual exam) is one entry here plus its component, and its path prefix in src/web/pages.ts on
 * the server. Roles are checked here only to hide what cannot be used; the server checks every API call.
 */
import type { Component } from 'vue';
import type { Role } from '../auth/session';
import { ADMIN_PAGES } from './admin/admin-pages';

export interface PageEntry {
  readonly name: string;
  readonly path: string;
  readonly title: string;
  /** Who may open it (any of them); empty = anyone signed in. `public` pages need no session. */
  readonly roles: readonly Role[];
  readonly public?: boolean;
  /** Shown in the menu / tab bar, with this Vant icon name; `roles`: only for these (default: the page's roles). */
  readonly menu?: { readonly icon: string; readonly label: string; readonly roles?: readonly Role[] };
  readonly component: () => Promise<Component>;
}

export const PAGES: PageEntry[] = [
  {
    name: 'overview',
    path: '/dash',
    title: '参学概览',
    roles: ['leader', 'admin'],
    menu: { icon: 'chart-trending-o', label: '概览' },
    component: () => import('./dash/OverviewPage.vue'),
  },
  {
    name: 'unstudied',
    path: '/dash/unstudied',
    title: '未学名单',
    roles: ['leader', 'admin'],
    menu: { icon: 'bell', label: '未学' },
    component: () => import('./dash/UnstudiedPage.vue'),
  },
  {
    name: 'laws',
    path: '/dash/laws',
    title: '薄弱法条',
    roles: ['leader', 'admin'],
    menu: { icon: 'records-o', label: '薄弱法条' },
    component: () => import('./dash/LawsPage.vue'),
  },
  {
    name: 'department',
    path: '/dash/departments/:id',
    title: '部门详情',
    roles: ['leader', 'admin'],
    component: () => import('./dash/DepartmentPage.vue'),
  },
  {
    name: 'person',
    path: '/dash/people/:id',
    title: '个人学习记录',
    roles: [],
    component: () => import('./dash/PersonPage.vue'),
  },
  ...ADMIN_PAGES,
  {
    // Everyone answers; the tab is the members' (leaders' and admins' tab bars stay short; they open it from the push).
    name: 'quiz',
    path: '/quiz',
    title: '每日答题',
    roles: [],
    menu: { icon: 'todo-list-o', label: '答题', roles: ['member'] },
    component: () => import('./quiz/QuizPage.vue'),
  },
  {
    name: 'exams',
    path: '/exams',
    title: '年度学法考试',
    roles: [],
    menu: { icon: 'edit', label: '考试' },
    component: () => import('./exam/ExamListPage.vue'),
  },
  {
    name: 'exam-take',
    path: '/exams/:id/take',
    title: '考试',
    roles: [],
    component: () => import('./exam/ExamTakePage.vue'),
  },
  {
    name: 'exam-result',
    path: '/exams/:id/result',
    title: '考试成绩',
    roles: [],
    component: () => import('./exam/ExamResultPage.vue'),
  },
  {
    name: 'exam-admin',
    path: '/exams/admin',
    title: '考试统计',
    roles: ['leader', 'admin'],
    menu: { icon: 'bar-chart-o', label: '考试统计' },
    component: () => import('./exam/ExamAdminPage.vue'),
  },
  {
    name: 'signin',
    path: '/signin',
    title: '登录',
    roles: [],
    public: true,
    component: () => import('./SignInPage.vue'),
  },
];

/** Registers more pages (another part of the app calls this before the router is created). */
export function registerPages(entries: readonly PageEntry[]): void {
  PAGES.push(...entries);
}
