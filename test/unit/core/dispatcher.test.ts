import { describe, expect, test } from 'vitest';
import type { Handler } from '../../../src/core/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createDispatcher } from '../../../src/core/dispatcher.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { manualDeadlines, signal } from '../../helpers/timing.js';

const msg = (id: string, text = 'hi', user = 'u1'): InboundMessage => ({
  channel: 'wecom',
  messageId: id,
  sentAt: new Date('2026-11-24T01:00:00Z'),
  sender: { userId: user },
  conversation: { id: user, kind: 'direct' },
  text,
  replyTo: { channel: 'wecom', kind: 'user', id: user },
});

describe('dispatcher', () => {
  const echo: Handler = async (ctx) => {
    if (ctx.msg.text === 'boom') throw new Error('boom');
    ctx.reply(`got ${ctx.msg.text}`);
  };
  const make = (store = createMemoryStore(), handler: Handler = echo, timers = manualDeadlines()) => {
    const logger = createMemoryLogger();
    return {
      store,
      logger,
      timers,
      d: createDispatcher({ store, handler, logger, clock: fixedClock('2026-11-24T01:00:00Z'), deadline: () => timers.deadline() }),
    };
  };

  test('handles a message once; a redelivery is a duplicate', async () => {
    const { d } = make();
    expect(await d.dispatch(msg('m1'))).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: 'got hi' }] });
    expect(await d.dispatch(msg('m1'))).toEqual({ kind: 'duplicate' });
  });

  test('a message that fails twice is parked: one apology, an operator log line, kept with the error, never retried by a redelivery', async () => {
    let calls = 0;
    const { d, store, logger } = make(createMemoryStore(), async (ctx, next) => {
      calls++;
      return echo(ctx, next);
    });
    const r = await d.dispatch(msg('m2', 'boom'));
    expect(r).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: '抱歉，您的消息“boom”暂时无法处理，已记录并转交管理员。请稍后再试。' }] });
    expect(calls).toBe(2);
    expect(logger.lines.find((l) => l.msg === 'message parked')).toMatchObject({
      level: 'error',
      channel: 'wecom',
      messageId: 'm2',
      attempts: 2,
      error: 'boom',
    });
    expect(await store.inbox()).toMatchObject([{ state: 'parked', attempts: 2, error: 'boom', message: { messageId: 'm2', text: 'boom' } }]);
    expect(await store.pendingMessages()).toEqual([]);
    expect(await d.dispatch(msg('m2', 'boom'))).toEqual({ kind: 'duplicate' });
    expect(calls).toBe(2);
  });

  test('a failure that does not repeat is retried once at once and answered normally', async () => {
    let calls = 0;
    const { d, store } = make(createMemoryStore(), async (ctx) => {
      if (++calls === 1) throw new Error('platform lookup timed out');
      ctx.reply('ok');
    });
    expect(await d.dispatch(msg('m3'))).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: 'ok' }] });
    expect(calls).toBe(2);
    expect(await store.inbox()).toEqual([]);
  });

  test('a handler that hangs is abandoned after its budget, twice, then parked; other people are served meanwhile', async () => {
    const hanging = signal();
    const handler: Handler = async (ctx, next) => {
      if (ctx.msg.text === 'hang') {
        hanging.fire();
        return new Promise<void>(() => {});
      }
      return echo(ctx, next);
    };
    const { d, store, timers, logger } = make(createMemoryStore(), handler);
    const started = hanging.next();
    const poison = d.dispatch(msg('p1', 'hang', 'u-poison'));
    await started;
    expect(await d.dispatch(msg('m4', 'A', 'u-other'))).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: 'got A' }] });
    const again = hanging.next();
    timers.fireAll(); // attempt 1 exceeds its budget
    await again;
    timers.fireAll(); // attempt 2 too
    const r = await poison;
    expect(r.kind === 'replies' && r.replies[0]?.kind === 'text' && r.replies[0].text).toContain('暂时无法处理');
    expect(logger.lines.find((l) => l.msg === 'message parked')).toMatchObject({ messageId: 'p1', attempts: 2 });
    expect(String(logger.lines.find((l) => l.msg === 'message parked')?.error)).toContain('message.timeout');
    expect((await store.inbox()).map((e) => [e.message.messageId, e.state])).toEqual([['p1', 'parked']]);
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

  test('a message whose handling stopped the process twice is parked at the next start without running it', async () => {
    const store = createMemoryStore();
    const first = make(store);
    await first.d.accept(msg('m5', 'spin'));
    await store.beginAttempt('wecom', 'm5'); // start 1: the handler spun until the process was killed
    await store.beginAttempt('wecom', 'm5'); // start 2: again
    let calls = 0;
    const third = make(store, async (ctx) => {
      calls++;
      ctx.reply('never');
    });
    const sent: OutboundMessage[][] = [];
    expect(await third.d.recover(async (_m, r) => void sent.push([...r]))).toBe(1);
    expect(calls).toBe(0);
    expect(sent[0]?.[0]).toMatchObject({ text: expect.stringContaining('暂时无法处理') });
    expect(third.logger.lines.find((l) => l.msg === 'message parked')).toMatchObject({ messageId: 'm5', attempts: 2 });
  });

  test('a restart does not retry a parked message; an operator retry handles it and finishes it', async () => {
    const store = createMemoryStore();
    let broken = true;
    const handler: Handler = async (ctx) => {
      if (broken) throw new Error('bug');
      ctx.reply(`fixed ${ctx.msg.text}`);
    };
    await make(store, handler).d.dispatch(msg('m6', 'X'));
    expect((await store.inbox())[0]?.state).toBe('parked');
    broken = false;
    let sent = 0;
    const restarted = make(store, handler);
    expect(await restarted.d.recover(async () => void sent++)).toBe(0);
    expect(sent).toBe(0);
    expect(await restarted.d.retry('wecom', 'nope')).toBeUndefined();
    expect(await restarted.d.retry('wecom', 'm6')).toMatchObject({ message: { messageId: 'm6' }, replies: [{ kind: 'text', text: 'fixed X' }] });
    expect(await store.inbox()).toEqual([]);
  });

  test('recovered messages go first: a new message of the same person waits for them', async () => {
    const store = createMemoryStore();
    await make(store).d.accept(msg('old', 'first', 'u7'));
    const order: string[] = [];
    const next = make(store, async (ctx) => {
      order.push(ctx.msg.text);
      ctx.reply('ok');
    });
    const recovered = next.d.recover(async () => {});
    const fresh = next.d.dispatch(msg('new', 'second', 'u7'));
    await Promise.all([recovered, fresh]);
    expect(order).toEqual(['first', 'second']);
  });

  test('the time a message was received is stamped on it and kept in the inbox', async () => {
    const store = createMemoryStore();
    let seen: Date | undefined;
    const { d } = make(store, async (ctx) => {
      seen = ctx.msg.receivedAt;
    });
    await d.accept(msg('m8'));
    expect((await store.pendingMessages())[0]?.receivedAt).toEqual(new Date('2026-11-24T01:00:00Z'));
    await d.process(msg('m8'));
    expect(seen).toEqual(new Date('2026-11-24T01:00:00Z'));
  });
});
