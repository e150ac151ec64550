/**
 * The exam pages in a real Chromium at phone width (375 px): a person signs in with a one-time link, starts a
 * short exam, answers by tapping (each answer saved at once), loses the connection (the answer is kept and saved
 * when it is back), reloads the page (the attempt resumes with its answers), jumps with 答题卡, submits with one
 * question unanswered (the dialog counts it) and sees the result and the certificate link. A leader opens 考试统计:
 * their department's 参考率 and the 未参考名单, and reminds it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activeAttempt, answerFor, createExam, examFile } from '../helpers/exam.js';
import { NO_CHROMIUM, PHONE, chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { startWebServer } from '../helpers/web.js';

const NOW = '2026-12-01T02:00:00Z';

describe.skipIf(!chromiumAvailable)(
  chromiumAvailable ? 'the exam pages in Chromium' : `the exam pages in Chromium (${NO_CHROMIUM})`,
  { timeout: 90_000 },
  () => {
    let browser: Browser;
    let server: Awaited<ReturnType<typeof startWebServer>>;
    let examId: string;
    const contexts: BrowserContext[] = [];

    beforeAll(async () => {
      server = await startWebServer({ now: NOW });
      examId = await createExam(
        server.deps,
        examFile({
          name: '年度学法考试（测试）',
          passMark: 3,
          attempts: 1,
          paper: { counts: { single: 2, multi: 1, judge: 2 }, points: { single: 1, multi: 2, judge: 1 } },
        }),
      );
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await server?.close();
    });

    async function open(): Promise<{ page: Page; context: BrowserContext }> {
      const context = await browser.newContext(PHONE);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return { page, context };
    }

    async function signInByLink(page: Page, personId: string): Promise<void> {
      const { url } = await server.deps.auth.issueLink((await server.store.getPerson(personId))!, 'cli');
      await page.goto(url);
      await page.click('#confirm');
      await page.waitForURL(/\/dash/);
    }

    const question = (page: Page) => page.locator('section.question');
    /** Taps the answer to the question on screen (right or wrong, by the test's oracle). */
    const tapAnswer = (page: Page, index: number, right: boolean) => tapAnswerOf(page, 'zhangsan', index, right);
    async function tapAnswerOf(page: Page, personId: string, index: number, right: boolean): Promise<void> {
      await expect.poll(() => question(page).getAttribute('data-index')).toBe(String(index));
      const a = await activeAttempt(server.deps, examId, personId);
      for (const key of answerFor(a, index, right)) await page.click(`section.question [data-option="${key}"]`);
    }

    test('phone: sign in by link, take a short exam through a lost connection and a reload, submit, see the result', async () => {
      const { page, context } = await open();
      await signInByLink(page, 'zhangsan');
      await page.goto(`${server.url}/exams`);
      const card = page.locator(`section[data-exam="${examId}"]`);
      await expect.poll(() => card.textContent()).toContain('共 5 题，满分 6 分，3 分及格；限时 30 分钟');
      await card.locator('[data-test="start"]').click();
      await page.click('.van-dialog__confirm');
      await page.waitForURL(new RegExp(`/exams/${examId}/take$`));
      await expect.poll(() => page.locator('[data-test="timer"]').textContent()).toMatch(/⏱ (30:00|29:5\d)/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

      // question 1: saved at once
      await tapAnswer(page, 0, true);
      await page.locator('section.question [data-test="saved"]').waitFor();
      await expect.poll(async () => (await activeAttempt(server.deps, examId, 'zhangsan')).answers[0]).not.toBeNull();

      // question 2 while the connection is down: kept on the page, saved when it is back
      await page.click('[data-test="next"]');
      await context.setOffline(true);
      await tapAnswer(page, 1, true);
      await page.locator('[data-test="offline"]').waitFor();
      expect((await activeAttempt(server.deps, examId, 'zhangsan')).answers[1]).toBeNull();
      await context.setOffline(false);
      await expect.poll(async () => (await activeAttempt(server.deps, examId, 'zhangsan')).answers[1], { timeout: 15_000 }).not.toBeNull();
      await page.locator('[data-test="offline"]').waitFor({ state: 'detached' });

      // a reload resumes the attempt at the first unanswered question, with the saved answers
      await page.reload();
      await expect.poll(() => question(page).getAttribute('data-index')).toBe('2');
      await tapAnswer(page, 2, true); // the multiple-choice question (2 points)
      await page.locator('section.question [data-test="saved"]').waitFor();
      // 答题卡: jump to question 5 and answer it; question 4 stays unanswered
      await page.click('[data-test="sheet"]');
      await page.click('[data-jump="4"]');
      await tapAnswer(page, 4, false);
      await page.locator('section.question [data-test="saved"]').waitFor();

      const paper = (await activeAttempt(server.deps, examId, 'zhangsan')).paper;
      const expected = paper[0]!.points + paper[1]!.points + paper[2]!.points;

      // 交卷: the dialog counts the unanswered question
      await page.click('[data-test="submit"]');
      await expect.poll(() => page.locator('.van-dialog__message').textContent()).toBe('还有 1 题未作答（第 4 题），确认交卷吗？');
      await page.click('.van-dialog__confirm');
      await page.waitForURL(new RegExp(`/exams/${examId}/result`));
      await expect.poll(() => page.locator('[data-test="score"]').textContent()).toBe(String(expected));
      expect(await page.locator('[data-test="verdict"]').textContent()).toBe(expected >= 3 ? '通过' : '未通过');
      expect(await page.locator('[data-test="certificate"]').getAttribute('href')).toBe(`/api/exam/exams/${examId}/certificate`);
      await expect.poll(() => page.locator('[data-test="review"]').textContent()).toContain('正确答案');
      // the certificate page opens with the session
      const cert = await context.request.get(`${server.url}/api/exam/exams/${examId}/certificate`);
      expect([cert.status(), (await cert.text()).includes('合格证书')]).toEqual([200, true]);
    });

    test('phone: at zero the page submits by itself and says so', async () => {
      const { page } = await open();
      await page.clock.install(); // the page's clocks (timers, performance.now) move only when the test says
      await signInByLink(page, 'lisi');
      await page.goto(`${server.url}/exams/${examId}/take`);
      await expect.poll(() => page.locator('[data-test="timer"]').textContent()).toBe('⏱ 30:00');
      await tapAnswerOf(page, 'lisi', 0, true);
      await page.locator('section.question [data-test="saved"]').waitFor();
      await page.clock.fastForward('25:00');
      await expect.poll(() => page.locator('[data-test="timer"]').textContent()).toMatch(/⏱ 0[45]:\d\d/);
      // the server's time runs out too; the page's timer reaches zero and submits what was saved
      server.clock.advance(30 * 60_000);
      await page.clock.fastForward('05:01');
      await page.waitForURL(new RegExp(`/exams/${examId}/result\\?auto=1`));
      await expect.poll(() => page.locator('[data-test="result"]').textContent()).toContain('考试时间已到，已按已保存的答案自动交卷');
      const [a] = await server.deps.exam.store.attemptsOf(examId, 'lisi');
      expect(a?.status).toBe('timed-out');
      expect(await page.locator('[data-test="score"]').textContent()).toBe(String(a?.score));
    });

    test('phone: a leader sees their department in 考试统计 and reminds the 未参考名单', async () => {
      const { page } = await open();
      await signInByLink(page, 'likz');
      await page.click('.van-tabbar-item:has-text("考试统计")');
      await page.waitForURL(/\/exams\/admin/);
      const rows = page.locator('[data-test="exam-departments"] tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      expect(await rows.nth(1).textContent()).toContain('县司法局/法制科');
      expect(await rows.nth(0).textContent()).toMatch(/合计\s*2\s*1\s*50\.0%/);
      await expect.poll(() => page.locator('[data-test="not-taken"] .van-cell').count()).toBe(1);
      await page.click('[data-test="exam-remind"]');
      await expect.poll(() => page.locator('[data-test="exam-remind-result"]').textContent()).toContain('已提醒 1 人');
      await expect.poll(() => page.locator('[data-test="not-taken"] .van-tag:has-text("今日已提醒")').count()).toBe(1);
      expect(server.deps.playgroundInbox!.take('likz').some((m) => m.includes('【考试提醒】'))).toBe(true);
    });
  },
);
