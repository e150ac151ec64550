/** The group robot: bodies, the 20/min queue (fake clock + sleep), 45009 back-off, the key never logged. */
import { afterEach, describe, expect, test } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { createWecomRobot, robotBody } from '../../../src/channels/wecom/robot.js';
import { type FakeWecomApi, startFakeWecomApi } from '../../fakes/fake-wecom-api.js';

let fake: FakeWecomApi;
afterEach(async () => {
  await fake?.close();
});

async function setup(key = 'robot-key-secret') {
  fake = await startFakeWecomApi({ corpId: 'wwx', secret: 's', webhookKey: 'robot-key-secret' });
  const clock = fixedClock('2026-11-24T02:00:00Z');
  const logger = createMemoryLogger();
  const sleeps: number[] = [];
  // The fake sleep moves the fake clock: pacing is observable without waiting.
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  const robot = createWecomRobot({ apiBase: fake.url, key, clock, logger, sleep, timeoutMs: 5000 });
  return { robot, clock, logger, sleeps };
}

describe('robot bodies', () => {
  test('text with mentions, markdown with <@userid>, questions as text; byte limits applied', () => {
    expect(robotBody({ kind: 'text', text: '排行榜', mentionUserIds: ['zhangsan'] })).toEqual({
      msgtype: 'text',
      text: { content: '排行榜', mentioned_list: ['zhangsan'] },
    });
    expect(robotBody({ kind: 'markdown', title: 't', markdown: '# 本周', mentionUserIds: ['lisi'] })).toEqual({
      msgtype: 'markdown',
      markdown: { content: '# 本周\n<@lisi>' },
    });
    expect(robotBody({ kind: 'text', text: '字'.repeat(2000) }).text).toSatisfy((t: { content: string }) => Buffer.byteLength(t.content) <= 2048);
    expect(
      Buffer.byteLength((robotBody({ kind: 'markdown', title: 't', markdown: '字'.repeat(2000) }).markdown as { content: string }).content),
    ).toBeLessThanOrEqual(4096);
  });
});

describe('robot queue', () => {
  test('25 messages: 20 go at once, the rest wait for the minute window, in order', async () => {
    const { robot, sleeps } = await setup();
    await Promise.all(Array.from({ length: 25 }, (_, i) => robot.send({ kind: 'text', text: `第${i + 1}条` })));
    const sent = fake.okCalls('webhook/send').map((c) => c.body.text.content);
    expect(sent).toEqual(Array.from({ length: 25 }, (_, i) => `第${i + 1}条`));
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(60_000);
    expect(robot.pending()).toBe(0);
  });

  test('45009 waits a minute and retries once; the attempt counted toward the limit', async () => {
    const { robot, sleeps } = await setup();
    fake.failNext('webhook/send', { errcode: 45009 });
    await robot.send({ kind: 'text', text: 'x' });
    expect(fake.callsTo('webhook/send').map((c) => c.outcome)).toEqual(['errcode 45009', 'ok']);
    expect(sleeps).toContain(60_000);
  });

  test('a wrong key fails with the hint, and the key never reaches the logs', async () => {
    const { robot, logger } = await setup('wrong-key');
    fake.failNext('webhook/send', { status: 502 });
    await expect(robot.send({ kind: 'text', text: 'x' })).rejects.toMatchObject({ code: 'platform.api_error', details: { errcode: 93000 } });
    expect(JSON.stringify(logger.lines)).not.toContain('wrong-key');
    // the queue keeps working after a failure (the fake accepts the next call once, whatever the key)
    fake.failNext('webhook/send', { errcode: 0 });
    await expect(robot.send({ kind: 'text', text: 'y' })).resolves.toBeUndefined();
  });
});
