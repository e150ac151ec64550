/**
 * Benchmark: 5,000 new people, one at a time, as first contacts create them. Reports the bytes the store
 * writes per new person (from /proc/self/io `wchar`, Linux) and the time, first on the store alone, then
 * through the playground HTTP API (requests per second). A directory change should cost an append whose
 * size does not grow with the directory.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import { everyDayCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import type { QuizDay } from '../src/core/quiz-day.js';
import { createDeps } from '../src/deps.js';
import { seedDemo } from '../src/directory/demo-seed.js';
import { LowdbStore } from '../src/store/lowdb-store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PEOPLE = Number(process.env.BENCH_NEW_PEOPLE ?? 5000);

/** Bytes this process has written through write(2) so far (Linux only; undefined elsewhere). */
function bytesWritten(): number | undefined {
  try {
    const m = /wchar:\s*(\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    total += f.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

async function storeOnly() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-dir-'));
  const store = await LowdbStore.open({ dataDir, logger: createLogger({ level: 'error' }) });
  await store.saveDepartments([{ id: 'd', name: '示范单位' }]);
  const w0 = bytesWritten();
  const t0 = performance.now();
  for (let i = 0; i < PEOPLE; i++) {
    await store.savePeople([
      { id: `p${i}`, name: `学员${i}`, roles: ['member'], track: '全员', identities: { playground: `p${i}` }, active: true, joinedOn: '2026-11-24' as QuizDay },
    ]);
  }
  const seconds = (performance.now() - t0) / 1000;
  const w1 = bytesWritten();
  const beforeClose = dirBytes(dataDir);
  await store.close();
  return {
    people: PEOPLE,
    seconds: +seconds.toFixed(2),
    msPerPerson: +((seconds * 1000) / PEOPLE).toFixed(3),
    bytesWrittenPerPerson: w0 === undefined || w1 === undefined ? null : Math.round((w1 - w0) / PEOPLE),
    dataDirBytesBeforeClose: beforeClose,
    dataDirBytesAfterClose: dirBytes(dataDir),
  };
}

async function overHttp() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-http-'));
  const logger = createLogger({ level: 'error' });
  const clock = fixedClock('2026-11-24T02:00:00Z');
  const store = await LowdbStore.open({ dataDir, logger });
  await seedDemo(store, clock, 'Asia/Shanghai');
  const config = loadConfig({
    QUESTIONS_DIR: `${ROOT}questions`,
    LAWS_DIR: `${ROOT}laws`,
    DATA_DIR: dataDir,
    PLAYGROUND: 'true',
    PLAYGROUND_MAX_PEOPLE: '100000',
    PLAYGROUND_RATE_LIMIT: '100000',
  });
  const deps = await createDeps({ config, clock, logger, store, calendar: everyDayCalendar });
  const server = createServer(buildApp(deps).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/playground/messages`;
  let next = 0;
  const w0 = bytesWritten();
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < PEOPLE; i = next++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: `new-${i}`, text: '你好' }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const w1 = bytesWritten();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  return {
    requests: PEOPLE,
    reqPerSecond: Math.round(PEOPLE / seconds),
    bytesWrittenPerRequest: w0 === undefined || w1 === undefined ? null : Math.round((w1 - w0) / PEOPLE),
  };
}

export async function benchDirectoryGrowth(): Promise<Record<string, unknown>> {
  return { store: await storeOnly(), playground: await overHttp() };
}
