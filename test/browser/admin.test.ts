/**
 * The admins' console in a real Chromium (issue 16): upload a roster with a bad row and see the row, column and
 * reason reported (and nothing saved); 发布 with preview (the audience and the article text), confirm, and
 * recall (the message taken back out of the playground inbox), at desktop and phone width.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DESKTOP, NO_CHROMIUM, PHONE, chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { startWebServer } from '../helpers/web.js';

const ROSTER_BAD = ['姓名,部门,企业微信账号,角色', '周九,县司法局/法制科,zhoujiu,成员', '孙八,县司法局/法制科,sunba,科员'].join('\n');

describe.skipIf(!chromiumAvailable)(
  chromiumAvailable ? "the admins' console in Chromium" : `the admins' console in Chromium (${NO_CHROMIUM})`,
  { timeout: 60_000 },
  () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof startWebServer>>;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startWebServer({ env: { PLAYGROUND: 'true' } });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
    });

    async function signedIn(options: typeof DESKTOP, personId: string): Promise<Page> {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const { url } = await server.deps.auth.issueLink((await server.store.getPerson(personId))!, 'cli');
      await page.goto(url);
      await page.click('#confirm');
      await page.waitForURL(/\/dash/);
      return page;
    }

    test('desktop: a roster with a bad row is reported with its row, column and reason, and cannot be saved', async () => {
      const page = await signedIn(DESKTOP, 'admin');
      await page.click('a:has-text("后台")');
      await page.waitForURL(/\/admin$/);
      await page.click('.van-cell:has-text("花名册导入")');
      await page.waitForURL(/\/admin\/roster/);
      await page.setInputFiles('[data-test="roster-file"]', { name: '花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER_BAD) });
      const errors = page.locator('[data-test="roster-errors"] tbody tr');
      await expect.poll(() => errors.count()).toBe(1);
      expect((await errors.first().textContent())?.replace(/\s+/g, '')).toContain('第3行角色未知角色“科员”');
      expect(await page.locator('[data-test="roster-apply"]').count()).toBe(0);
      expect(await server.store.getPerson('zhoujiu')).toBeUndefined();
    });

    test('phone: 发布 with preview, confirm, then recall within 10 minutes', async () => {
      const page = await signedIn(PHONE, 'admin');
      await page.goto(`${server.url}/admin/publish`);
      await page.fill('[data-test="pub-title"] input', '行政处罚的追责时效');
      await page.fill('[data-test="pub-body"] textarea', '请学习《行政处罚法》第三十六条。');
      await page.fill('[data-test="pub-targets"] input', '法制科');
      await page.click('[data-test="pub-preview"]');
      await expect.poll(() => page.locator('[data-test="pub-draft"] h2').textContent()).toContain('将推送给 2 人');
      expect(await page.locator('[data-test="pub-draft"] pre').textContent()).toContain('【法条原文】《行政处罚法》第三十六条');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.click('[data-test="pub-confirm"]');
      await expect.poll(() => page.locator('[data-test="pub-result"]').textContent()).toContain('推送给 2 人');
      expect(server.deps.playgroundInbox!.sent.get('zhangsan')?.some((m) => m.includes('行政处罚的追责时效'))).toBe(true);
      await page.click('[data-test="pub-recall"]');
      await expect.poll(() => page.locator('[data-test="pub-result"]').textContent()).toContain('已撤回');
      expect(server.deps.playgroundInbox!.take('zhangsan').some((m) => m.includes('行政处罚的追责时效'))).toBe(false);
      // An unknown article: the preview names it and offers no confirmation.
      await page.fill('[data-test="pub-body"] textarea', '《行政处罚法》第九百条');
      await page.click('[data-test="pub-preview"]');
      await expect.poll(() => page.locator('[data-test="pub-errors"]').textContent()).toContain('没有找到 《行政处罚法》第九百条 的条文');
      expect(await page.locator('[data-test="pub-confirm"]').count()).toBe(0);
    });

    test('a leader opening the console sees no data: the server refuses', async () => {
      const page = await signedIn(DESKTOP, 'likz');
      expect(await page.locator('a:has-text("后台")').count()).toBe(0);
      const status = await page.evaluate(async () => (await fetch('/api/admin/org')).status);
      expect(status).toBe(403);
    });
  },
);
