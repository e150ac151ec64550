/**
 * Benchmark: the dashboard's API for 10,000 people × 1 year (issue 16: each page's API ≤ 200 ms). Seeds a year of
 * history (seed-demo's generator: 100 units of 100 people, 85 % participation) into the in-memory state store (the
 * same running aggregates the lowdb store keeps), serves the real app on 127.0.0.1, signs in with a login link,
 * and times each page's API call over HTTP (the server's whole work: session, scope, computation, JSON) as an admin
 * (everything) and as the leader of one unit. Sizes: BENCH_USERS, BENCH_DAYS, BENCH_RUNS.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { chineseWorkCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import { createDeps } from '../src/deps.js';
import { seedHistory } from '../src/directory/seed-history.js';
import { createMemoryStore } from '../src/store/memory-store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NOW = '2026-11-24T08:00:00Z'; // a Tuesday, 16:00 in Beijing

/** Cookie header from a response's Set-Cookie lines. */
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((l) => l.split(';')[0])
    .join('; ');

export async function benchDashboard(): Promise<Record<string, unknown>> {
  const logger = createLogger({ level: 'warn' });
  const store = createMemoryStore();
  let handler: ((req: any, res: any) => void) | undefined;
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    QUESTIONS_DIR: join(ROOT, 'questions'),
    LAWS_DIR: join(ROOT, 'laws'),
    DATA_DIR: '/nonexistent',
    PUBLIC_URL: url,
    PLAYGROUND: 'false',
  });
  const deps = await createDeps({ config, clock: fixedClock(NOW), logger, store, calendar: chineseWorkCalendar });
  handler = buildApp(deps).callback();
  const t0 = performance.now();
  const seeded = await seedHistory(deps, { users: USERS, days: DAYS, departments: Math.ceil(USERS / 100) });
  const seedSeconds = +((performance.now() - t0) / 1000).toFixed(1);
  // Some of today's study, so 未学名单 is a real list: the first 60 % of people finish today.
  const today = deps.stats.today();
  for (const p of (await store.listPeople()).slice(0, Math.floor(USERS * 0.6))) await store.completeDay(p.id, today, 0);

  const signIn = async (personId: string) => {
    const { url: link } = await deps.auth.issueLink((await store.getPerson(personId))!, 'cli');
    return cookiesOf(await fetch(link, { method: 'POST', redirect: 'manual' }));
  };
  const admin = await signIn('demo-u00001');
  const leader = await signIn('demo-u00002'); // heads 第2科室 (100 people)

  const pages: Array<[string, string]> = [
    ['overview 本月', '/api/dash/overview?period=本月'],
    ['overview 本年 (by month)', '/api/dash/overview?period=本年'],
    ['overview 本年 by day', '/api/dash/overview?period=本年&by=day'],
    ['department 本月', '/api/dash/overview?period=本月&department=demo-d2'],
    ['people of a unit 本月', '/api/dash/people?period=本月&department=demo-d2'],
    ['people: everyone 本年', '/api/dash/people?period=本年'],
    ['person 本年', '/api/dash/people/demo-u00008?period=本年'],
    ['未学名单', '/api/dash/unstudied'],
    ['薄弱法条 本年', '/api/dash/laws?period=本年'],
    ['/api/reports/departments 本年', '/api/reports/departments?from=2026-01-01&to=2026-11-24'],
  ];
  const time = async (cookie: string, path: string) => {
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const s = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      if (i >= 2) samples.push(performance.now() - s); // two warm-up calls
      bytes = body.byteLength;
    }
    samples.sort((a, b) => a - b);
    return { medianMs: +samples[Math.floor(samples.length / 2)]!.toFixed(1), maxMs: +samples.at(-1)!.toFixed(1), kB: Math.round(bytes / 1024) };
  };
  const results: Record<string, unknown> = {};
  for (const [name, path] of pages) results[`admin: ${name}`] = await time(admin, path);
  for (const [name, path] of pages.filter(([n]) => !n.startsWith('/api/reports') && !n.includes('everyone'))) {
    if (!path.includes('demo-u00008')) results[`leader: ${name}`] = await time(leader, path);
  }
  results['admin: export.xlsx 本月'] = await time(admin, '/api/dash/export.xlsx?period=本月');
  server.closeAllConnections();
  server.close();
  const worst = Math.max(
    ...Object.entries(results)
      .filter(([k]) => !k.includes('xlsx'))
      .map(([, v]) => (v as { medianMs: number }).medianMs),
  );
  return { people: seeded.people, studyDays: seeded.studyDays, seedSeconds, runs: RUNS, worstPageMedianMs: worst, targetMs: 200, pages: results };
}
