/** The router, built from the page registry; signs in first and keeps people to the pages of their role. */
import { createRouter, createWebHistory } from 'vue-router';
import { hasAnyRole, loadMe } from './auth/session';
import { PAGES } from './pages/registry';

export function createAppRouter() {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      ...PAGES.map((p) => ({ path: p.path, name: p.name, component: p.component, meta: { title: p.title, roles: p.roles, public: p.public === true } })),
      { path: '/:rest(.*)*', redirect: '/dash' },
    ],
    scrollBehavior: () => ({ top: 0 }),
  });
  router.beforeEach(async (to) => {
    const me = await loadMe();
    if (to.meta.public) return true;
    if (!me.signedIn) return { path: '/signin', query: { returnTo: to.fullPath } };
    if (!hasAnyRole(me, to.meta.roles as never)) return to.path === me.home ? true : me.home;
    return true;
  });
  router.afterEach((to) => {
    document.title = `${String(to.meta.title ?? '')} · 普法学习`;
  });
  return router;
}
