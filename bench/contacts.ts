/**
 * Benchmark: 通讯录同步 of 20,000 members (BENCH_CONTACTS, default 20,000; 20 units × 10 sections) from each
 * platform through the real contact clients (real clock and sleep: they pace themselves) against the fake
 * contact APIs on 127.0.0.1, which enforce the documented limits (WeCom 10,000 calls a minute per API;
 * DingTalk 40 a second per API and 10,000 in 20 s per IP). Reports the wall time of a first sync into an
 * empty lowdb store and of a second, idempotent one, the API calls made, the busiest second per API, and
 * every limit the fake saw broken (expected: none). Goal: each first sync ≤ 30 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlatformChannels } from '../src/channels/platforms.js';
import { loadConfig } from '../src/config/load.js';
import { systemClock } from '../src/core/clock.js';
import type { ContactChannel } from '../src/core/ports/platform-lookup.js';
import { createLogger } from '../src/core/log.js';
import { createContactSync } from '../src/directory/sync/contact-sync.js';
import { LowdbStore } from '../src/store/lowdb-store.js';
import { startFakeDingtalk } from '../test/fakes/fake-dingtalk.js';
import { buildTree, createFakeOrg } from '../test/fakes/fake-org.js';
import { startFakeWecomApi } from '../test/fakes/fake-wecom-api.js';

const ROOT = new URL('..', import.meta.url).pathname;
const MEMBERS = Number(process.env.BENCH_CONTACTS ?? 20_000);
const BUREAUS = 20;
const SECTIONS = 10;

function org() {
  const o = createFakeOrg('某县司法局');
  const size = buildTree(o, { bureaus: BUREAUS, sections: SECTIONS, perSection: Math.ceil(MEMBERS / (BUREAUS * SECTIONS)) });
  return { o, size };
}

async function syncOnce(channel: ContactChannel, env: Record<string, string>) {
  const logger = createLogger({ level: 'error' });
  const config = loadConfig({ QUESTIONS_DIR: `${ROOT}questions`, LAWS_DIR: `${ROOT}laws`, DATA_DIR: '/nonexistent', PLAYGROUND: 'false', ...env });
  const channels = createPlatformChannels(config, { clock: systemClock, logger });
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-bench-contacts-'));
  const store = await LowdbStore.open({ dataDir, logger });
  try {
    const sync = createContactSync({
      store,
      sources: new Map([[channel, channels.contacts.get(channel)!]]),
      clock: systemClock,
      timeZone: 'Asia/Shanghai',
      logger,
    });
    const t0 = performance.now();
    const [first] = await sync.sync();
    const firstSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const [second] = await sync.sync();
    const secondSeconds = (performance.now() - t1) / 1000;
    const people = (await store.listPeople()).filter((p) => p.active).length;
    return {
      firstSeconds: +firstSeconds.toFixed(1),
      secondSeconds: +secondSeconds.toFixed(1),
      calls: first!.calls,
      departments: first!.departmentsRead,
      members: first!.membersRead,
      peopleStored: people,
      leaders: (await store.listPeople()).filter((p) => p.roles.includes('leader')).length,
      failures: first!.failures.length + second!.failures.length,
      secondRunChanges: second!.plan.saveDepartments.length + second!.plan.savePeople.length + second!.plan.removeDepartments.length,
    };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchContacts(): Promise<Record<string, unknown>> {
  const w = org();
  const wecomApi = await startFakeWecomApi({ corpId: 'wwbench', secret: 'bench-secret', org: w.o });
  const wecom = await syncOnce('wecom', {
    WECOM_CORP_ID: 'wwbench',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'bench-secret',
    WECOM_TOKEN: 'benchtoken',
    WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    WECOM_API_BASE: wecomApi.url,
  });
  const wecomPeaks = Object.fromEntries(['department/get', 'user/list'].map((p) => [p, wecomApi.peakRate(p)]));
  const wecomOverLimit = wecomApi.calls.filter((c) => c.outcome === 'errcode 45009').length;
  await wecomApi.close();

  const d = org();
  const ding = await startFakeDingtalk({ now: () => systemClock.now(), org: d.o });
  const dingtalk = await syncOnce('dingtalk', {
    DINGTALK_CLIENT_ID: ding.clientId,
    DINGTALK_CLIENT_SECRET: ding.clientSecret,
    DINGTALK_MODE: 'http',
    DINGTALK_API_BASE: ding.url,
    DINGTALK_OAPI_BASE: ding.url,
  });
  const dingPeaks = Object.fromEntries(
    ['/topapi/v2/department/listsub', '/topapi/v2/user/list'].map((p) => [p.replace('/topapi/', ''), ding.peakPerSecond(p)]),
  );
  const dingLimitHits = ding.limitHits.length;
  await ding.close();

  return {
    members: w.size.members,
    departments: w.size.departments,
    goalSeconds: 30,
    wecom: { ...wecom, peakPerApi: wecomPeaks, limit: '10,000/min per API', limitErrors: wecomOverLimit },
    dingtalk: { ...dingtalk, peakPerSecondPerApi: dingPeaks, limit: '40/s per API, 10,000/20 s per IP', limitErrors: dingLimitHits },
  };
}
