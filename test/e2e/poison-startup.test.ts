/**
 * A message that fails cannot block start-up: the bot started on a data directory (server.ts, as main.ts
 * does) with a poison message accepted before the restart. The poison hangs (injected through the handler
 * seam); its time budget is fired by hand, so nothing here waits for real time.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import type { Handler } from '../../src/core/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/log.js';
import type { InboundMessage } from '../../src/core/message.js';
import { type RunningBot, startBot } from '../../src/server.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { testConfig } from '../helpers/test-deps.js';
import { manualDeadlines, signal } from '../helpers/timing.js';

const NOW = '2026-11-24T02:00:00Z';
const running: RunningBot[] = [];
afterEach(async () => {
  for (const bot of running.splice(0)) await bot.stop();
});

const poison: InboundMessage = {
  channel: 'playground',
  messageId: 'poison-1',
  sentAt: new Date(NOW),
  sender: { userId: 'lisi' },
  conversation: { id: 'lisi', kind: 'direct' },
  text: '☠ 毒消息',
  replyTo: { channel: 'playground', kind: 'user', id: 'lisi' },
};

test('a poison message accepted before a restart: the server listens and serves others, parks it after two failures, the next start leaves it, the CLI lists and drops it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pufa-poison-'));
  const config = testConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PLAYGROUND: 'true', JOB_CATCHUP_MINUTES: '0' });
  // Before the restart: the message was accepted (claimed with its payload), then the process died.
  const before = await LowdbStore.open({ dataDir, logger: createMemoryLogger() });
  await before.claimMessage(poison.channel, poison.messageId, new Date(NOW), poison);
  await before.close();

  let poisonRuns = 0;
  const hanging = signal();
  const wrapHandler =
    (h: Handler): Handler =>
    async (ctx, next) => {
      if (!ctx.msg.text.startsWith('☠')) return h(ctx, next);
      poisonRuns++;
      hanging.fire();
      return new Promise<void>(() => {});
    };
  const timers = manualDeadlines();
  const logger = createMemoryLogger();
  const started = hanging.next();
  const bot = await startBot({ config, clock: fixedClock(NOW), logger, wrapHandler, deadline: () => timers.deadline() });
  running.push(bot);
  await started; // the poison is being handled, in the background

  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
  const res = await fetch(`${bot.url}/playground/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'zhangsan', text: '答题' }),
  });
  expect(((await res.json()) as { replies: Array<{ text: string }> }).replies[0]?.text).toContain('今日答题共 5 题');

  const second = hanging.next();
  timers.fireAll(); // the first attempt runs out of time
  await second;
  timers.fireAll(); // and the second
  expect(await bot.recovered).toBe(1);
  expect(poisonRuns).toBe(2);
  expect(logger.lines.find((l) => l.msg === 'message parked')).toMatchObject({
    level: 'error',
    channel: 'playground',
    messageId: 'poison-1',
    attempts: 2,
    error: expect.stringContaining('[message.timeout]'),
  });
  expect(bot.deps.playgroundInbox?.sent.get('lisi')).toEqual([expect.stringContaining('暂时无法处理')]);
  await bot.stop();
  running.splice(0);

  // The next start does not try it again, and says nothing to the person again.
  const again = await startBot({ config, clock: fixedClock(NOW), logger: createMemoryLogger(), wrapHandler, deadline: () => timers.deadline() });
  running.push(again);
  expect(await again.recovered).toBe(0);
  expect(poisonRuns).toBe(2);
  expect(again.deps.playgroundInbox?.sent.get('lisi')).toBeUndefined();

  // The operator lists it and drops it (the CLI runs inside the server, as over the control socket).
  const out: string[] = [];
  const io = { out: (l: string) => out.push(l) };
  expect(await runCommand(['inbox'], { config, deps: again.deps, io })).toBe(0);
  expect(out.join('\n')).toContain('收件箱：已搁置 1 条，待处理 0 条');
  expect(out.join('\n')).toMatch(/\[已搁置\] playground:poison-1 {2}lisi .*已尝试 2 次/);
  expect(out.join('\n')).toContain('错误：[message.timeout]');
  out.length = 0;
  expect(await runCommand(['inbox', 'drop', 'poison-1'], { config, deps: again.deps, io })).toBe(0);
  expect(out).toEqual(['已删除 playground:poison-1：不会再处理，平台重发同一条消息也不会再处理。']);
  expect(await again.deps.store.inbox()).toEqual([]);
  out.length = 0;
  expect(await runCommand(['inbox'], { config, deps: again.deps, io })).toBe(0);
  expect(out).toEqual(['收件箱为空：没有待处理或已搁置的消息。']);
}, 60_000);
