/**
 * `npm run bench -- callback`: the WeCom callback path under load, pufa-bot against the floor of work.
 *
 * Both servers run in their own child processes: pufa-bot (src/main.ts, the real start-up, on a data
 * directory with a BENCH_CALLBACK_USERS-person roster, WeCom pointed at a fake API on 127.0.0.1) and a bare
 * Koa + @wecom/crypto echo (bench/callback/echo-server.ts: verify, decrypt, parse, build and encrypt a passive
 * text reply). Over BENCH_CONNECTIONS keep-alive connections, alternating phase by phase in one run, every
 * member sends 答题 and then answers each question shown on the card the fake API received (判断 → 对, else A),
 * while the echo gets as many messages. Reported: throughput and its ratio, p50/p99/p99.9, and CPU per message
 * from /proc/<pid>/stat (for pufa-bot including the replies sent after the answer).
 *
 * Then a morning burst on a fresh server: BENCH_BURST_USERS members, each 答题 + 5 answers within 60 s (open
 * loop: every message at its scheduled time), reporting p99.9 and WeCom deadline misses (no answer in 5 s).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/core/log.js';
import type { QuizDay } from '../src/core/quiz-day.js';
import type { Department, Person } from '../src/store/model.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { createRandom } from '../src/quiz/seeded-random.js';
import { type ServerChild, startChild } from './callback/child.js';
import { type BenchWecomApi, startBenchWecomApi } from './callback/fake-api.js';
import { type App, type Delivery, type Outcome, closedLoop, createPoster, percentiles, textDelivery } from './callback/load.js';

const USERS = Number(process.env.BENCH_CALLBACK_USERS ?? 10_000);
const BURST_USERS = Number(process.env.BENCH_BURST_USERS ?? 5_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const QUIZ_SIZE = 5;
const DEADLINE_MS = 5_000; // WeCom drops the connection and retries after 5 s
const APP: App = { token: 'benchToken42', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wwbench0001', agentId: 1000002 };
const userId = (i: number) => `u${String(i + 1).padStart(5, '0')}`;

/** A roster as an import or a contact sync leaves it: real people with WeCom accounts in 100-person units. */
async function seedRoster(dataDir: string, users: number): Promise<void> {
  const store = await LowdbStore.open({ dataDir, logger: createLogger({ level: 'warn' }) });
  const units = Math.ceil(users / 100);
  const departments: Department[] = [{ id: 'root', name: '示范局' }];
  for (let d = 1; d <= units; d++) departments.push({ id: `d${d}`, name: `第${d}科`, parentId: 'root' });
  const people: Person[] = Array.from({ length: users }, (_, i) => ({
    id: userId(i),
    name: `干部${i + 1}`,
    departmentId: `d${1 + (i % units)}`,
    roles: ['member'],
    track: i % 10 === 0 ? '领导干部' : i % 3 === 0 ? '执法人员' : '全员',
    identities: { wecom: userId(i) },
    active: true,
    joinedOn: '2026-01-05' as QuizDay,
  }));
  await store.saveDepartments(departments);
  await store.savePeople(people);
  await store.close();
}

function startPufa(dataDir: string, apiUrl: string): Promise<ServerChild> {
  return startChild(
    'src/main.ts',
    {
      DATA_DIR: dataDir,
      PLAYGROUND: 'false',
      WECOM_CORP_ID: APP.corpId,
      WECOM_AGENT_ID: String(APP.agentId),
      WECOM_SECRET: 'bench-secret',
      WECOM_TOKEN: APP.token,
      WECOM_ENCODING_AES_KEY: APP.encodingAesKey,
      WECOM_API_BASE: apiUrl,
      QUIZ_SIZE: String(QUIZ_SIZE),
      JOB_DAILY_PUSH_CRON: 'off',
      JOB_REMIND_CRON: 'off',
      JOB_LEADERBOARD_CRON: 'off',
      JOB_STUDY_NIGHT_CRON: 'off',
      JOB_MONTHLY_REPORT_CRON: 'off',
      CONTACT_SYNC_CRON: 'off',
    },
    { path: '/healthz' },
  );
}

/** Waits until the server has stopped calling the fake API (replies sent after the answer are done). */
async function settle(api: BenchWecomApi): Promise<void> {
  let last = -1;
  for (let i = 0; i < 600 && api.totalCalls() !== last; i++) {
    last = api.totalCalls();
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What each member sends in phase `k`: 答题, then the answer to question k-1 as shown on their card. */
async function phaseDeliveries(api: BenchWecomApi, users: number, k: number, missing: { cards: number }): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (let i = 0; i < users; i++) {
    if (k === 0) {
      out.push(textDelivery(APP, userId(i), '答题'));
      continue;
    }
    const card = await api.cardFor(userId(i), k - 1, 10_000);
    if (!card) missing.cards++;
    out.push(textDelivery(APP, userId(i), card?.judge ? '对' : 'A'));
  }
  return out;
}

interface Phase {
  readonly name: string;
  readonly outcomes: Outcome[];
  readonly wallMs: number;
  readonly cpuMs: number;
}

function summarise(phases: readonly Phase[]) {
  const outcomes = phases.flatMap((p) => p.outcomes);
  const wallMs = phases.reduce((a, p) => a + p.wallMs, 0);
  const cpuMs = phases.reduce((a, p) => a + p.cpuMs, 0);
  return {
    messages: outcomes.length,
    perSecond: Math.round((outcomes.length * 1000) / wallMs),
    ...percentiles(outcomes),
    failed: outcomes.filter((o) => !o.ok).length,
    passiveReplies: outcomes.filter((o) => o.passive).length,
    cpuMsPerMessage: +(cpuMs / outcomes.length).toFixed(3),
  };
}

async function throughputRun(dataDir: string, api: BenchWecomApi) {
  const pufa = await startPufa(dataDir, api.url);
  const echo = await startChild(
    'bench/callback/echo-server.ts',
    { WECOM_TOKEN: APP.token, WECOM_ENCODING_AES_KEY: APP.encodingAesKey, WECOM_CORP_ID: APP.corpId },
    { line: 'listening' },
  );
  try {
    // Warm-up (JIT, caches, the access token): 帮助 changes nothing.
    const warm = Array.from({ length: 2000 }, (_, i) => textDelivery(APP, userId(i % USERS), i % 2 ? '帮助' : 'help'));
    await closedLoop(pufa.port, warm, CONNECTIONS);
    await closedLoop(echo.port, warm, CONNECTIONS);
    await settle(api);

    const missing = { cards: 0 };
    const pufaPhases: Phase[] = [];
    const echoPhases: Phase[] = [];
    for (let k = 0; k <= QUIZ_SIZE; k++) {
      const name = k === 0 ? '答题' : `answer ${k}`;
      const echoLoad = Array.from({ length: USERS }, (_, i) => textDelivery(APP, userId(i), k === 0 ? '答题' : 'A'));
      let cpu0 = echo.cpuMs();
      const e = await closedLoop(echo.port, echoLoad, CONNECTIONS);
      echoPhases.push({ name, ...e, cpuMs: echo.cpuMs() - cpu0 });

      const load = await phaseDeliveries(api, USERS, k, missing);
      cpu0 = pufa.cpuMs();
      const p = await closedLoop(pufa.port, load, CONNECTIONS);
      await settle(api);
      pufaPhases.push({ name, ...p, cpuMs: pufa.cpuMs() - cpu0 });
      process.stderr.write(
        `  ${name}: pufa ${Math.round((USERS * 1000) / p.wallMs)}/s p99 ${percentiles(p.outcomes).p99} ms, echo ${Math.round((USERS * 1000) / e.wallMs)}/s\n`,
      );
    }
    const echoSummary = summarise(echoPhases);
    const pufaSummary = summarise(pufaPhases);
    return {
      echo: echoSummary,
      pufa: pufaSummary,
      ratio: +(pufaSummary.perSecond / echoSummary.perSecond).toFixed(2),
      pufaByPhase: pufaPhases.map((p) => ({ phase: p.name, ...summarise([p]) })),
      pufaRssMb: Math.round(pufa.rssMb()),
      missingCards: missing.cards,
      apiCalls: { 'message/send': api.calls('message/send'), 'message/update_template_card': api.calls('message/update_template_card') },
    };
  } finally {
    await pufa.stop();
    await echo.stop();
  }
}

/** The morning burst: each member's 答题 at a random time in the first 48 s, then an answer every 2 s. */
async function burstRun(dataDir: string, api: BenchWecomApi) {
  const pufa = await startPufa(dataDir, api.url);
  try {
    await closedLoop(
      pufa.port,
      Array.from({ length: 1000 }, (_, i) => textDelivery(APP, userId(USERS - 1 - (i % 100)), '帮助')),
      CONNECTIONS,
    );
    await settle(api);
    const poster = createPoster(pufa.port, 2000);
    const events: Array<{ at: number; user: number; k: number }> = [];
    const random = createRandom(20261202);
    for (let u = 0; u < BURST_USERS; u++) {
      const start = random() * 48_000;
      for (let k = 0; k <= QUIZ_SIZE; k++) events.push({ at: start + k * 2_000, user: u, k });
    }
    events.sort((a, b) => a.at - b.at);
    const outcomes: Outcome[] = [];
    const missing = { cards: 0 };
    const cpu0 = pufa.cpuMs();
    const t0 = performance.now();
    const inFlight: Array<Promise<void>> = [];
    for (const ev of events) {
      const wait = t0 + ev.at - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(
        (async () => {
          let text = '答题';
          if (ev.k > 0) {
            const card = await api.cardFor(userId(ev.user), ev.k - 1, 10_000);
            if (!card) missing.cards++;
            text = card?.judge ? '对' : 'A';
          }
          outcomes.push(await poster.post(textDelivery(APP, userId(ev.user), text)));
        })(),
      );
    }
    await Promise.all(inFlight);
    const wallMs = performance.now() - t0;
    await settle(api);
    const cpuMs = pufa.cpuMs() - cpu0;
    poster.close();
    return {
      people: BURST_USERS,
      messages: outcomes.length,
      seconds: +(wallMs / 1000).toFixed(1),
      ...percentiles(outcomes),
      deadlineMisses: outcomes.filter((o) => !o.ok || o.ms > DEADLINE_MS).length,
      over100ms: outcomes.filter((o) => o.ms > 100).length,
      cpuMsPerMessage: +(cpuMs / outcomes.length).toFixed(3),
      missingCards: missing.cards,
    };
  } finally {
    await pufa.stop();
  }
}

export async function benchCallback(): Promise<Record<string, unknown>> {
  const seeded = mkdtempSync(join(tmpdir(), 'pufa-bench-callback-'));
  const burstDir = `${seeded}-burst`;
  const api = await startBenchWecomApi();
  const loadBefore = loadavg().map((x) => +x.toFixed(2));
  try {
    await seedRoster(seeded, USERS);
    cpSync(seeded, burstDir, { recursive: true });
    const run = await throughputRun(seeded, api);
    const burst = await burstRun(burstDir, api);
    return { roster: USERS, connections: CONNECTIONS, ...run, burst, loadavgBefore: loadBefore, loadavgAfter: loadavg().map((x) => +x.toFixed(2)) };
  } finally {
    await api.close();
    rmSync(seeded, { recursive: true, force: true });
    rmSync(burstDir, { recursive: true, force: true });
  }
}
