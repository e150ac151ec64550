/**
 * Benchmark: the time to record one answer and serve the next question, in-process on the lowdb store,
 * with an empty history and with a year of history for 10,000 people (seed-demo). Target: ratio ≤ 1.2
 * and p99 < 5 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { chineseWorkCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import { createDeps, type Deps } from '../src/deps.js';
import { seedHistory } from '../src/directory/seed-history.js';
import { displayedAnswer } from '../src/quiz/format.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { addDays } from '../src/core/quiz-day.js';
import { periodFor } from '../src/stats/period.js';
import { collectReportInput, reportBuffer } from '../src/stats/report-xlsx.js';

const ROOT = new URL('..', import.meta.url).pathname;
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 5_000);
const NOW = '2026-11-24T02:00:00Z'; // a Tuesday, 10:00 in Beijing

async function open(dataDir: string): Promise<{ deps: Deps; store: LowdbStore }> {
  const logger = createLogger({ level: 'warn' });
  const store = await LowdbStore.open({ dataDir, logger, snapshotEvery: Number.MAX_SAFE_INTEGER });
  const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: dataDir });
  const deps = await createDeps({ config, clock: fixedClock(NOW), logger, store, calendar: chineseWorkCalendar });
  return { deps, store };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Starts today's quiz for SAMPLE people, then times one answer (record + next question) for each. */
async function measure(deps: Deps): Promise<{ mean: number; p50: number; p99: number; max: number }> {
  const people = (await deps.store.listPeople()).slice(0, SAMPLE);
  for (const p of people) await deps.quiz.start(p);
  const times: number[] = [];
  for (const p of people) {
    const day = deps.quiz.today();
    const quiz = (await deps.store.getQuiz(p.id, day))!;
    const index = (await deps.store.answersOf(p.id, day)).length;
    const item = quiz.items[index]!;
    const answer = displayedAnswer(deps.bank.get(item.questionId)!, item.order);
    const t0 = performance.now();
    const result = await deps.quiz.answer(p, answer);
    times.push(performance.now() - t0);
    if (result.kind !== 'graded') throw new Error(`unexpected ${result.kind}`);
  }
  times.sort((a, b) => a - b);
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times.at(-1)! };
}

export async function benchAnswerLatency(): Promise<Record<string, unknown>> {
  const emptyDir = mkdtempSync(join(tmpdir(), 'pufa-bench-empty-'));
  const historyDir = mkdtempSync(join(tmpdir(), 'pufa-bench-year-'));
  try {
    // Empty history: the same people, no past quizzes.
    let { deps, store } = await open(emptyDir);
    await seedHistory(deps, { users: USERS, days: 0, departments: Math.ceil(USERS / 100) });
    await measure(deps); // warm-up: JIT and caches, so both runs are measured warm
    await store.close();
    rmSync(emptyDir, { recursive: true });
    ({ deps, store } = await open(emptyDir));
    await seedHistory(deps, { users: USERS, days: 0, departments: Math.ceil(USERS / 100) });
    const empty = await measure(deps);
    await store.close();
    rmSync(emptyDir, { recursive: true });

    // A year of history, then a restart (snapshot + replay) as in production.
    ({ deps, store } = await open(historyDir));
    const t0 = performance.now();
    const seeded = await seedHistory(deps, { users: USERS, days: DAYS, departments: Math.ceil(USERS / 100) });
    const seedSeconds = (performance.now() - t0) / 1000;
    await store.close();
    const t1 = performance.now();
    ({ deps, store } = await open(historyDir));
    const reopenSeconds = (performance.now() - t1) / 1000;
    (globalThis as { gc?: () => void }).gc?.();
    const heapMb = process.memoryUsage().heapUsed / 1e6;
    const year = await measure(deps);
    const reports = await measureReports(deps);
    await store.close();

    return {
      users: USERS,
      historyDays: DAYS,
      seeded,
      seedSeconds: +seedSeconds.toFixed(1),
      reopenSeconds: +reopenSeconds.toFixed(2),
      heapMbWithYear: Math.round(heapMb),
      emptyMs: round(empty),
      yearMs: round(year),
      ratioMean: +(year.mean / empty.mean).toFixed(2),
      ratioP99: +(year.p99 / empty.p99).toFixed(2),
      ...reports,
    };
  } finally {
    rmSync(historyDir, { recursive: true, force: true });
  }
}

/** Department board for a month (chat 排行榜 本月) and the yearly Excel export, on the year of history. */
async function measureReports(deps: Deps): Promise<Record<string, unknown>> {
  const today = deps.stats.today();
  const month = periodFor('本月', today)!;
  const boardMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await deps.stats.departmentBoard(month);
    boardMs.push(performance.now() - t0);
  }
  const coldMs = boardMs[0]!; // the first call builds this month's day tables (the server warms them at start-up)
  boardMs.sort((a, b) => a - b);
  const year = { label: '近一年', from: addDays(today, -365), to: today };
  const t1 = performance.now();
  const buffer = await reportBuffer(await collectReportInput(deps, year));
  const exportSeconds = (performance.now() - t1) / 1000;
  return {
    monthBoardMs: { cold: +coldMs.toFixed(1), p50: +boardMs[10]!.toFixed(1), p95: +boardMs[18]!.toFixed(1) },
    yearExportSeconds: +exportSeconds.toFixed(2),
    yearExportKb: Math.round(buffer.length / 1024),
  };
}

function round(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, +v.toFixed(3)]));
}
