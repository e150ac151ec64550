/**
 * `npm run screenshots`: refreshes docs/screenshots/*.png, the main pages of the web app at phone width (375 px,
 * as in the WeCom/DingTalk webview) and desktop width (1280 px). Runs the real app in-process on a random port
 * with synthetic history (120 people, 6 units, 60 days) and Debian's Chromium (CHROMIUM_PATH to use another).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { seedHistory } from '../src/directory/seed-history.js';
import { CHROMIUM, DESKTOP, PHONE, chromiumAvailable, launchChromium } from '../test/helpers/browser.js';
import { startWebServer } from '../test/helpers/web.js';
import { answerAt } from '../test/helpers/quiz-answers.js';
import type { Person } from '../src/core/model.js';
import { ensureWebBuilt } from './web-build.mjs';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

if (!chromiumAvailable) {
  process.stderr.write(`No Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)\n`);
  process.exit(1);
}
if (!ensureWebBuilt()) process.exit(1);
mkdirSync(OUT, { recursive: true });

const server = await startWebServer({ now: '2026-11-24T06:00:00Z', demo: false, env: { PLAYGROUND: 'true' } });
await seedHistory(server.deps, { users: 120, days: 60, departments: 6, participation: 0.82, accuracy: 0.72 });
const browser = await launchChromium();

async function signedIn(width: 'phone' | 'desktop', personId: string): Promise<Page> {
  const page = await (await browser.newContext(width === 'phone' ? PHONE : DESKTOP)).newPage();
  const { url } = await server.deps.auth.issueLink((await server.store.getPerson(personId))!, 'cli');
  await page.goto(url);
  await page.click('#confirm');
  await page.waitForURL(/\/dash/);
  return page;
}

/** Waits for the page's charts (if any) to finish drawing, then saves it. */
async function shoot(page: Page, path: string, name: string, fullPage = true): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-rendered') === 'true'));
  // A full-page picture of a phone: the fixed tab bar goes to the page's foot instead of the middle of the image.
  await page.addStyleTag({ content: '.layout{position:relative}.van-tabbar--fixed{position:absolute!important;bottom:0}' });
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  process.stdout.write(`docs/screenshots/${name}.png\n`);
}

for (const width of ['phone', 'desktop'] as const) {
  const admin = await signedIn(width, 'demo-u00001');
  await shoot(admin, '/dash?period=本月', `overview-${width}`);
  await shoot(admin, '/dash/departments/demo-d2?period=本月', `department-${width}`);
  await shoot(admin, '/dash/people/demo-u00008?period=本月', `person-${width}`);
  await shoot(admin, '/dash/unstudied', `unstudied-${width}`, false);
  await shoot(admin, '/dash/laws?period=本季度', `laws-${width}`);
}
// The admins' console: its home, a roster with a bad row (dry run), a 发布 preview, the jobs, the outbox, the audit log.
const ROSTER = ['姓名,部门,企业微信账号,角色', '周九,第1科室,zhoujiu,成员', '孙八,第2科室,sunba,科员', ',第3科室,wushi,成员'].join('\n');
for (const width of ['phone', 'desktop'] as const) {
  const admin = await signedIn(width, 'demo-u00001');
  await shoot(admin, '/admin', `admin-${width}`, false);
  await admin.goto(`${server.url}/admin/roster`);
  await admin.setInputFiles('[data-test="roster-file"]', { name: '花名册.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
  await admin.waitForSelector('[data-test="roster-errors"]');
  await admin.screenshot({ path: join(OUT, `admin-roster-${width}.png`), fullPage: true });
  process.stdout.write(`docs/screenshots/admin-roster-${width}.png\n`);
  await admin.goto(`${server.url}/admin/publish`);
  await admin.fill('[data-test="pub-title"] input', '行政处罚的追责时效');
  await admin.fill('[data-test="pub-body"] textarea', '请学习《行政处罚法》第三十六条，注意违法行为的发现期限。');
  await admin.click('[data-test="pub-preview"]');
  await admin.waitForSelector('[data-test="pub-draft"]');
  await admin.screenshot({ path: join(OUT, `admin-publish-${width}.png`), fullPage: true });
  process.stdout.write(`docs/screenshots/admin-publish-${width}.png\n`);
  await shoot(admin, '/admin/jobs', `admin-jobs-${width}`, false);
  await shoot(admin, '/admin/org', `admin-org-${width}`, false);
  await shoot(admin, '/admin/audit', `admin-audit-${width}`, false);
}

// 每日答题 at phone width: a member who has not studied today answers the first question wrong (the verdict with
// its explanation and basis), then the rest (through the quiz service, as the page would), and sees the summary.
const today = server.deps.quiz.today();
let member: Person | undefined;
for (const p of await server.store.listPeople()) {
  if (member || !p.active || !p.roles.includes('member') || !p.departmentId) continue;
  if ((await server.store.dayStats(p.id, today)).answered === 0) member = p;
}
if (member) {
  const quizPage = await signedIn('phone', member.id);
  await quizPage.goto(`${server.url}/quiz`);
  await quizPage.waitForSelector('section.question');
  const right = await answerAt(server.deps, member.id, 0);
  const type = await quizPage.locator('section.question').getAttribute('data-type');
  const wrong = type === 'judge' ? (right === '对' ? 'B' : 'A') : right === 'A' ? 'B' : 'A';
  await quizPage.click(`section.question [data-option="${wrong}"]`);
  await quizPage.click('[data-test="submit"]');
  await quizPage.waitForSelector('[data-test="verdict"]');
  await quizPage.screenshot({ path: join(OUT, 'quiz-phone.png'), fullPage: true });
  process.stdout.write('docs/screenshots/quiz-phone.png\n');
  const quiz = (await server.store.getQuiz(member.id, today))!;
  for (let i = 1; i < quiz.items.length; i++)
    await server.deps.quizPage.answer(member, { day: today, index: i, answer: await answerAt(server.deps, member.id, i) });
  await shoot(quizPage, '/quiz', 'quiz-summary-phone');
}

const phone = await (await browser.newContext(PHONE)).newPage();
const { url } = await server.deps.auth.issueLink((await server.store.getPerson('demo-u00002'))!, 'chat');
await phone.goto(url);
await phone.screenshot({ path: join(OUT, 'login-link-phone.png') });
process.stdout.write('docs/screenshots/login-link-phone.png\n');
await phone.goto(`${server.url}/signin`);
await phone.waitForSelector('.box p');
await phone.screenshot({ path: join(OUT, 'signin-phone.png') });
process.stdout.write('docs/screenshots/signin-phone.png\n');

await browser.close();
await server.close();
