/**
 * The BulkSender contract for scheduled pushes, against the fake WeCom API: 1000 members per call with
 * enable_duplicate_check, invaliduser read back, byte-identical retries, errors thrown for the outbox to
 * retry, and the group robot as the channel's one group.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { OutboundMessage } from '../../../src/core/message.js';
import { ROBOT_GROUP_ID, createWecomChannel } from '../../../src/channels/wecom/index.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

let fake: FakeWecomApi;
afterEach(async () => {
  await fake?.close();
});

const CORP = 'wwpufa0001';
const push: OutboundMessage = {
  kind: 'action',
  title: '每日一学 · 11月24日（周二）',
  text: '【每日一学】今日答题已就绪',
  actions: [{ label: '开始答题', command: '答题' }],
};

async function setup(opts: { webhookKey?: string; cards?: boolean } = {}) {
  fake = await startFakeWecomApi({ corpId: CORP, secret: 's', webhookKey: 'rk' });
  const channel = createWecomChannel(
    {
      corpId: CORP,
      agentId: 1000002,
      secret: 's',
      token: 't',
      encodingAesKey: 'a'.repeat(43),
      apiBase: fake.url,
      cards: opts.cards ?? true,
      webhookKey: opts.webhookKey,
    },
    { clock: fixedClock('2026-11-24T01:00:00Z'), logger: createMemoryLogger(), sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } },
  );
  return channel.bulkSender;
}

describe('WeCom bulk sender', () => {
  test('2500 members: three calls of 1000/1000/500 with duplicate check; invalid members reported', async () => {
    const bulk = await setup();
    expect(bulk.maxBatch).toBe(1000);
    const users = Array.from({ length: 2500 }, (_, i) => `User${i}`);
    fake.invalidUsers.add('User7').add('User1999');
    const report = await bulk.sendToUsers(users, push);
    const sends = fake.callsTo('message/send');
    expect(sends.map((c) => c.body.touser.split('|').length)).toEqual([1000, 1000, 500]);
    expect(sends[0]!.body).toMatchObject({ agentid: 1000002, msgtype: 'template_card', enable_duplicate_check: 1, duplicate_check_interval: 14400 });
    expect(report).toEqual({
      delivered: users.filter((u) => u !== 'User7' && u !== 'User1999'),
      invalid: ['User7', 'User1999'],
      failed: [],
      handles: [expect.any(String), expect.any(String), expect.any(String)],
    });
  });

  test('a retried push is byte-identical (so WeCom can drop the duplicate); another batch is not', async () => {
    const bulk = await setup();
    await bulk.sendToUsers(['a', 'b'], push);
    await bulk.sendToUsers(['a', 'b'], push);
    await bulk.sendToUsers(['c'], push);
    const [first, retry, other] = fake.callsTo('message/send').map((c) => c.body);
    expect(retry).toEqual(first);
    expect(other.template_card.task_id).not.toBe(first.template_card.task_id);
  });

  test('a failure throws with its code, for the outbox to retry', async () => {
    const bulk = await setup({ cards: false });
    fake.failNext('message/send', { errcode: 60020 });
    await expect(bulk.sendToUsers(['a'], push)).rejects.toMatchObject({ code: 'platform.api_error', details: { errcode: 60020 } });
    fake.failNext('message/send', { status: 500 }, 4);
    await expect(bulk.sendToUsers(['a'], push)).rejects.toMatchObject({ code: 'platform.http_error' });
  });

  test('the group robot is the one group when WECOM_WEBHOOK_KEY is set', async () => {
    expect((await setup()).groups).toEqual([]);
    await fake.close();
    const bulk = await setup({ webhookKey: 'rk' });
    expect(bulk.groups).toEqual([ROBOT_GROUP_ID]);
    await bulk.sendToGroup(ROBOT_GROUP_ID, { kind: 'markdown', title: '排行榜', markdown: '**本周排行**' });
    expect(fake.okCalls('webhook/send')[0]!.body).toEqual({ msgtype: 'markdown', markdown: { content: '**本周排行**' } });
    await expect(bulk.sendToGroup('other', push)).rejects.toThrow(/WECOM_WEBHOOK_KEY/);
  });
});
