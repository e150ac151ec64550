/**
 * Recall on DingTalk (issue 16): batchSend's processQueryKey is kept as the send's handle and
 * robot/otoMessages/batchRecall takes the 1:1 robot messages back (20 keys a call); unknown keys come back in
 * failedResult.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDingtalkApi } from '../../../src/channels/dingtalk/api.js';
import { createDingtalkSender } from '../../../src/channels/dingtalk/sender.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeDingtalk, startFakeDingtalk } from '../../fakes/fake-dingtalk.js';

let fake: FakeDingtalk;
const clock = fixedClock('2026-11-24T02:00:00Z');
beforeEach(async () => {
  fake = await startFakeDingtalk({ now: () => clock.now() });
});
afterEach(() => fake.close());

describe('DingTalk recall', () => {
  test('the processQueryKeys of a send are its handles; batchRecall takes the messages back', async () => {
    const api = createDingtalkApi({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      robotCode: fake.clientId,
      apiBase: fake.url,
      oapiBase: fake.url,
      clock,
    });
    const sender = createDingtalkSender({ api, clock, logger: createMemoryLogger(), webhookOrigins: [fake.url], sleep: async () => {} });
    const users = Array.from({ length: 45 }, (_, i) => `dt${i}`);
    const report = await sender.sendToUsers(users, { kind: 'text', text: '【学习专题】测试' });
    expect(report.delivered).toHaveLength(45);
    expect(report.handles).toHaveLength(3);
    const r = await sender.recall(report.handles!);
    expect(r).toEqual({ recalled: report.handles, failed: [] });
    expect(fake.recalled.flatMap((x) => x.users).sort()).toEqual([...users].sort());
    const again = await sender.recall(['no-such-key']);
    expect(again).toEqual({ recalled: [], failed: [{ handle: 'no-such-key', reason: 'message not found' }] });
  });
});
