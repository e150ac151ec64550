/**
 * Recall on WeCom (issue 16, the console's 发布 recall): message/send's msgid is kept as the send's handle and
 * message/recall takes the message back (wecom.md §3); an unknown or already recalled msgid is refused.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { createWecomChannel } from '../../../src/channels/wecom/index.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

let fake: FakeWecomApi;
afterEach(async () => {
  await fake?.close();
});

async function setup() {
  fake = await startFakeWecomApi({ corpId: 'wwpufa0001', secret: 's' });
  const clock = fixedClock('2026-11-24T01:00:00Z');
  const channel = createWecomChannel(
    { corpId: 'wwpufa0001', agentId: 1000002, secret: 's', token: 't', encodingAesKey: 'a'.repeat(43), apiBase: fake.url, cards: false },
    { clock, logger: createMemoryLogger(), sleep: async () => {}, api: { timeoutMs: 5000, backoffMs: 1 } },
  );
  return channel.bulkSender;
}

describe('WeCom recall', () => {
  test('the msgids of a send are its handles; recall takes each message back, once', async () => {
    const bulk = await setup();
    const users = Array.from({ length: 1500 }, (_, i) => `u${i}`);
    const report = await bulk.sendToUsers(users, { kind: 'text', text: '【学习专题】测试' });
    const msgids = fake.okCalls('message/send').map(() => expect.any(String));
    expect(report.handles).toEqual(msgids);
    expect(report.handles).toHaveLength(2);
    const r = await bulk.recall!(report.handles!);
    expect(r).toEqual({ recalled: report.handles, failed: [] });
    expect(fake.okCalls('message/recall').map((c) => c.body)).toEqual(report.handles!.map((msgid) => ({ msgid })));
    expect(fake.recalled.flatMap((x) => x.users)).toHaveLength(1500);
    const again = await bulk.recall!([report.handles![0]!, 'msg-unknown']);
    expect(again.recalled).toEqual([]);
    expect(again.failed.map((f) => f.handle)).toEqual([report.handles![0], 'msg-unknown']);
  });
});
