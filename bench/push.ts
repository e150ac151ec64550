/**
 * Benchmark: the daily push to 100,000 people through the real channel code against the fake platform
 * APIs on 127.0.0.1: API calls made vs. the minimum possible (WeCom 1000 users a call → 100; DingTalk 20 →
 * 5,000), and wall time. Nothing fails, so the calls must equal the minimum.
 */
import { createPlatformChannels } from '../src/channels/platforms.js';
import { loadConfig } from '../src/config/load.js';
import { everyDayCalendar } from '../src/core/calendar.js';
import { fixedClock } from '../src/core/clock.js';
import { createLogger } from '../src/core/log.js';
import type { QuizDay } from '../src/core/quiz-day.js';
import { createDeps } from '../src/deps.js';
import type { Person } from '../src/core/model.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { startFakeDingtalk } from '../test/fakes/fake-dingtalk.js';
import { startFakeWecomApi } from '../test/fakes/fake-wecom-api.js';

const ROOT = new URL('..', import.meta.url).pathname;
const PEOPLE = Number(process.env.BENCH_PUSH_PEOPLE ?? 100_000);
const DAY = '2026-11-24' as QuizDay;
const NOW = '2026-11-24T01:00:00Z';

async function pushVia(channel: 'wecom' | 'dingtalk', env: Record<string, string>) {
  const clock = fixedClock(NOW);
  const logger = createLogger({ level: 'error' });
  const config = loadConfig({ QUESTIONS_DIR: `${ROOT}questions`, LAWS_DIR: `${ROOT}laws`, DATA_DIR: '/nonexistent', PLAYGROUND: 'false', ...env });
  const channels = createPlatformChannels(config, { clock, logger });
  const store = createMemoryStore();
  await store.saveDepartments([{ id: 'd', name: '示范单位' }]);
  const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: `p${i}`,
    name: `学员${i}`,
    departmentId: 'd',
    roles: ['member'],
    track: '全员',
    identities: { [channel]: `u${String(i).padStart(6, '0')}` },
    active: true,
    joinedOn: '2026-11-01' as QuizDay,
  }));
  await store.savePeople(people);
  const deps = await createDeps({
    config,
    clock,
    logger,
    store,
    calendar: everyDayCalendar,
    senders: channels.senders,
    bulkSenders: channels.bulkSenders,
    sleep: async () => {},
  });
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const outcome = await deps.runner.run('daily-push', DAY);
  const seconds = (performance.now() - t0) / 1000;
  return { outcome, seconds, rssMb: Math.round((process.memoryUsage().rss - rss0) / 1e6) };
}

export async function benchPush(): Promise<Record<string, unknown>> {
  const wecomApi = await startFakeWecomApi({ corpId: 'wwbench', secret: 'bench-secret' });
  const wecom = await pushVia('wecom', {
    WECOM_CORP_ID: 'wwbench',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'bench-secret',
    WECOM_TOKEN: 'benchtoken',
    WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    WECOM_API_BASE: wecomApi.url,
  });
  const wecomCalls = wecomApi.calls.filter((c) => c.path === 'message/send').length;
  const wecomRecipients = wecomApi.calls
    .filter((c) => c.path === 'message/send')
    .reduce(
      (n, c) =>
        n +
        String((c as { body?: { touser?: string } }).body?.touser ?? '')
          .split('|')
          .filter(Boolean).length,
      0,
    );
  await wecomApi.close();

  const ding = await startFakeDingtalk({ now: () => new Date(NOW) });
  const dingtalk = await pushVia('dingtalk', {
    DINGTALK_CLIENT_ID: ding.clientId,
    DINGTALK_CLIENT_SECRET: ding.clientSecret,
    DINGTALK_MODE: 'http',
    DINGTALK_API_BASE: ding.url,
    DINGTALK_OAPI_BASE: ding.url,
  });
  const dingCalls = ding.countCalls('/v1.0/robot/oToMessages/batchSend');
  const dingRecipients = ding.sent.filter((s) => s.via === 'batchSend').length;
  await ding.close();

  return {
    people: PEOPLE,
    wecom: { calls: wecomCalls, minimum: Math.ceil(PEOPLE / 1000), recipients: wecomRecipients, seconds: +wecom.seconds.toFixed(2), rssDeltaMb: wecom.rssMb },
    dingtalk: {
      calls: dingCalls,
      minimum: Math.ceil(PEOPLE / 20),
      recipients: dingRecipients,
      seconds: +dingtalk.seconds.toFixed(2),
      rssDeltaMb: dingtalk.rssMb,
    },
  };
}
