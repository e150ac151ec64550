/**
 * Benchmark: the embedded store's size, start-up and memory (issue 14).
 * - bytes per answer on disk, counted on the message path: people answer their daily quiz through the
 *   dispatcher with WeCom-like messages (`答题`, then one message per answer, random 64-bit message ids, the
 *   clock moving by seconds and milliseconds). Every event those quiz days write is counted (message claims
 *   with their payload, attempts, finishes, quizzes served, answers, days completed), as the journal segments
 *   hold them once the store is closed (sealed segments as stored), divided by the answers recorded;
 * - start-up: a year of seed-demo history for BENCH_STARTUP_USERS (3,000) people, then a fresh process opens
 *   the store (open) and builds the services (ready to serve);
 * - memory: a year for BENCH_RSS_USERS (10,000) people, opened in a fresh process: RSS once ready and after
 *   500 people answered a quiz. Seeding time and peak RSS are reported for both seeds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { everyDayCalendar } from '../src/core/calendar.js';
import { createLogger } from '../src/core/log.js';
import type { InboundMessage } from '../src/core/message.js';
import type { QuizDay } from '../src/core/quiz-day.js';
import { createDeps } from '../src/deps.js';
import { displayedAnswer } from '../src/quiz/format.js';
import { createRandom } from '../src/quiz/seeded-random.js';
import { LowdbStore } from '../src/store/lowdb-store.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MSG_PEOPLE = Number(process.env.BENCH_MSG_PEOPLE ?? 1000);
const MSG_DAYS = Number(process.env.BENCH_MSG_DAYS ?? 5);
const STARTUP_USERS = Number(process.env.BENCH_STARTUP_USERS ?? 3000);
const RSS_USERS = Number(process.env.BENCH_RSS_USERS ?? 10_000);
const YEAR_DAYS = Number(process.env.BENCH_YEAR_DAYS ?? 365);

/** Bytes of the journal segments numbered `from` and later. */
function segmentBytes(journalDir: string, from: number): number {
  let total = 0;
  for (const f of readdirSync(journalDir)) {
    const n = /^(\d+)\./.exec(f);
    if (n && Number(n[1]) >= from) total += statSync(join(journalDir, f)).size;
  }
  return total;
}

function newestSegment(journalDir: string): number {
  return Math.max(...readdirSync(journalDir).map((f) => Number(/^(\d+)\./.exec(f)?.[1] ?? -1)));
}

async function messagePath(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-msg-'));
  try {
    let now = Date.parse('2026-11-02T01:00:00.000Z');
    const clock = { now: () => new Date(now) };
    const logger = createLogger({ level: 'warn' });
    const store = await LowdbStore.open({ dataDir, logger });
    const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: dataDir, ANSWER_MIN_MS: '0' });
    const deps = await createDeps({ config, clock, logger, store, calendar: everyDayCalendar });
    await store.saveDepartments([{ id: 'd1', name: '法制科' }]);
    const people = Array.from({ length: MSG_PEOPLE }, (_, i) => ({
      id: `zhang${String(i).padStart(5, '0')}`,
      name: `张三${i}`,
      departmentId: 'd1',
      roles: ['member' as const],
      track: '全员' as const,
      identities: { wecom: `zhang${String(i).padStart(5, '0')}` },
      active: true,
      joinedOn: '2026-11-01' as QuizDay,
    }));
    await store.savePeople(people);
    await store.snapshot(); // the quiz days below start a segment of their own
    const journalDir = join(dataDir, 'journal');
    const first = newestSegment(journalDir);
    const random = createRandom(14);
    const msgId = () =>
      (7_000_000_000_000_000_000n + BigInt(Math.floor(random() * 2 ** 31)) * 4_294_967_296n + BigInt(Math.floor(random() * 2 ** 32))).toString();
    const say = (userId: string, text: string): InboundMessage => ({
      channel: 'wecom',
      messageId: msgId(),
      sentAt: new Date(Math.floor((now - 300) / 1000) * 1000), // WeCom CreateTime: whole seconds
      sender: { userId },
      conversation: { id: userId, kind: 'direct' },
      text,
      replyTo: { channel: 'wecom', kind: 'user', id: userId },
    });
    let messages = 0;
    const t0 = performance.now();
    for (let d = 0; d < MSG_DAYS; d++) {
      now = Date.parse('2026-11-02T01:00:00.000Z') + d * 86_400_000;
      for (const p of people) {
        now += 1000 + Math.floor(random() * 1000);
        await deps.dispatcher.dispatch(say(p.id, '答题'));
        messages++;
        for (let i = 0; i < config.quizSize; i++) {
          now += 4000 + Math.floor(random() * 9000);
          const day = deps.quiz.today();
          const quiz = (await store.getQuiz(p.id, day))!;
          const item = quiz.items[(await store.answersOf(p.id, day)).length];
          if (!item) break;
          const question = deps.bank.get(item.questionId)!;
          const text = random() < 0.75 ? displayedAnswer(question, item.order) : question.type === 'judge' ? '错' : 'A';
          await deps.dispatcher.dispatch(say(p.id, text));
          messages++;
        }
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    let answers = 0;
    for (let d = 0; d < MSG_DAYS; d++) {
      const day = new Date(Date.parse('2026-11-02T00:00:00.000Z') + d * 86_400_000).toISOString().slice(0, 10) as QuizDay;
      for (const s of (await store.dayTable(day)).values()) answers += s.answered;
    }
    await store.close();
    const bytes = segmentBytes(journalDir, first);
    return {
      people: MSG_PEOPLE,
      days: MSG_DAYS,
      messages,
      answers,
      journalBytes: bytes,
      bytesPerAnswer: +(bytes / answers).toFixed(1),
      messagesPerSecond: Math.round(messages / seconds),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(ROOT, 'bench/store-child.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`bench child ${args[0]} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** Seeds `users` people × `days` in a child, then opens the store in another. */
function seededYear(users: number): Record<string, unknown> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-year-'));
  try {
    const seed = child(['seed', dataDir, String(users), String(YEAR_DAYS)]);
    const open = child(['open', dataDir]);
    return { seed, open };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchStore(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg().map((x) => +x.toFixed(1));
  const message = await messagePath();
  const startup = seededYear(STARTUP_USERS);
  const memory = seededYear(RSS_USERS);
  return { loadAverage: { before: loadBefore, after: loadavg().map((x) => +x.toFixed(1)) }, message, startup, memory };
}
