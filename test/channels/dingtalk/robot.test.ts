/** The custom group robot (自定义机器人, 加签) against the fake DingTalk. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createCustomRobot } from '../../../src/channels/dingtalk/robot.js';
import { fixedClock } from '../../../src/core/clock.js';
import type { AppError } from '../../../src/core/errors.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import { type FakeDingtalk, startFakeDingtalk } from '../../fakes/fake-dingtalk.js';

const SECRET = 'SECfa0123456789';
let fake: FakeDingtalk;
let clock: ReturnType<typeof fixedClock>;
let sleeps: number[];

beforeEach(async () => {
  clock = fixedClock('2026-11-24T02:00:00Z');
  sleeps = [];
  fake = await startFakeDingtalk({ now: () => clock.now(), webhookToken: 'robot-token', webhookSecret: SECRET });
});
afterEach(() => fake.close());

/** A sleep that moves the fake clock instead of waiting. */
const sleep = async (ms: number) => {
  sleeps.push(ms);
  clock.advance(ms);
};
const robot = (secret = SECRET) => createCustomRobot({ token: 'robot-token', secret, oapiBase: fake.url }, { clock, logger: createMemoryLogger(), sleep });

describe('custom robot', () => {
  test('signs every request with a fresh timestamp', async () => {
    const r = robot();
    await r.send({ kind: 'markdown', title: '本周排行', markdown: '### 本周排行' });
    clock.advance(2 * 60 * 60_000); // a timestamp kept from the first send would now be refused
    await r.send({ kind: 'text', text: '第二条' });
    expect(fake.sent.map((s) => [s.msgtype, s.text])).toEqual([
      ['markdown', '### 本周排行'],
      ['text', '第二条'],
    ]);
    const [a, b] = fake.sent.map((s) => Number(s.query?.timestamp));
    expect(b! - a!).toBe(2 * 60 * 60_000);
    expect(fake.sent[1]!.query?.timestamp).toBe(String(clock.now().getTime()));
  });

  test('a wrong secret is refused with 310000', async () => {
    let err: AppError | undefined;
    await robot('SECwrong')
      .send({ kind: 'text', text: 'x' })
      .catch((e) => {
        err = e;
      });
    expect(err?.details.errcode).toBe(310000);
  });

  test('queues beyond 20 messages a minute instead of being throttled', async () => {
    const r = robot();
    await Promise.all(Array.from({ length: 25 }, (_, i) => r.send({ kind: 'text', text: `第${i + 1}条` })));
    expect(fake.sent.map((s) => s.text)).toEqual(Array.from({ length: 25 }, (_, i) => `第${i + 1}条`));
    expect(sleeps).toEqual([60_000]);
  });
});
