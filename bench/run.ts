/**
 * `npm run bench`: speed and memory figures (never asserted in tests). Each benchmark prints one JSON line.
 * Sizes come from the environment (BENCH_USERS, BENCH_DAYS, BENCH_SAMPLE, BENCH_CONTACTS) so a quick run is possible.
 * `npm run bench -- contacts` runs one benchmark; `npm run bench -- dashboard` the web dashboard's API (BENCH_RUNS);
 * `npm run bench -- startup` the server's time to /healthz and a command's run time on a seeded year, compiled and via tsx.
 */
import { benchAnswerLatency } from './answer-latency.js';
import { benchCallback } from './callback.js';
import { benchContacts } from './contacts.js';
import { benchDirectoryGrowth } from './directory-growth.js';
import { benchDashboard } from './dashboard.js';
import { benchPush } from './push.js';
import { benchStartup } from './startup.js';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  'answer-latency': benchAnswerLatency,
  push: benchPush,
  contacts: benchContacts,
  'directory-growth': benchDirectoryGrowth,
  callback: benchCallback,
  dashboard: benchDashboard,
  startup: benchStartup,
};

const only = process.argv.slice(2);
for (const [name, run] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const started = performance.now();
  const result = await run();
  process.stdout.write(`${JSON.stringify({ bench: name, ...result, wallSeconds: +((performance.now() - started) / 1000).toFixed(1) })}\n`);
}
