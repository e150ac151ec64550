/**
 * The daily quiz page in a real Chromium at phone width (375 px): a member signs in with a one-time link, goes
 * from their home (个人学习记录) to 每日答题, answers every question by tapping (one wrong, one through a lost
 * connection and 重试提交), sees each verdict with the explanation and 《法》第X条, then the day's summary; a
 * reload shows the summary again, and the answers are the store's, counted once.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NO_CHROMIUM, PHONE, chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { answerAt } from '../helpers/quiz-answers.js';
import { startWebServer } from '../helpers/web.js';

const NOW = '2026-12-01T02:00:00Z';

describe.skipIf(!chromiumAvailable)(
  chromiumAvailable ? 'the daily quiz page in Chromium' : `the daily quiz page in Chromium (${NO_CHROMIUM})`,
  { timeout: 90_000 },
  () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof startWebServer>>;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startWebServer({ now: NOW });
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
    });

    /** The option keys to tap for question `index`: the right answer, or a wrong one. */
    async function keysFor(page: Page, index: number, right: boolean): Promise<string[]> {
      const good = await answerAt(server.deps, 'zhangsan', index);
      const type = await page.locator('section.question').getAttribute('data-type');
      if (type === 'judge') return [(good === '对') === right ? 'A' : 'B'];
      if (right) return [...good];
      return [good === 'A' ? 'B' : 'A'];
    }

    test('phone: from the home page to 每日答题, answer all questions (one wrong, one through a lost connection), see the summary', async () => {
      const context = await browser.newContext(PHONE);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const { url } = await server.deps.auth.issueLink((await server.store.getPerson('zhangsan'))!, 'cli');
      await page.goto(url);
      await page.click('#confirm');
      await page.waitForURL(/\/dash\/people\/zhangsan/);
      await page.click('[data-test="quiz-link"] .van-button');
      await page.waitForURL(/\/quiz$/);
      const day = server.deps.quiz.today();

      for (let i = 0; i < 5; i++) {
        await expect.poll(() => page.locator('section.question').getAttribute('data-index')).toBe(String(i));
        expect(await page.locator('[data-test="progress"]').textContent()).toContain(`已答 ${i}/5`);
        for (const key of await keysFor(page, i, i !== 1)) await page.click(`section.question [data-option="${key}"]`);
        if (i === 3) {
          // the connection drops: nothing is recorded, the choice stays, 重试提交 sends it once it is back
          await context.setOffline(true);
          await page.click('[data-test="submit"]');
          await expect.poll(() => page.locator('[data-test="submit"]').textContent()).toContain('重试提交');
          expect(await server.store.answersOf('zhangsan', day)).toHaveLength(3);
          await context.setOffline(false);
        }
        await page.click('[data-test="submit"]');
        const verdict = page.locator(`[data-test="verdict"][data-index="${i}"]`);
        await verdict.waitFor();
        expect(await verdict.getAttribute('data-correct')).toBe(String(i !== 1));
        expect(await verdict.locator('[data-test="basis"]').textContent()).toMatch(/^依据：《[^》]+》第.+条/);
        if (i === 1) expect(await verdict.locator('[data-test="correct-answer"]').textContent()).toBe(await answerAt(server.deps, 'zhangsan', 1));
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await page.click(i < 4 ? '[data-test="next"]' : '[data-test="to-summary"]');
      }

      const summary = page.locator('[data-test="summary"]');
      await summary.waitFor();
      expect(await summary.locator('[data-test="score"]').textContent()).toBe('4/5');
      expect(await page.locator('[data-test="verdict"]').count()).toBe(5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const stats = await server.store.dayStats('zhangsan', day);
      expect(stats).toMatchObject({ answered: 5, correct: 4, completed: true });
      // a reload shows the day's summary again
      await page.reload();
      await page.locator('[data-test="summary"]').waitFor();
      expect(await page.locator('[data-test="progress"]').textContent()).toContain('已答 5/5');
    });
  },
);
