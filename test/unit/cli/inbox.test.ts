import { expect, test } from 'vitest';
import { runCommand } from '../../../src/cli/run-command.js';
import type { Handler } from '../../../src/core/bot.js';
import type { InboundMessage } from '../../../src/core/message.js';
import { makeTestDeps } from '../../helpers/test-deps.js';

const message = (id: string, text: string): InboundMessage => ({
  channel: 'playground',
  messageId: id,
  sentAt: new Date('2026-11-24T02:00:00Z'),
  sender: { userId: 'zhangsan' },
  conversation: { id: 'zhangsan', kind: 'direct' },
  text,
  replyTo: { channel: 'playground', kind: 'user', id: 'zhangsan' },
});

test('inbox retry handles a parked message again and sends its replies to the person; pending, unknown and malformed requests are refused', async () => {
  let broken = true;
  const wrapHandler =
    (h: Handler): Handler =>
    async (ctx, next) => {
      if (broken) throw new Error('the bank file could not be read');
      return h(ctx, next);
    };
  const { deps } = await makeTestDeps({ wrapHandler, env: { PLAYGROUND: 'true' } });
  await deps.dispatcher.dispatch(message('m1', '答题'));
  await deps.dispatcher.accept(message('m2', '帮助')); // accepted, not handled yet: pending
  const out: string[] = [];
  const io = { out: (l: string) => out.push(l) };
  const run = async (...argv: string[]) => {
    out.length = 0;
    return runCommand(['inbox', ...argv], { config: deps.config, deps, io });
  };

  expect(await run()).toBe(0);
  expect(out[0]).toBe('收件箱：已搁置 1 条，待处理 1 条');
  expect(out.join('\n')).toContain('错误：the bank file could not be read');
  expect(out.join('\n')).toMatch(/\[待处理\] playground:m2 {2}zhangsan .*已尝试 0 次/);

  expect(await run('retry', 'm2')).toBe(1);
  expect(out[0]).toContain('正在等待处理');
  expect(await run('drop', 'nope')).toBe(1);
  expect(await run('frobnicate')).toBe(2);
  expect(out[0]).toContain('用法');

  expect(await run('retry', 'playground:m1')).toBe(1); // still broken: parked again
  expect(out[0]).toContain('重新处理仍然失败，已再次搁置');

  broken = false;
  expect(await run('retry', 'm1')).toBe(0);
  expect(out).toEqual(['已重新处理 playground:m1，2 条回复已发给本人。']);
  const sent = deps.playgroundInbox!.sent.get('zhangsan')!;
  expect(sent.at(-2)).toContain('今日答题共 5 题');
  expect((await deps.store.inbox()).map((e) => e.message.messageId)).toEqual(['m2']);
});
