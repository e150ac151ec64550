/**
 * DingTalk's encrypted event subscription: URL check and people leaving the organisation; and (issue 11 item 8)
 * no replay: an event signed two days ago is refused, and an event id is applied once, across restarts too.
 * Events are encrypted and signed as DingTalk does (test/fakes/fake-dingtalk-events.ts, independent crypto).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createDingtalkEventsReceiver } from '../../src/channels/dingtalk/events-receiver.js';
import { createMemoryLogger } from '../../src/core/log.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { type EventDelivery, dingtalkEvent } from '../fakes/fake-dingtalk-events.js';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const KEYS = { token: 'eventtoken', aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7', appKey: 'dingtestapp' };
const NOW = '2026-11-24T02:00:00Z';
const DAY_MS = 86_400_000;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A user_leave_org as DingTalk's HTTP subscription sends it after decryption (contacts.md §2.6). */
const leave = (userIds: string[], eventId = 'c7c7120f0000000000000001') => ({
  EventType: 'user_leave_org',
  EventTime: Date.parse(NOW),
  CorpId: 'dingcorp',
  eventId,
  timeStamp: String(Date.parse(NOW)),
  userId: userIds,
});

/** A memory store whose next directory write fails (the disk is full), to show a failed event is not lost. */
class FlakyStore extends MemoryStore {
  failNextSave = false;
  override async savePeople(people: Parameters<MemoryStore['savePeople']>[0]): Promise<void> {
    if (this.failNextSave) {
      this.failNextSave = false;
      throw new Error('disk full');
    }
    return super.savePeople(people);
  }
}

async function setup(opts: { store?: MemoryStore | LowdbStore } = {}) {
  const receiver = createDingtalkEventsReceiver({ token: KEYS.token, aesKey: KEYS.aesKey, ownerKey: KEYS.appKey });
  const { deps, store, logger } = await makeTestDeps({ now: NOW, store: opts.store, seedAsReal: true, receivers: [{ path: '/dingtalk/events', receiver }] });
  const lisi = (await store.getPerson('lisi'))!;
  if (!lisi.identities.dingtalk) await store.savePeople([{ ...lisi, identities: { dingtalk: 'ding-lisi' } }]);
  const srv = await startServer(deps);
  closers.push(srv.close);
  const post = async (e: EventDelivery) => {
    const r = await fetch(`${srv.url}/dingtalk/events?${e.query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: e.body });
    return { status: r.status, body: await r.text() };
  };
  const now = () => deps.clock.now().getTime();
  return { deps, store, logger, post, now };
}

describe('DingTalk events', () => {
  test('check_url is answered with the encrypted success; user_leave_org deactivates the people; a bad signature is 401', async () => {
    const { deps, store, post, now } = await setup();
    const check = await post(dingtalkEvent(KEYS, { EventType: 'check_url' }, { timestamp: now() }));
    expect(check.status).toBe(200);
    expect(Object.keys(JSON.parse(check.body) as object).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);

    const left = await post(dingtalkEvent(KEYS, leave(['ding-lisi', 'someone-unknown']), { timestamp: now() }));
    expect(left.status).toBe(200);
    await deps.contacts.drain();
    expect(await store.getPerson('lisi')).toMatchObject({ active: false, leftOn: deps.quiz.today() });

    const forged = await post(dingtalkEvent(KEYS, { EventType: 'user_leave_org', UserId: ['zhangsan'] }, { timestamp: now(), token: 'wrong' }));
    expect(forged.status).toBe(401);
    expect(forged.body).toBe('');
    expect((await store.getPerson('zhangsan'))!.active).toBe(true);
  });

  test('the older spelling (UserId, no eventId) still applies', async () => {
    const { store, post, now } = await setup();
    expect((await post(dingtalkEvent(KEYS, { EventType: 'user_leave_org', UserId: ['ding-lisi'] }, { timestamp: now() }))).status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(false);
  });
});

describe('DingTalk events cannot be replayed', () => {
  test('a correctly signed user_leave_org from two days ago is refused (401, an operator line) and changes nothing', async () => {
    const { store, post, now, logger } = await setup();
    const old = await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() - 2 * DAY_MS }));
    expect(old.status).toBe(401);
    expect((await store.getPerson('lisi'))!.active).toBe(true);
    expect(logger.lines.find((l) => l.msg === 'request rejected')).toMatchObject({ code: 'channel.stale_request' });
    // …also in seconds, and from the future.
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: Math.floor(now() / 1000) - 2 * 86_400 }))).status).toBe(401);
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() + 2 * DAY_MS }))).status).toBe(401);
    expect((await store.getPerson('lisi'))!.active).toBe(true);
  });

  test('an event id is applied once: a replay within the window (fresh signature) is acknowledged and ignored', async () => {
    const { store, post, now, logger } = await setup();
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() }))).status).toBe(200);
    // The roster brings 李四 back; a replay of the old event must not undo that.
    await store.savePeople([{ ...(await store.getPerson('lisi'))!, active: true, leftOn: undefined }]);
    const replay = await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() + 60_000 }));
    expect(replay.status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(true);
    expect(logger.lines.some((l) => l.msg === 'duplicate contact event skipped')).toBe(true);
    // A different event id is a new event.
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi'], 'c7c7120f0000000000000002'), { timestamp: now() }))).status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(false);
  });

  test('the event id is remembered across a restart (lowdb store)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pufa-events-'));
    const open = () => LowdbStore.open({ dataDir, logger: createMemoryLogger() });
    let store = await open();
    const first = await setup({ store });
    expect((await first.post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: first.now() }))).status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(false);
    await store.savePeople([{ ...(await store.getPerson('lisi'))!, active: true, leftOn: undefined }]);
    for (const c of closers.splice(0).reverse()) await c();
    await store.close();

    store = await open();
    closers.push(() => store.close());
    const second = await setup({ store });
    expect((await second.post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: second.now() + 120_000 }))).status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(true);
  });

  test('an event the store could not apply is answered 500 and applied on DingTalk’s redelivery', async () => {
    const store = new FlakyStore();
    const { post, now } = await setup({ store });
    store.failNextSave = true;
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() }))).status).toBe(500);
    expect((await store.getPerson('lisi'))!.active).toBe(true);
    expect((await post(dingtalkEvent(KEYS, leave(['ding-lisi']), { timestamp: now() + 30_000 }))).status).toBe(200);
    expect((await store.getPerson('lisi'))!.active).toBe(false);
  });
});
