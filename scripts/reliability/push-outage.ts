// Reliability check (issue 11, "Show"): a 300-person daily push against a WeCom API that fails past the retry
// budget, then recovers. Run with `npx tsx scripts/reliability/push-outage.ts` (not part of npm test).
//
// The bot runs here as a server would: a durable store in a temporary DATA_DIR, the real WeCom channel over
// HTTP to the fake WeCom API (test/fakes) on 127.0.0.1, the control socket, and (once started) the
// background retries. Its clock is fixed at 10:00 Beijing time on a study day and every wait advances it, so
// a day of retries takes seconds. The command line is the real one, `node --import tsx src/cli/main.ts`, in
// its own process: it hands run-job to this server over the control socket and exits with its code.
//
// Reported: people reached, deliveries, doubles (deliveries − distinct people), people never reached, and the
// command line's exit codes on the failed run (must be non-zero) and on the re-run after the recovery (0).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { startControlServer } from '../../src/cli/control.js';
import { loadConfig } from '../../src/config/load.js';
import { everyDayCalendar } from '../../src/core/calendar.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { createDeps } from '../../src/deps.js';
import type { Person } from '../../src/core/model.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startFakeWecomApi } from '../../test/fakes/fake-wecom-api.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PEOPLE = 300;
const DAY = '2026-11-24' as QuizDay;
const WECOM = { corpId: 'wwoutage00000001', secret: 'outage-secret' };

/** The real command line in its own process; resolves with its exit code and output. */
function pufa(dataDir: string, ...argv: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...argv],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), LOG_LEVEL: 'error' } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}`.trim() }),
    );
  });
}

const api = await startFakeWecomApi(WECOM);
const dataDir = mkdtempSync(join(tmpdir(), 'pufa-push-outage-'));
const clock = fixedClock('2026-11-24T02:00:00Z');
const sleep = async (ms: number) => clock.advance(ms);
const logger = createMemoryLogger();
const store = await LowdbStore.open({ dataDir, logger });
try {
  await store.saveDepartments([{ id: 'fzk', name: '法制科' }]);
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `p${i}`,
    name: `人员${i}`,
    departmentId: 'fzk',
    roles: ['member'],
    track: '全员',
    identities: { wecom: `w${String(i).padStart(3, '0')}` },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  }));
  await store.savePeople(people);
  const wecom = wecomConfigFromEnv(
    WecomEnvSchema.parse({
      WECOM_CORP_ID: WECOM.corpId,
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: WECOM.secret,
      WECOM_TOKEN: 'outagetoken',
      WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      WECOM_API_BASE: api.url,
      WECOM_CARDS: 'false',
    }),
  )!;
  const channel = createWecomChannel(wecom, { clock, logger, sleep });
  const config = loadConfig({ QUESTIONS_DIR: join(ROOT, 'questions'), LAWS_DIR: join(ROOT, 'laws'), DATA_DIR: dataDir, PLAYGROUND: 'false' });
  const deps = await createDeps({
    config,
    clock,
    logger,
    store,
    calendar: everyDayCalendar,
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
    sleep,
  });
  const control = await startControlServer(deps);
  const reached = () =>
    api
      .okCalls('message/send')
      .filter((c) => String(c.body?.text?.content ?? '').includes('【每日一学】'))
      .flatMap((c) => String(c.body.touser).split('|'));

  // 1. The API is down for longer than the retry budget: the command line's run fails, truthfully.
  api.outage('message/send', { status: 502 });
  const failed = await pufa(dataDir, 'run-job', 'daily-push', '--date', DAY);
  const callsDuringFailedRun = api.callsTo('message/send').length;
  const listing = await pufa(dataDir, 'outbox');

  // 2. The outage goes on a while (10 more failed calls), then the API is healthy; the server's background
  //    retries finish the push.
  api.restore('message/send');
  api.failNext('message/send', { status: 502 }, 10);
  const retries = deps.outbox.startRetrying();
  await api.waitUntil(() => reached().length >= PEOPLE, 30_000);
  await retries.stop();
  const finishedAt = clock.now().toISOString();

  // 3. Running the job again the same day sends nothing.
  const rerun = await pufa(dataDir, 'run-job', 'daily-push', '--date', DAY);

  const deliveries = reached();
  const distinct = new Set(deliveries).size;
  const figures = {
    people: PEOPLE,
    reachedExactlyOnce: [...new Set(deliveries)].filter((u) => deliveries.filter((d) => d === u).length === 1).length,
    deliveries: deliveries.length,
    doubles: deliveries.length - distinct,
    neverReached: PEOPLE - distinct,
    failedRun: { exitCode: failed.code, messageSendCalls: callsDuringFailedRun },
    rerun: { exitCode: rerun.code },
    messageSendCalls: { total: api.callsTo('message/send').length, ok: api.okCalls('message/send').length },
    pushFinishedAt: finishedAt,
  };
  process.stdout.write(
    [
      '— 失败的一次（API 故障超过重试预算）：npm run pufa -- run-job daily-push --date 2026-11-24',
      failed.out,
      `退出码 ${failed.code}`,
      '— npm run pufa -- outbox',
      listing.out,
      '— API 恢复后，服务在后台重试完成；再次运行 run-job：',
      rerun.out,
      `退出码 ${rerun.code}`,
      '',
      JSON.stringify(figures, null, 2),
      '',
    ].join('\n'),
  );
  await control.close();
  const ok = figures.reachedExactlyOnce === PEOPLE && figures.doubles === 0 && failed.code !== 0 && rerun.code === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await store.close();
  await api.close();
  rmSync(dataDir, { recursive: true, force: true });
}
