/**
 * The production wiring: environment → loadConfig → createPlatformChannels → createDeps → server, as main.ts
 * does it, with both platforms pointed at their fakes on 127.0.0.1.
 */
import { afterEach, expect, test } from 'vitest';
import { createPlatformChannels } from '../../src/channels/platforms.js';
import { everyDayCalendar } from '../../src/core/calendar.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { QuizDay } from '../../src/core/quiz-day.js';
import { createDeps } from '../../src/deps.js';
import { seedDemo } from '../../src/directory/demo-seed.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { startFakeDingtalk } from '../fakes/fake-dingtalk.js';
import { startFakeWecomApi } from '../fakes/fake-wecom-api.js';
import { createFakeWecomClient } from '../fakes/fake-wecom-client.js';
import { markReal, startServer, testConfig } from '../helpers/test-deps.js';

const NOW = '2026-11-24T02:00:00Z';
const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

test('both platforms configured from the environment: WeCom callback, DingTalk Stream, pushes and /healthz', async () => {
  const clock = fixedClock(NOW);
  const wecomApi = await startFakeWecomApi({ corpId: 'wwwiring', secret: 'wiring-secret' });
  const ding = await startFakeDingtalk({ now: () => clock.now() });
  closers.push(
    () => wecomApi.close(),
    () => ding.close(),
  );
  const config = testConfig({
    WECOM_CORP_ID: 'wwwiring',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'wiring-secret',
    WECOM_TOKEN: 'wiringtoken',
    WECOM_ENCODING_AES_KEY: AES,
    WECOM_API_BASE: wecomApi.url,
    DINGTALK_CLIENT_ID: ding.clientId,
    DINGTALK_CLIENT_SECRET: ding.clientSecret,
    DINGTALK_API_BASE: ding.url,
    DINGTALK_OAPI_BASE: ding.url,
  });
  expect(config.playground).toBe(false);
  const logger = createMemoryLogger();
  const channels = createPlatformChannels(config, { clock, logger });
  const store = createMemoryStore();
  await seedDemo(store, clock, config.timeZone);
  await markReal(store); // the bureau's own directory, as a roster import leaves it
  const people = await store.listPeople();
  // 张三 is on WeCom, 李四 on DingTalk, 王五 on both (pushed once, on WeCom).
  await store.savePeople(
    people.map((p) => ({
      ...p,
      identities:
        p.id === 'zhangsan' ? { wecom: 'zhangsan' } : p.id === 'lisi' ? { dingtalk: 'lisi' } : p.id === 'wangwu' ? { wecom: 'wangwu', dingtalk: 'wangwu' } : {},
    })),
  );
  const deps = await createDeps({
    config,
    clock,
    logger,
    store,
    calendar: everyDayCalendar,
    receivers: channels.receivers,
    senders: channels.senders,
    bulkSenders: channels.bulkSenders,
    contacts: channels.contacts,
    channelHealth: channels.health,
    sleep: async () => {},
  });
  const server = await startServer(deps);
  channels.start(deps.pipeline);
  closers.push(
    () => server.close(),
    () => channels.stop(),
  );

  // WeCom: an encrypted text message is answered with an encrypted passive reply.
  const wecom = createFakeWecomClient({ url: server.url, token: 'wiringtoken', encodingAesKey: AES, corpId: 'wwwiring', agentId: 1000002, clock });
  const r = await wecom.userSays('zhangsan', '帮助');
  expect(r.status).toBe(200);
  expect(r.reply?.content).toContain('使用帮助');

  // DingTalk: Stream connects, and a robot message gets its reply through the sessionWebhook.
  await ding.waitFor(() => (deps.channelHealth().dingtalk as { stream: { connected: boolean } }).stream.connected, 'stream connection');
  ding.pushCallback(ding.payload({ userId: 'lisi', text: '帮助' }));
  await ding.waitFor(() => ding.sent.find((s) => s.to === 'lisi' && JSON.stringify(s).includes('使用帮助')), 'help reply');

  // The daily push goes to each person once, on their platform.
  const outcome = await deps.runner.run('daily-push', '2026-11-24' as QuizDay);
  expect(outcome).toMatchObject({ status: 'ran' });
  const sends = await wecomApi.waitFor('message/send', 1);
  const wecomUsers = sends
    .flatMap((c) => String(c.body?.touser ?? '').split('|'))
    .filter(Boolean)
    .sort();
  expect(wecomUsers).toEqual(['wangwu', 'zhangsan']);
  await ding.waitFor(() => ding.sent.find((s) => s.via === 'batchSend' && s.to === 'lisi'), 'push to lisi');
  expect(ding.sent.filter((s) => s.via === 'batchSend').map((s) => s.to)).toEqual(['lisi']);

  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { channels: Record<string, unknown> };
  expect(health.channels).toMatchObject({ wecom: { mode: 'callback' }, dingtalk: { mode: 'stream', stream: { connected: true } } });
});
