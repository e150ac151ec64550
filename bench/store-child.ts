/**
 * A child process of bench/store.ts, so each figure is measured in a process of its own (RSS, start-up):
 * - `seed <dataDir> <users> <days>`: seed-demo into a new data directory; prints the time, peak RSS and size;
 * - `open <dataDir>`: opens the store and builds the services as the server does; prints the store's open time,
 *   the time until ready to serve, and the RSS once ready (after a garbage collection) and after answering.
 * Prints one JSON line.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { chineseWorkCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import { createDeps } from '../src/deps.js';
import { seedHistory } from '../src/directory/seed-history.js';
import { displayedAnswer } from '../src/quiz/format.js';
import { LowdbStore } from '../src/store/lowdb-store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const NOW = '2026-11-24T02:00:00Z';
const [mode, dataDir, usersArg, daysArg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round(bytes / 1e6);

export function dirBytes(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    total += f.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

async function deps(store: LowdbStore) {
  const logger = createLogger({ level: 'warn' });
  const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: dataDir!, ANSWER_MIN_MS: '0' });
  return createDeps({ config, clock: fixedClock(NOW), logger, store, calendar: chineseWorkCalendar });
}

if (mode === 'seed') {
  const t0 = performance.now();
  const store = await LowdbStore.open({ dataDir: dataDir!, logger: createLogger({ level: 'warn' }) });
  const d = await deps(store);
  const users = Number(usersArg);
  const seeded = await seedHistory(d, { users, days: Number(daysArg), departments: Math.ceil(users / 100) });
  await store.close();
  const seconds = (performance.now() - t0) / 1000;
  const answers = seeded.quizDays * d.config.quizSize;
  const bytes = dirBytes(dataDir!);
  process.stdout.write(
    `${JSON.stringify({ ...seeded, answers, seconds: +seconds.toFixed(1), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1e3), diskMb: mb(bytes), diskBytesPerAnswer: +(bytes / answers).toFixed(1) })}\n`,
  );
} else if (mode === 'open') {
  const t0 = performance.now();
  const store = await LowdbStore.open({ dataDir: dataDir!, logger: createLogger({ level: 'warn' }) });
  const openMs = performance.now() - t0;
  const d = await deps(store);
  const readyMs = performance.now() - t0;
  gc?.();
  const rssReadyMb = mb(process.memoryUsage().rss);
  const heapReadyMb = mb(process.memoryUsage().heapUsed);
  // Serve a morning: 500 people start the quiz and answer each question.
  const everyone = await store.listPeople();
  const people = everyone.slice(0, 500);
  for (const p of people) {
    await d.quiz.start(p);
    for (let i = 0; i < d.config.quizSize; i++) {
      const day = d.quiz.today();
      const quiz = (await store.getQuiz(p.id, day))!;
      const item = quiz.items[(await store.answersOf(p.id, day)).length];
      if (!item) break;
      await d.quiz.answer(p, displayedAnswer(d.bank.get(item.questionId)!, item.order));
    }
  }
  gc?.();
  const rssServingMb = mb(process.memoryUsage().rss);
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ people: everyone.length, openMs: Math.round(openMs), readyMs: Math.round(readyMs), rssReadyMb, heapReadyMb, rssServingMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1e3) })}\n`,
  );
}
