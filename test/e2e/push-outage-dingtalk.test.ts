/**
 * Pushes tell the truth and finish, on DingTalk: the real server (HTTP callback mode) and the DingTalk
 * channel against the fake DingTalk on 127.0.0.1, whose batchSend answers 502 for longer than the retry
 * budget and then recovers. The clock is injected and every wait advances it: nothing sleeps.
 */
import { afterEach, expect, test } from 'vitest';
import { createDingtalkChannel } from '../../src/channels/dingtalk/index.js';
import type { Clock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { runCommand } from '../../src/cli/run-command.js';
import type { Person } from '../../src/core/model.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const DAY = '2026-11-24' as QuizDay;
const BATCH_SEND = '/v1.0/robot/oToMessages/batchSend';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

test('60 people on DingTalk, batchSend down past the retry budget: the CLI exits 1, the server finishes the push, everyone once', async () => {
  const ref: { clock?: Clock & { advance(ms: number): void } } = {};
  const clock: Clock = { now: () => ref.clock!.now() };
  const sleep = async (ms: number) => ref.clock!.advance(ms);
  const fake = await startFakeDingtalk({ now: () => clock.now() });
  closers.push(() => fake.close());
  const channel = createDingtalkChannel(
    { clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, mode: 'http', apiBase: fake.url, oapiBase: fake.url },
    { clock, logger: createMemoryLogger(), sleep },
  );
  const store = createMemoryStore();
  await store.saveDepartments([{ id: 'fzk', name: '法制科' }]);
  const people: Person[] = Array.from({ length: 60 }, (_, i) => ({
    id: `d${String(i).padStart(2, '0')}`,
    name: `人员${i}`,
    departmentId: 'fzk',
    roles: i === 0 ? ['admin'] : ['member'],
    track: '全员',
    identities: { dingtalk: `d${String(i).padStart(2, '0')}` },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  }));
  await store.savePeople(people);
  const t = await makeTestDeps({
    store,
    demo: false,
    now: NOW,
    env: { PLAYGROUND: 'false' },
    sleep,
    receivers: [{ path: '/dingtalk/callback', receiver: channel.receiver! }],
    senders: new Map([['dingtalk', channel.sender]]),
    bulkSenders: new Map([
      ['dingtalk', { channel: 'dingtalk', maxBatch: 20, groups: [], sendToUsers: (ids, m) => channel.sender.sendToUsers(ids, m), sendToGroup: async () => {} }],
    ]),
  });
  ref.clock = t.clock;
  const server = await startServer(t.deps);
  closers.push(server.close);
  const pushed = () => fake.sent.filter((s) => s.via === 'batchSend' && s.text.includes('【每日一学】')).map((s) => s.to);

  fake.outage(BATCH_SEND, { status: 502 });
  const lines: string[] = [];
  const code = await runCommand(['run-job', 'daily-push', '--date', DAY], { config: t.deps.config, deps: t.deps, io: { out: (l) => lines.push(l) } });
  expect(code).toBe(1);
  expect(lines.join('\n')).toContain('共 60 人，送达 0 人，失败 0 人，待重试 60 人，账号无效 0 人');
  expect(fake.countCalls(BATCH_SEND)).toBeGreaterThanOrEqual(3 * 5); // 3 batches of 20, 5 rounds each
  expect(pushed()).toEqual([]);

  // An admin asks in chat meanwhile: the reply (through the sessionWebhook) says nobody is reached yet.
  const res = await fake.postCallback(`${server.url}/dingtalk/callback`, fake.payload({ userId: 'd00', text: '推送' }));
  expect(res.status).toBe(200);
  const reply = await fake.waitFor(() => fake.sent.find((s) => s.via === 'session' && s.to === 'd00'), 'reply to 推送');
  expect(reply.text).toBe('今日答题推送 60 人：送达 0 人，待重试 60 人（今天内自动重试）。');

  fake.restore(BATCH_SEND);
  const retries = t.deps.outbox.startRetrying();
  await fake.waitFor(() => pushed().length >= 60 || undefined, 'the push after the recovery', 60_000);
  await retries.stop();
  expect(pushed()).toHaveLength(60);
  expect(new Set(pushed()).size).toBe(60);
  const again: string[] = [];
  expect(await runCommand(['run-job', 'daily-push', '--date', DAY], { config: t.deps.config, deps: t.deps, io: { out: (l) => again.push(l) } })).toBe(0);
  expect(again[0]).toBe('daily-push 2026-11-24：本次发送 0 人；跳过 60 人今天已收到（不再重复发送）');
  expect(pushed()).toHaveLength(60);
}, 120_000);
