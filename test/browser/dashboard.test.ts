/**
 * The web app in a real Chromium (issue 16): sign in with a one-time link, the dashboard's charts render, drill
 * down department → people → one person, send a reminder, at phone (375 px) and desktop width; and the in-client
 * sign-ins: WeCom OAuth against the fake WeCom, DingTalk 免登 with the client's requestAuthCode. The server is
 * the real app on a random port with two months of synthetic history.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWecomApi } from '../../src/channels/wecom/api.js';
import { wecomIdentity } from '../../src/channels/wecom/web-identity.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { seedHistory } from '../../src/directory/seed-history.js';
import { createDingtalkApi } from '../../src/channels/dingtalk/api.js';
import { dingtalkIdentity } from '../../src/channels/dingtalk/web-identity.js';
import { fixedClock } from '../../src/core/clock.js';
import { startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { DESKTOP, DINGTALK_UA, NO_CHROMIUM, PHONE, WXWORK_UA, chromiumAvailable, launchChromium } from '../helpers/browser.js';
import { startWebServer } from '../helpers/web.js';

const NOW = '2026-11-24T02:00:00Z';
const CORP = 'wwpufa0000000001';
const ADMIN = 'demo-u00001';
/** A leader of 第2科室 (seedHistory makes every 50th person from the 2nd a leader). */
const LEADER = 'demo-u00002';

describe.skipIf(!chromiumAvailable)(chromiumAvailable ? 'the web app in Chromium' : `the web app in Chromium (${NO_CHROMIUM})`, { timeout: 60_000 }, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startWebServer>>;
  let wecom: Awaited<ReturnType<typeof startFakeWecomApi>>;
  let dingtalk: Awaited<ReturnType<typeof startFakeDingtalk>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const clock = fixedClock(NOW);
    wecom = await startFakeWecomApi({ corpId: CORP, secret: 'app-secret', now: () => clock.now().getTime() });
    dingtalk = await startFakeDingtalk({ now: () => clock.now() });
    const wecomApi = createWecomApi({ apiBase: wecom.url, corpId: CORP, secret: 'app-secret', clock, logger: createMemoryLogger(), sleep: async () => {} });
    const dtApi = createDingtalkApi({
      clientId: dingtalk.clientId,
      clientSecret: dingtalk.clientSecret,
      robotCode: dingtalk.clientId,
      apiBase: dingtalk.url,
      oapiBase: dingtalk.url,
      clock,
    });
    server = await startWebServer({
      now: NOW,
      demo: false,
      env: { WECOM_OAUTH_URL: `${wecom.url}/connect/oauth2/authorize`, DINGTALK_CORP_ID: 'dingcorp01', PLAYGROUND: 'true' },
      webSignIn: {
        wecom: { corpId: CORP, agentId: 1000002, exchange: wecomIdentity(wecomApi) },
        dingtalk: { clientId: dingtalk.clientId, exchange: dingtalkIdentity(dtApi) },
      },
    });
    wecom.oauth.settings.trustedDomain = new URL(server.url).host;
    await seedHistory(server.deps, { users: 120, days: 60, departments: 6, participation: 0.8, accuracy: 0.72 });
    const leader = (await server.store.getPerson(LEADER))!;
    const member = (await server.store.getPerson('demo-u00003'))!;
    await server.store.savePeople([
      { ...leader, identities: { ...leader.identities, wecom: 'LeaderOnWeCom' } },
      { ...member, identities: { ...member.identities, dingtalk: 'dt-member' } },
    ]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await wecom?.close();
    await dingtalk?.close();
  });

  async function open(options: typeof DESKTOP): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  /** Opens a one-time link as a person would: the confirmation page, then 确认登录. */
  async function signInByLink(page: Page, personId: string): Promise<void> {
    const { url } = await server.deps.auth.issueLink((await server.store.getPerson(personId))!, 'cli');
    await page.goto(url);
    await expect.poll(() => page.locator('h1').textContent()).toBe('普法学习 · 网页后台');
    await page.click('#confirm');
  }

  const chartDrawn = (page: Page, name: string) => page.waitForSelector(`[data-chart="${name}"][data-rendered="true"] canvas`);

  test('desktop: sign in by link, the charts render, drill down to a person', async () => {
    const page = await open(DESKTOP);
    await signInByLink(page, ADMIN);
    await page.waitForURL(/\/dash$/);
    await chartDrawn(page, 'trend');
    await chartDrawn(page, 'heatmap');
    await expect.poll(() => page.locator('[data-test="kpi-rate"]').textContent()).toMatch(/^\d+\.\d%$/);
    const rows = page.locator('[data-test="board"] tbody tr');
    expect(await rows.count()).toBe(6);
    // Drill down: the unit's page (its overview and its people), then one person's history.
    await page.click('[data-test="board"] tr[data-dept="demo-d2"]');
    await page.waitForURL(/\/dash\/departments\/demo-d2/);
    await chartDrawn(page, 'trend');
    await expect.poll(() => page.locator('[data-test="people"] tbody tr').count()).toBe(20);
    await page.click('[data-test="people"] tr[data-person="demo-u00008"]');
    await page.waitForURL(/\/dash\/people\/demo-u00008/);
    await chartDrawn(page, 'person-days');
    await expect.poll(() => page.locator('[data-test="person-totals"] h2').first().textContent()).toContain('学员8');
  });

  test('phone (375 px): a leader sees their unit, picks a period and reminds the unstudied in one click', async () => {
    const page = await open(PHONE);
    await signInByLink(page, LEADER);
    await page.waitForURL(/\/dash/);
    await chartDrawn(page, 'trend');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.click('[data-test="period-picker"] button:has-text("上月")');
    await page.waitForURL(/period=%E4%B8%8A%E6%9C%88/);
    await chartDrawn(page, 'trend');
    await page.click('.van-tabbar-item:has-text("未学")');
    await page.waitForURL(/\/dash\/unstudied/);
    const people = page.locator('.van-cell[data-person]');
    await expect.poll(() => people.count()).toBe(20);
    await page.click('[data-test="remind"]');
    await expect.poll(() => page.locator('[data-test="remind-result"]').first().textContent()).toContain('已提醒 20 人');
    await expect.poll(() => page.locator('.van-tag:has-text("今日已提醒")').count()).toBe(20);
    // Each reminded person got exactly one message (the playground inbox stands in for the platform).
    expect(server.deps.playgroundInbox!.take('demo-u00002')).toHaveLength(1);
    // Another click reminds nobody twice: the button is off once everyone is reminded.
    await expect.poll(() => page.locator('[data-test="remind"]').isDisabled()).toBe(true);
  });

  test('a leader cannot open another unit in the browser either', async () => {
    const page = await open(DESKTOP);
    await signInByLink(page, LEADER);
    await page.waitForURL(/\/dash/);
    await page.goto(`${server.url}/dash/departments/demo-d3`);
    await expect.poll(() => page.locator('.van-notice-bar').first().textContent()).toContain('没有查看此内容的权限');
  });

  test('inside WeCom: the page signs in through OAuth (the fake WeCom) with no link', async () => {
    wecom.oauth.client.user = { userid: 'LeaderOnWeCom' };
    const page = await open({ ...PHONE, userAgent: WXWORK_UA });
    await page.goto(`${server.url}/dash`);
    // Back on the page (a redirect keeps the authorize URL's #wechat_redirect fragment, as in the real client).
    await page.waitForURL(new RegExp(`^${server.url}/dash(#wechat_redirect)?$`));
    await chartDrawn(page, 'trend');
    await expect.poll(() => page.locator('[data-test="who"]').textContent()).toBe('学员2');
    expect(wecom.callsTo('auth/getuserinfo').at(-1)?.outcome).toBe('ok');
  });

  test('inside DingTalk: the page runs 免登 and a member lands on their own history', async () => {
    const code = dingtalk.authCode('dt-member');
    const page = await open({ ...PHONE, userAgent: DINGTALK_UA });
    // DingTalk's client provides requestAuthCode; here it hands out the code the fake DingTalk minted.
    await page.addInitScript((c) => {
      (window as unknown as { dd: unknown }).dd = { requestAuthCode: async () => ({ code: c }) };
    }, code);
    await page.goto(`${server.url}/dash`);
    await page.waitForURL(/\/dash\/people\/demo-u00003/);
    await chartDrawn(page, 'person-days');
    await expect.poll(() => page.locator('[data-test="who"]').textContent()).toBe('学员3');
  });

  test('the playground: a demo leader asks 网页后台 and signs in with the link in the reply', async () => {
    const demo = await startWebServer({ now: NOW });
    try {
      const page = await open(DESKTOP);
      await page.goto(`${demo.url}/`);
      await page.waitForSelector('#user option[value="wangjz"]', { state: 'attached' });
      await page.selectOption('#user', 'wangjz');
      await page.click('.quick button[data-t="后台"]');
      const link = page.locator('#log a[href*="/l/"]');
      await link.waitFor();
      await page.goto((await link.getAttribute('href'))!);
      await page.click('#confirm');
      await page.waitForURL(/\/dash$/);
      await chartDrawn(page, 'trend');
      await expect.poll(() => page.locator('[data-test="who"]').textContent()).toBe('王局长');
    } finally {
      await demo.close();
    }
  });

  test('outside the clients without a session, the page explains how to get a link', async () => {
    const page = await open(DESKTOP);
    await page.goto(`${server.url}/dash`);
    await page.waitForURL(/\/signin\?returnTo=/);
    await expect.poll(() => page.locator('.box').first().textContent()).toContain('发送“后台”');
  });
});
