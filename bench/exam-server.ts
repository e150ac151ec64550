/**
 * The server side of `npm run bench -- exam`, run as a child process (so the load generator does not share its
 * core): the real app on the lowdb store with BENCH_EXAM_PEOPLE people and a 60-question exam; it reports its
 * port over IPC, and on `finish` grades what is left, re-derives every score, and measures the restarts.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import type { Person } from '../src/core/model.js';
import { LowdbStore } from '../src/store/lowdb-store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PEOPLE = Number(process.env.BENCH_EXAM_PEOPLE ?? 5_000);
export const BENCH_EXAM = {
  name: '2026年度学法考试（压测）',
  from: '2026-12-01 09:00',
  to: '2026-12-15 18:00',
  durationMinutes: 90,
  passMark: 60,
  attempts: 2,
  paper: { counts: { single: 30, multi: 10, judge: 20 }, points: { single: 1, multi: 2, judge: 1.5 } },
};

const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-exam-'));
const crashDir = mkdtempSync(join(tmpdir(), 'pufa-bench-exam-crash-'));
const logger = createLogger({ level: 'error' });
const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: dataDir, PLAYGROUND: 'false' });
// The production snapshot policy (every 50,000 events): its pauses belong in the figures.
const open = (dir: string) => LowdbStore.open({ dataDir: dir, logger });
const store = await open(dataDir);
const departments = Math.ceil(PEOPLE / 100);
await store.saveDepartments([
  { id: 'root', name: '示范县' },
  ...Array.from({ length: departments }, (_, i) => ({ id: `d${i}`, name: `单位${i}`, parentId: 'root' })),
]);
const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
  id: `p${i}`,
  name: `学员${i}`,
  departmentId: `d${i % departments}`,
  roles: ['member'],
  track: '全员',
  identities: {},
  active: true,
  joinedOn: '2026-11-01' as QuizDay,
}));
await store.savePeople(people);
const deps = await createDeps({
  config,
  clock: fixedClock('2026-12-01T02:00:00Z'),
  logger,
  store,
  calendar: everyDayCalendar,
  // The bench signs people in by a header (the web app's session in production).
  examIdentity: async (ctx) => ctx.get('x-bench-person') || undefined,
});
const created = await deps.exam.admin.create(BENCH_EXAM, 'bench');
if (!created.ok) throw new Error(JSON.stringify(created.issues));
// Server-side time per request (from Node handing over the parsed request to the response being written),
// and the event loop's delay: what the server itself adds, apart from the client and the machine's load.
const handle = buildApp(deps).callback();
const saveMs: number[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const server = createServer((req, res) => {
  const t0 = performance.now();
  if (req.method === 'PUT') res.on('finish', () => saveMs.push(performance.now() - t0));
  void handle(req, res);
});
// Idle keep-alive sockets of the load generator stay usable for the whole run.
server.keepAliveTimeout = 30 * 60_000;
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.send!({ ready: true, port: (server.address() as AddressInfo).port, examId: created.exam.id, questions: created.exam.questionCount });

process.on('message', async (m: { cmd?: string }) => {
  if (m.cmd !== 'finish') return;
  server.close();
  loopDelay.disable();
  const examId = created.exam.id;
  const graded = await deps.exam.service.sweep();
  const rederived = await deps.exam.admin.verify(examId);
  const results = await deps.exam.reports.results(examId);
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  // A crash now (no snapshot since the start): the copy is rebuilt from the journal alone.
  cpSync(dataDir, crashDir, { recursive: true, filter: (src) => !src.endsWith('.lock') });
  let t = performance.now();
  await store.close();
  const snapshotOnCloseSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const reopened = await open(dataDir);
  const reopenSeconds = (performance.now() - t) / 1000;
  await reopened.close();
  t = performance.now();
  const crashed = await open(crashDir);
  const crashReplaySeconds = (performance.now() - t) / 1000;
  const replayed = (await crashed.exams.examAttempts(examId)).filter((a) => a.status === 'submitted').length;
  await crashed.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(crashDir, { recursive: true, force: true });
  const r = (x: number) => +x.toFixed(2);
  saveMs.sort((a, b) => a - b);
  const at = (p: number) => r(saveMs[Math.min(saveMs.length - 1, Math.floor((p / 100) * saveMs.length))] ?? 0);
  process.send!(
    {
      serverSaveAnswerMs: { n: saveMs.length, p50: at(50), p99: at(99), max: r(saveMs.at(-1) ?? 0) },
      eventLoopDelayMs: { p50: r(loopDelay.percentile(50) / 1e6), p99: r(loopDelay.percentile(99) / 1e6), max: r(loopDelay.max / 1e6) },
      gradedBySweep: graded,
      submitted: results?.summary[0]?.took,
      passed: results?.summary[0]?.passed,
      rederived: rederived?.checked,
      rederivedMismatches: rederived?.mismatches.length,
      heapMb,
      snapshotOnCloseSeconds: r(snapshotOnCloseSeconds),
      reopenSeconds: r(reopenSeconds),
      crashReplaySeconds: r(crashReplaySeconds),
      crashReplayedSubmitted: replayed,
    },
    () => process.exit(0),
  );
});
