/**
 * The admins' console pages (admins only; the server answers 403 to everyone else). One menu entry (后台) opens
 * the console's home, which links the sections, so the phone's tab bar stays short.
 */
import type { PageEntry } from '../registry';

const admin = ['admin'] as const;

export const ADMIN_SECTIONS = [
  { path: '/admin/roster', title: '花名册导入', icon: 'friends-o', note: '上传 Excel 花名册，试导入预览后再保存' },
  { path: '/admin/publish', title: '发布学习专题', icon: 'volume-o', note: '预览、确认发布，10 分钟内可撤回' },
  { path: '/admin/org', title: '部门与角色', icon: 'cluster-o', note: '部门树，设置部门领导和管理员' },
  { path: '/admin/bank', title: '题库', icon: 'notes-o', note: '搜索题目，上传导入题库' },
  { path: '/admin/jobs', title: '定时任务', icon: 'clock-o', note: '推送时间、开关和下次运行' },
  { path: '/admin/outbox', title: '推送队列', icon: 'send-gift-o', note: '待发送和未送达的推送，可重试' },
  { path: '/admin/audit', title: '操作日志', icon: 'records-o', note: '每一次管理操作：谁、何时、做了什么' },
] as const;

export const ADMIN_PAGES: PageEntry[] = [
  {
    name: 'admin',
    path: '/admin',
    title: '管理后台',
    roles: [...admin],
    menu: { icon: 'setting-o', label: '后台' },
    component: () => import('./AdminHome.vue'),
  },
  { name: 'admin-roster', path: '/admin/roster', title: '花名册导入', roles: [...admin], component: () => import('./RosterPage.vue') },
  { name: 'admin-publish', path: '/admin/publish', title: '发布学习专题', roles: [...admin], component: () => import('./PublishPage.vue') },
  { name: 'admin-org', path: '/admin/org', title: '部门与角色', roles: [...admin], component: () => import('./OrgPage.vue') },
  { name: 'admin-bank', path: '/admin/bank', title: '题库', roles: [...admin], component: () => import('./BankPage.vue') },
  { name: 'admin-jobs', path: '/admin/jobs', title: '定时任务', roles: [...admin], component: () => import('./JobsPage.vue') },
  { name: 'admin-outbox', path: '/admin/outbox', title: '推送队列', roles: [...admin], component: () => import('./OutboxPage.vue') },
  { name: 'admin-audit', path: '/admin/audit', title: '操作日志', roles: [...admin], component: () => import('./AuditPage.vue') },
];
