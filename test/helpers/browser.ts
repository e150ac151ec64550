/**
 * Real Chromium for the browser tests and the screenshots: playwright-core driving Debian's chromium
 * (`apt-get install chromium fonts-noto-cjk`; CHROMIUM_PATH to use another). Never downloads a browser. The
 * flags keep Chromium off the network except for the page under test (background services otherwise try
 * to connect out, which this machine refuses); each launch gets a fresh profile.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
/** What a run without Chromium says instead of running the browser tests. */
export const NO_CHROMIUM = `skipped: no Chromium at ${CHROMIUM} — install it with: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with a fresh profile (Playwright makes a new temporary user data dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A phone inside the WeCom / DingTalk webview: 375 px wide. */
export const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
export const WXWORK_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 wxwork/4.1.20 MicroMessenger/7.0.1';
export const DINGTALK_UA =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 AliApp(DingTalk/7.6.0) DingTalk/7.6.0';
