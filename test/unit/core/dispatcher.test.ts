import { describe, expect, test } from 'vitest';
import type { Handler } from '../../../src/core/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createDispatcher } from '../../../src/core/dispatcher.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';

const msg = (id: string, text = 'hi'): InboundMessage => ({
  channel: 'wecom',
  messageId: id,
  sentAt: new Date('2026-11-24T01:00:00Z'),
  sender: { userId: 'u1' },
  conversation: { id: 'u1', kind: 'direct' },
  text,
  replyTo: { channel: 'wecom', kind: 'user', id: 'u1' },
});

describe('dispatcher', () => {
  const echo: Handler = async (ctx) => {
    if (ctx.msg.text === 'boom') throw new Error('boom');
    ctx.reply(`got ${ctx.msg.text}`);
  };
  const make = (store = createMemoryStore()) => ({
    store,
    d: createDispatcher({ store, handler: echo, logger: createMemoryLogger(), clock: fixedClock('2026-11-24T01:00:00Z') }),
  });

  test('handles a message once; a redelivery is a duplicate', async () => {
    const { d } = make();
    expect(await d.dispatch(msg('m1'))).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: 'got hi' }] });
    expect(await d.dispatch(msg('m1'))).toEqual({ kind: 'duplicate' });
  });

  test('a failure apologises and releases the claim so the platform retry is handled', async () => {
    const { d, store } = make();
    const r = await d.dispatch(msg('m2', 'boom'));
    expect(r.kind === 'replies' && r.replies[0]).toMatchObject({ text: '系统繁忙，请稍后再试。' });
    expect(await store.claimMessage('wecom', 'm2', new Date())).toBe(true);
  });

  test('a message accepted but not processed before a crash is handled by recover, once', async () => {
    const store = createMemoryStore();
    const first = make(store);
    expect(await first.d.accept(msg('m3', 'A'))).toBe(true); // ...and the process dies here
    const second = make(store);
    const sent: Array<[string, OutboundMessage[]]> = [];
    expect(
      await second.d.recover(async (m, replies) => {
        sent.push([m.messageId, [...replies]]);
      }),
    ).toBe(1);
    expect(sent).toEqual([['m3', [{ kind: 'text', text: 'got A' }]]]);
    expect(await second.d.recover(async () => {})).toBe(0);
    expect(await second.d.dispatch(msg('m3', 'A'))).toEqual({ kind: 'duplicate' });
  });
});
