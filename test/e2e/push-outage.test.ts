/**
 * Pushes tell the truth and finish (issue 11, items 3 and 11), end to end on WeCom: the real server on a
 * random port with a durable store, a fake WeCom client that signs and encrypts, and the fake WeCom API on
 * 127.0.0.1 failing past the retry budget. The clock is injected and every wait advances it: nothing sleeps.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { WECOM_CALLBACK_PATH, WecomEnvSchema, createWecomChannel, wecomConfigFromEnv } from '../../src/channels/wecom/index.js';
import { askServer, startControlServer } from '../../src/cli/control.js';
import { runCommand } from '../../src/cli/run-command.js';
import type { Clock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import type { Person } from '../../src/core/model.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { currentAnswer } from '../helpers/quiz-answers.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z'; // 10:00 in Beijing
const DAY = '2026-11-24' as QuizDay;
const ENV = {
  WECOM_CORP_ID: 'wwpufa0000000001',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'app-secret',
  WECOM_TOKEN: 'pufaToken2026',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
/** How long a test may wait for the background retries to finish their (simulated) day on a busy machine. */
const LOOP_WAIT_MS = 60_000;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** 300 people on WeCom: an admin, the 法制科 leader (likz) and 298 members over two departments. */
function roster(): Person[] {
  const person = (id: string, departmentId: string, roles: Person['roles'] = ['member']): Person => ({
    id,
    name: id,
    departmentId,
    roles,
    track: '全员',
    identities: { wecom: id },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  });
  return [
    person('admin', 'bgs', ['admin']),
    person('likz', 'fzk', ['leader']),
    ...Array.from({ length: 298 }, (_, i) => person(`m${String(i).padStart(3, '0')}`, i % 2 ? 'zfdd' : 'fzk')),
  ];
}

async function world() {
  const api = await startFakeWecomApi({ corpId: ENV.WECOM_CORP_ID, secret: ENV.WECOM_SECRET });
  closers.push(api.close);
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-outage-'));
  const store = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  closers.push(() => store.close());
  await store.saveDepartments([
    { id: 'bgs', name: '办公室' },
    { id: 'fzk', name: '法制科' },
    { id: 'zfdd', name: '执法大队' },
  ]);
  await store.savePeople(roster());
  // The channel and the outbox share the test's clock; every wait (backoff, retries) advances it.
  const ref: { clock?: Clock & { advance(ms: number): void } } = {};
  const clock: Clock = { now: () => ref.clock!.now() };
  const sleep = async (ms: number) => ref.clock!.advance(ms);
  const config = wecomConfigFromEnv(WecomEnvSchema.parse({ ...ENV, WECOM_API_BASE: api.url, WECOM_CARDS: 'false' }))!;
  const channel = createWecomChannel(config, { clock, logger: createMemoryLogger(), sleep, api: { timeoutMs: 5000 } });
  const t = await makeTestDeps({
    store,
    demo: false,
    now: NOW,
    env: { DATA_DIR: dataDir, PLAYGROUND: 'false' },
    sleep,
    receivers: [{ path: WECOM_CALLBACK_PATH, receiver: channel.receiver }],
    senders: new Map([['wecom', channel.sender]]),
    bulkSenders: new Map([['wecom', channel.bulkSender]]),
  });
  ref.clock = t.clock;
  const srv = await startServer(t.deps);
  closers.push(srv.close);
  const control = await startControlServer(t.deps);
  closers.push(control.close);
  const client = createFakeWecomClient({
    url: srv.url,
    token: ENV.WECOM_TOKEN,
    encodingAesKey: ENV.WECOM_ENCODING_AES_KEY,
    corpId: ENV.WECOM_CORP_ID,
    agentId: 1000002,
    clock,
  });
  /** Recipients of every accepted push whose text contains `marker`, one entry per delivery. */
  const reached = (marker: string) =>
    api
      .okCalls('message/send')
      .filter((c) => String(c.body?.text?.content ?? '').includes(marker))
      .flatMap((c) => String(c.body.touser).split('|'));
  /**
   * What the bot answers `userId`: the passive reply, or (past WeCom's 3 s reply deadline on a busy
   * machine) the reply sent to them alone through message/send.
   */
  const ask = async (userId: string, text: string): Promise<string> => {
    const before = api.okCalls('message/send').length;
    const r = await client.userSays(userId, text);
    if (r.reply) return r.reply.content;
    const late = () =>
      api
        .okCalls('message/send')
        .slice(before)
        .find((c) => c.body.touser === userId && c.body.text);
    await api.waitUntil(() => late() !== undefined, LOOP_WAIT_MS);
    return String(late()!.body.text.content);
  };
  /** The command line while the server runs: over the control socket, as `npm run pufa -- …` does. */
  const pufa = async (...argv: string[]) => {
    const r = (await askServer(dataDir, argv))!;
    return { code: r.code, out: r.output.join('\n') };
  };
  /** The command line's own path when no server runs (what src/cli/main.ts does after opening the store). */
  const pufaInProcess = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runCommand(argv, { config: t.deps.config, deps: t.deps, io: { out: (l) => lines.push(l) } });
    return { code, out: lines.join('\n') };
  };
  return { ...t, api, client, ask, reached, pufa, pufaInProcess };
}

const unique = (xs: readonly string[]) => new Set(xs).size;

describe('a 300-person push against a WeCom API failing past the retry budget', { timeout: 120_000 }, () => {
  test('run-job reports 0 reached and exits 1; the server retries in the background; everyone is reached exactly once', async () => {
    const w = await world();
    // 5 rounds × 4 HTTP tries (the API client retries a 502 three times) fail within the budget; 10 more after.
    w.api.failNext('message/send', { status: 502 }, 30);

    const run = await w.pufa('run-job', 'daily-push', '--date', DAY);
    expect(run.code).toBe(1);
    expect(run.out).toContain('daily-push 2026-11-24：本次发送 300 人');
    expect(run.out).toContain('当天合计（以推送记录为准）：共 300 人，送达 0 人，失败 0 人，待重试 300 人，账号无效 0 人');
    expect(run.out).toContain('运行中的服务在当天结束前按退避自动重试');
    expect(w.reached('每日一学')).toEqual([]);

    const listed = await w.pufa('outbox');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('【daily-push 2026-11-24 每日答题推送】送达 0 人，失败 0 人，待重试 300 人，账号无效 0 人');
    expect(listed.out).toMatch(
      /待重试：1 条消息（300 人），已尝试 5 次，下次重试 2026\/11\/24 10:\d\d:\d\d，截止 2026\/11\/25 00:00:00，最近错误：message\/send: HTTP 502/,
    );

    // The server's background retries (started by main.ts) get through once the API recovers.
    const retries = w.deps.outbox.startRetrying();
    await w.api.waitUntil(() => w.reached('每日一学').length >= 300, LOOP_WAIT_MS);
    await retries.stop();
    expect(w.reached('每日一学')).toHaveLength(300);
    expect(unique(w.reached('每日一学'))).toBe(300);
    expect(w.logger.lines.find((l) => l.msg === 'push finished')).toMatchObject({ reason: 'daily-push:2026-11-24', delivered: 300, failed: 0, pending: 0 });

    // Running it again sends nothing and says so; the outbox has nothing left.
    const again = await w.pufa('run-job', 'daily-push', '--date', DAY);
    expect(again).toEqual({
      code: 0,
      out: 'daily-push 2026-11-24：本次发送 0 人；跳过 300 人今天已收到（不再重复发送）\n当天合计（以推送记录为准）：共 300 人，送达 300 人，失败 0 人，待重试 0 人，账号无效 0 人',
    });
    expect(w.reached('每日一学')).toHaveLength(300);
    expect((await w.pufa('outbox')).out).toBe('没有待重试或已放弃的推送：近几天的推送都已送达。');
  });

  test('still down at the end of the study day: given up, logged and listed; running the job again sends exactly the undelivered ones', async () => {
    const w = await world();
    // The 法制科 leader's 推送 goes out while the API is healthy: his 150 people get it.
    expect(await w.ask('likz', '推送')).toBe('已向 150 人推送今日答题，全部送达。');
    expect(unique(w.reached('每日一学'))).toBe(150);

    w.api.outage('message/send', { status: 502 });
    const run = await w.pufaInProcess('run-job', 'daily-push', '--date', DAY);
    expect(run.code).toBe(1);
    expect(run.out).toContain('本次发送 150 人；跳过 150 人今天已收到（不再重复发送）');
    expect(run.out).toContain('共 300 人，送达 150 人，失败 0 人，待重试 150 人');

    // The background retries run until midnight in Beijing, then give up.
    const retries = w.deps.outbox.startRetrying();
    await w.api.waitUntil(() => w.logger.lines.some((l) => l.msg === 'push given up: not delivered by the end of its study day'), LOOP_WAIT_MS);
    await retries.stop();
    expect(w.clock.now().toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(w.logger.lines.find((l) => l.msg === 'push given up: not delivered by the end of its study day')).toMatchObject({
      level: 'error',
      reason: 'daily-push:2026-11-24',
      recipients: 150,
    });
    expect(w.logger.lines.find((l) => l.msg === 'push finished with deliveries given up')).toMatchObject({ delivered: 150, failed: 150 });
    const listed = (await w.pufaInProcess('outbox')).out;
    expect(listed).toContain('【daily-push 2026-11-24 每日答题推送】送达 150 人，失败 150 人，待重试 0 人，账号无效 0 人');
    expect(listed).toMatch(/已放弃：1 条消息（150 人），时间 2026\/11\/25 00:00:00，原因：message\/send: HTTP 502\n {2}未送达：admin、m001、m003、/);

    w.api.restore('message/send');
    const resend = await w.pufaInProcess('run-job', 'daily-push', '--date', DAY);
    expect(resend.code).toBe(0);
    expect(resend.out).toContain('本次发送 150 人；跳过 150 人今天已收到（不再重复发送）');
    expect(resend.out).toContain('共 300 人，送达 300 人，失败 0 人，待重试 0 人');
    expect(w.reached('每日一学')).toHaveLength(300);
    expect(unique(w.reached('每日一学'))).toBe(300);
  });

  test('a chat 推送 during the outage tells the truth: nobody reached yet, all pending, retried in the background', async () => {
    const w = await world();
    w.api.outage('message/send', { status: 502 });
    expect(await w.ask('admin', '推送')).toBe('今日答题推送 300 人：送达 0 人，待重试 300 人（今天内自动重试）。');
    expect(w.logger.lines.find((l) => l.msg === 'job ran; some deliveries are not through yet')).toMatchObject({ job: 'daily-push', sent: 300, pending: 300 });
    w.api.restore('message/send');
    const retries = w.deps.outbox.startRetrying();
    await w.api.waitUntil(() => w.reached('每日一学').length >= 300, LOOP_WAIT_MS);
    await retries.stop();
    expect(unique(w.reached('每日一学'))).toBe(300);
    expect(await w.ask('admin', '推送')).toBe('没有需要推送的同事：300 人今天已收到（不再重复发送）。');
    expect(w.reached('每日一学')).toHaveLength(300);
  });
});

describe('each person is reminded at most once a day, whoever triggers it', { timeout: 120_000 }, () => {
  test('a leader, an admin, the cron and the command line: one 答题提醒 each; those who finished get none', async () => {
    const w = await world();
    w.clock.set('2026-11-24T08:00:00Z'); // 16:00
    for (const id of ['m000', 'm001']) {
      await w.client.userSays(id, '答题');
      for (let i = 0; i < 5; i++) await w.client.userSays(id, await currentAnswer(w.deps, id));
      expect((await w.deps.store.dayStats(id, DAY)).completed).toBe(true);
    }

    // The 法制科 leader first: 150 people in his department, one of whom (m000) finished.
    expect(await w.ask('likz', '提醒')).toBe('已提醒 149 位今天还未完成答题的同事，全部送达。跳过 1 人今天已完成答题。');
    // Then the admin (everyone), twice, and another admin-triggered path: the cron and the command line.
    expect(await w.ask('admin', '提醒')).toBe('已提醒 149 位今天还未完成答题的同事，全部送达。跳过 149 人今天已提醒过（不再重复发送），2 人今天已完成答题。');
    expect(await w.ask('admin', '提醒')).toBe('没有需要提醒的同事：298 人今天已提醒过（不再重复发送），2 人今天已完成答题。');
    await w.deps.scheduler.fireNow('remind');
    const cli = await w.pufa('run-job', 'remind', '--date', DAY);
    expect(cli.out).toContain('本次发送 0 人；跳过 298 人今天已提醒过（不再重复发送），2 人今天已完成答题');
    expect(cli.code).toBe(0);

    const reminded = w.reached('【答题提醒】');
    expect(reminded).toHaveLength(298);
    expect(unique(reminded)).toBe(298);
    expect(reminded).not.toContain('m000');
    expect(reminded).not.toContain('m001');
  });

  test('推送 skips those who already finished today; a second 推送 by another admin-level person sends nothing', async () => {
    const w = await world();
    await w.client.userSays('m002', '答题');
    for (let i = 0; i < 5; i++) await w.client.userSays('m002', await currentAnswer(w.deps, 'm002'));
    expect(await w.ask('admin', '推送')).toBe('已向 299 人推送今日答题，全部送达。跳过 1 人今天已完成答题。');
    expect(await w.ask('likz', '推送')).toBe('没有需要推送的同事：149 人今天已收到（不再重复发送），1 人今天已完成答题。');
    expect(w.reached('每日一学')).toHaveLength(299);
    expect(w.reached('每日一学')).not.toContain('m002');
    await w.deps.scheduler.fireNow('daily-push');
    expect(w.reached('每日一学')).toHaveLength(299);
  });
});
