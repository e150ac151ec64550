/**
 * Reliability: a poison message, then a restart.  `npx tsx scripts/reliability/poison-restart.ts`
 *
 * The real start-up (server.ts) runs in a child process with one injected fault (lib/poison-server.ts: a
 * message starting with ☠ hangs its handler). The poison is sent, the server is killed with SIGKILL while
 * handling it (the operator restarting a stuck bot, or a crash), and started again: the poison is now a
 * message accepted before the restart. Reported: time from process start to listening and to /healthz 200
 * (goal: healthy within 2 s of listening), a member's message answered while the poison is retried, the
 * poison parked after its second attempt (MESSAGE_TIMEOUT_MS=3000 here to keep the run short), and a third
 * start that leaves the parked message alone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT, type ServerProcess, say, sleep, startServerProcess, tempDataDir } from './lib/server-process.js';

const ENTRY = 'scripts/reliability/lib/poison-server.ts';
const dataDir = tempDataDir('poison-restart');
const env = { DATA_DIR: dataDir, PLAYGROUND: 'true', JOB_CATCHUP_MINUTES: '0', MESSAGE_TIMEOUT_MS: '3000' };
const timing = (s: ServerProcess) => ({
  listeningMs: Math.round(s.listeningMs),
  healthyMs: Math.round(s.healthyMs),
  healthyAfterListeningMs: Math.round(s.healthyMs - s.listeningMs),
});
const waitFor = async (s: ServerProcess, msg: string, timeoutMs = 30_000) => {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    const line = s.logs.find((l) => l.msg === msg);
    if (line) return line;
    await sleep(20);
  }
  return undefined;
};

// 1. The poison arrives and hangs the handler; the bot is killed while handling it.
const first = await startServerProcess(env, ENTRY);
void say(first.url, 'lisi', '☠ 排行榜 9999-12-31~9999-12-31', 'poison-1', 5_000);
await waitFor(first, 'poison message: hanging');
first.child.kill('SIGKILL');
await first.exited;

// 2. Restart: listening and healthy at once; others are served while the poison is tried again, then parked.
const second = await startServerProcess(env, ENTRY);
const t = performance.now();
const member = await say(second.url, 'zhangsan', '答题', 'member-1');
const memberMs = Math.round(performance.now() - t);
const parked = await waitFor(second, 'message parked');
second.child.kill('SIGTERM');
await second.exited;

// 3. A third start leaves the parked message alone; the operator sees it with `inbox`.
const third = await startServerProcess(env, ENTRY);
await sleep(500);
const retried = third.logs.some((l) => l.msg === 'poison message: hanging');
const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'inbox'], {
  cwd: ROOT,
  env: { ...process.env, DATA_DIR: dataDir },
});
third.child.kill('SIGTERM');
await third.exited;

process.stdout.write(
  `${JSON.stringify(
    {
      scenario: 'poison-restart',
      firstStart: timing(first),
      restartWithPoisonPending: timing(second),
      memberAnsweredDuringRecovery: member.ok && member.replies.some((r) => r.includes('今日答题')),
      memberReplyMs: memberMs,
      parked: parked ? { attempts: parked.attempts, error: parked.error } : 'not parked',
      thirdStart: timing(third),
      thirdStartRetriedPoison: retried,
      inboxCommand: stdout.trim().split('\n'),
    },
    null,
    2,
  )}\n`,
);
