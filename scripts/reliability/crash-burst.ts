/**
 * Reliability: kill -9 in the middle of a burst of answers, restart at once, and count what was lost or
 * graded twice.  `npx tsx scripts/reliability/crash-burst.ts [people] [killAfterAnswers]`
 *
 * The real server (src/main.ts, embedded lowdb store) runs in a child process. 200 people (roster in the
 * store) each start today's quiz and answer 5 questions through the playground JSON API, each with its own
 * message id, reading every question for ~1.2–1.8 s first. After `killAfterAnswers` acknowledged answers
 * the server is killed with SIGKILL and started again at once. Every message that was not acknowledged is
 * sent again with the same message id, as a platform would; an acknowledgement without replies (a message
 * the server had already accepted) means the replies come later, through the playground inbox.
 * At the end the store is read: every acknowledged answer must be recorded (lost = 0) and no message may
 * have been graded twice (doubled = 0).
 */
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/log.js';
import { quizDayOf } from '../../src/core/quiz-day.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import type { Person } from '../../src/store/model.js';
import { type ServerProcess, inbox, percentile, say, sleep, startServerProcess, tempDataDir } from './lib/server-process.js';

const PEOPLE = Number(process.argv[2] ?? 200);
const ANSWERS = 5;
const KILL_AFTER = Number(process.argv[3] ?? Math.round((PEOPLE * ANSWERS) / 3));

const dataDir = tempDataDir('crash-burst');
const day = quizDayOf(systemClock.now(), 'Asia/Shanghai');
const seed = await LowdbStore.open({ dataDir, logger: createLogger({ level: 'error' }) });
await seed.saveDepartments([{ id: 'd1', name: '法制科' }]);
const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
  id: `u${String(i).padStart(3, '0')}`,
  name: `学员${i}`,
  departmentId: 'd1',
  roles: ['member'],
  track: '全员',
  identities: { playground: `u${String(i).padStart(3, '0')}` },
  active: true,
  joinedOn: day,
}));
await seed.savePeople(people);
await seed.close();

const env = { DATA_DIR: dataDir, PLAYGROUND: 'true', JOB_CATCHUP_MINUTES: '0' };
let server: ServerProcess = await startServerProcess(env);
let serverUp: Promise<ServerProcess> = Promise.resolve(server);
const first = { listeningMs: server.listeningMs, healthyMs: server.healthyMs };

const stats = {
  acknowledged: 0,
  ackedGraded: 0,
  ackedLater: 0,
  refusedNotSeen: 0,
  resent: 0,
  silentDuplicates: 0,
  unexpected: [] as string[],
};
/** Acknowledged answer messages, except those the bot said it did not apply (sent before the question was shown). */
const ackedAnswerIds = new Set<string>();
const answerLatencies: number[] = [];
let killed: { atAnswers: number; restart?: { listeningMs: number; healthyMs: number } } | undefined;

async function crashAndRestart(): Promise<void> {
  killed = { atAnswers: stats.acknowledged };
  server.child.kill('SIGKILL');
  await server.exited;
  serverUp = startServerProcess(env);
  server = await serverUp;
  killed.restart = { listeningMs: Math.round(server.listeningMs), healthyMs: Math.round(server.healthyMs) };
}

/** Sends until the server acknowledges (a 200), resending the same message id after a failure. */
async function deliver(userId: string, text: string, messageId: string): Promise<string[]> {
  let failures = 0;
  for (;;) {
    const current = await serverUp;
    const t = performance.now();
    const r = await say(current.url, userId, text, messageId);
    if (r.ok) {
      answerLatencies.push(performance.now() - t);
      return r.replies;
    }
    if (failures++ === 0) stats.resent++;
    await sleep(100);
  }
}

/**
 * Waits for replies pushed later (a message accepted before the kill and handled by the restart). A message
 * the server had finished just before the kill is acknowledged again without replies (its replies went down
 * with the connection): after 10 s the person asks to continue, as they would in the app.
 */
async function laterReplies(userId: string, k: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const current = await serverUp;
    const got = await inbox(current.url, userId);
    if (got && got.length > 0) return got;
    await sleep(50);
  }
  stats.silentDuplicates++;
  return deliver(userId, '继续', `${userId}-continue-${k}`);
}

const isQuestion = (t: string) => t.includes('【今日答题');
const answerFor = (question: string | undefined) => (question?.includes('请回复“对”或“错”') ? '对' : 'A');

async function study(userId: string): Promise<void> {
  let replies = await deliver(userId, '答题', `${userId}-start`);
  if (replies.length === 0) replies = await laterReplies(userId, -1);
  let question = replies.find(isQuestion);
  for (let k = 0; k < ANSWERS; k++) {
    let attempt = 0;
    for (;;) {
      await sleep(1200 + Math.random() * 600); // reading the question
      const messageId = `${userId}-a${k}${attempt ? `-r${attempt}` : ''}`;
      replies = await deliver(userId, answerFor(question), messageId);
      stats.acknowledged++;
      if (stats.acknowledged === KILL_AFTER && !killed) void crashAndRestart();
      if (replies.length === 0) {
        stats.ackedLater++;
        replies = await laterReplies(userId, k);
      } else stats.ackedGraded++;
      if (replies.some((t) => t.includes('没有计入'))) {
        stats.refusedNotSeen++;
        question = replies.find(isQuestion) ?? question;
        attempt++;
        continue;
      }
      if (!replies.some((t) => /回答正确|回答错误|继续今日答题/.test(t))) stats.unexpected.push(`${messageId}: ${replies.join(' | ').slice(0, 120)}`);
      ackedAnswerIds.add(messageId);
      question = replies.find(isQuestion);
      break;
    }
  }
}

const t0 = performance.now();
await Promise.all(people.map((p) => study(p.id)));
const burstSeconds = (performance.now() - t0) / 1000;
server.child.kill('SIGTERM');
await server.exited;

// Read what the store kept.
const store = await LowdbStore.open({ dataDir, logger: createLogger({ level: 'error' }) });
let records = 0;
let doubled = 0;
let lost = 0;
let incomplete = 0;
const recordedIds = new Set<string>();
for (const p of people) {
  const answers = await store.answersOf(p.id, day);
  records += answers.length;
  if (answers.length !== ANSWERS) incomplete++;
  const keys = answers.map((a) => a.messageKey);
  doubled += keys.filter((k) => k === undefined).length + (keys.length - new Set(keys).size);
  for (const k of keys) if (k) recordedIds.add(k.replace(/^playground:/, ''));
}
for (const id of ackedAnswerIds) if (!recordedIds.has(id)) lost++;
const inboxLeft = await store.inbox();
await store.close();

process.stdout.write(
  `${JSON.stringify(
    {
      scenario: 'crash-burst',
      people: PEOPLE,
      answersEach: ANSWERS,
      acknowledgedAnswerMessages: stats.acknowledged,
      acknowledgedWithReplies: stats.ackedGraded,
      acknowledgedRepliesLater: stats.ackedLater,
      refusedSentBeforeShown: stats.refusedNotSeen,
      acknowledgedAgainWithoutReplies: stats.silentDuplicates,
      messagesResentAfterFailure: stats.resent,
      killedAfterAnswers: killed?.atAnswers,
      firstStart: { listeningMs: Math.round(first.listeningMs), healthyMs: Math.round(first.healthyMs) },
      restartAfterKill: killed?.restart,
      answerRecords: records,
      acknowledgedAnswersLost: lost,
      answersDoubled: doubled,
      peopleWithoutAll5: incomplete,
      inboxLeftOpen: inboxLeft.length,
      unexpected: stats.unexpected.slice(0, 10),
      burstSeconds: +burstSeconds.toFixed(1),
      replyLatencyMs: { p50: Math.round(percentile(answerLatencies, 50)), p99: Math.round(percentile(answerLatencies, 99)) },
      dataDir,
    },
    null,
    2,
  )}\n`,
);
process.exit(lost === 0 && doubled === 0 ? 0 : 1);
