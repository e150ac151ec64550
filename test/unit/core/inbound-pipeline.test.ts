/** The inbound pipeline over a fake receiver and the real dispatcher on a memory store; reply deadlines fired by hand. */
import { describe, expect, test } from 'vitest';
import type { Handler } from '../../../src/core/bot.js';
import { fixedClock } from '../../../src/core/clock.js';
import { createDispatcher } from '../../../src/core/dispatcher.js';
import { AppError } from '../../../src/core/errors.js';
import { createInboundPipeline } from '../../../src/core/inbound-pipeline.js';
import { createMemoryLogger } from '../../../src/core/log.js';
import type { InboundMessage, OutboundMessage } from '../../../src/core/message.js';
import type { DirectoryChange } from '../../../src/core/ports/platform-lookup.js';
import type { RawRequest, Receiver } from '../../../src/core/ports/receiver.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { manualDeadlines, signal } from '../../helpers/timing.js';

const NOW = '2026-11-24T02:00:00Z';
const clock = fixedClock(NOW);

function message(id: string, text: string): InboundMessage {
  return {
    channel: 'wecom',
    messageId: id,
    sentAt: new Date(NOW),
    sender: { userId: 'u1' },
    conversation: { id: 'u1', kind: 'direct' },
    text,
    replyTo: { channel: 'wecom', kind: 'user', id: 'u1' },
  };
}

const CHANGE: DirectoryChange = { channel: 'wecom', eventId: 'ev1', what: 'user', ids: ['u9'], removed: true };

/** A receiver whose body is a command: `msg <id> <text>`, `dir`, `hello`, `ignore`, `bug`, anything else is refused. */
function fakeReceiver(replyDeadlineMs: number, carry = 1): Receiver {
  return {
    channel: 'wecom',
    methods: ['POST'],
    maxBodyBytes: 1024,
    replyDeadlineMs,
    decode(req) {
      const [cmd, id, ...rest] = req.body.split(' ');
      if (cmd === 'msg') return { kind: 'message', message: message(id!, rest.join(' ')) };
      if (cmd === 'dir') return { kind: 'directory', change: CHANGE, response: { status: 200, body: 'dir ok' } };
      if (cmd === 'hello') return { kind: 'handshake', response: { status: 200, body: 'echo' } };
      if (cmd === 'ignore') return { kind: 'ignored', reason: 'test', response: { status: 200, body: 'ignored' } };
      if (cmd === 'bug') throw new TypeError('decoder bug');
      throw new AppError('channel.bad_signature', 'bad signature');
    },
    respond(_m, replies) {
      const texts = replies.map((r) => (r.kind === 'text' ? r.text : r.kind));
      return { response: { status: 200, body: texts.slice(0, carry).join('|') }, rest: replies.slice(carry) };
    },
  };
}

const req = (body: string): RawRequest => ({ method: 'POST', query: {}, headers: {}, body });

function world(opts: { handler?: Handler; replyDeadlineMs?: number; carry?: number; claim?: () => Promise<void> } = {}) {
  const store = createMemoryStore();
  if (opts.claim) {
    const claim = store.claimMessage.bind(store);
    const gate = opts.claim;
    store.claimMessage = async (...args) => {
      await gate();
      return claim(...args);
    };
  }
  const logger = createMemoryLogger();
  const handler: Handler =
    opts.handler ??
    (async (ctx) => {
      ctx.reply({ kind: 'text', text: `one:${ctx.msg.text}` });
      ctx.reply({ kind: 'text', text: `two:${ctx.msg.text}` });
    });
  const dispatcher = createDispatcher({ store, handler, logger, clock });
  const sent: Array<{ id: string; texts: string[] }> = [];
  const changes: DirectoryChange[] = [];
  const timers = manualDeadlines();
  const pipeline = createInboundPipeline({
    dispatcher,
    clock,
    logger,
    sendLater: async (m, replies: readonly OutboundMessage[]) => {
      sent.push({ id: m.messageId, texts: replies.map((r) => (r.kind === 'text' ? r.text : r.kind)) });
    },
    onDirectoryChange: async (c) => {
      changes.push(c);
    },
    replyTimer: () => timers.deadline(),
  });
  const feed = pipeline.entry(fakeReceiver(opts.replyDeadlineMs ?? 3_000, opts.carry));
  return { store, logger, pipeline, feed, sent, changes, timers };
}

describe('inbound pipeline', () => {
  test('a message in time: the answer carries what it can, the rest goes through the Sender', async () => {
    const w = world();
    expect(await w.feed(req('msg m1 hi'))).toEqual({ kind: 'answer', response: { status: 200, body: 'one:hi' } });
    await w.pipeline.drain();
    expect(w.sent).toEqual([{ id: 'm1', texts: ['two:hi'] }]);
  });

  test('past the reply deadline: answered empty, every reply sent later', async () => {
    const gate = signal();
    const open = gate.next();
    const w = world({
      handler: async (ctx) => {
        await open;
        ctx.reply({ kind: 'text', text: 'late' });
      },
    });
    const outcome = w.feed(req('msg m2 slow'));
    await expect.poll(() => w.timers.armed).toBe(1);
    w.timers.fireAll();
    expect(await outcome).toEqual({ kind: 'answer', response: { status: 200, body: '' } });
    expect(w.logger.lines.some((l) => l.msg === 'reply deadline reached; replying later through the API')).toBe(true);
    gate.fire();
    await w.pipeline.drain();
    expect(w.sent).toEqual([{ id: 'm2', texts: ['late'] }]);
  });

  test('nothing is answered before the claim is durable, even past the reply deadline', async () => {
    const claimGate = signal();
    const claimed = claimGate.next();
    const w = world({ claim: () => claimed });
    let answered = false;
    const outcome = w.feed(req('msg m3 hi')).then((o) => {
      answered = true;
      return o;
    });
    w.timers.fireAll(); // no timer is armed before the claim: nothing to fire
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    expect(w.timers.armed).toBe(0);
    claimGate.fire();
    expect(await outcome).toMatchObject({ kind: 'answer' });
  });

  test('a claim that fails throws (the transport must not acknowledge); nothing was handled', async () => {
    const w = world({ claim: () => Promise.reject(new Error('disk full')) });
    await expect(w.feed(req('msg m4 hi'))).rejects.toThrow('disk full');
    await w.pipeline.drain();
    expect(w.sent).toEqual([]);
  });

  test('a redelivery is answered empty and not handled again', async () => {
    let runs = 0;
    const w = world({
      handler: async (ctx) => {
        runs++;
        ctx.reply({ kind: 'text', text: 'x' });
      },
    });
    await w.feed(req('msg m5 hi'));
    expect(await w.feed(req('msg m5 hi'))).toEqual({ kind: 'answer', response: { status: 200, body: '' } });
    await w.pipeline.drain();
    expect(runs).toBe(1);
  });

  test('reply deadline 0 (Stream): answered once claimed, all replies through the Sender', async () => {
    const gate = signal();
    const open = gate.next();
    const w = world({
      replyDeadlineMs: 0,
      handler: async (ctx) => {
        await open;
        ctx.reply({ kind: 'text', text: 'a' });
        ctx.reply({ kind: 'text', text: 'b' });
      },
    });
    expect(await w.feed(req('msg m6 hi'))).toEqual({ kind: 'answer', response: { status: 200, body: '' } });
    expect((await w.store.inbox()).map((e) => e.message.messageId)).toEqual(['m6']);
    gate.fire();
    await w.pipeline.drain();
    expect(w.sent).toEqual([{ id: 'm6', texts: ['a', 'b'] }]);
  });

  test('bad input is refused with its code and logged; a decoder bug is refused as bad_payload; neither is claimed', async () => {
    const w = world();
    const bad = await w.feed(req('forged'), { ip: '10.0.0.9' });
    expect(bad.kind === 'refused' && bad.error.code).toBe('channel.bad_signature');
    expect(w.logger.lines.find((l) => l.msg === 'request rejected')).toMatchObject({ code: 'channel.bad_signature', ip: '10.0.0.9', channel: 'wecom' });
    const bug = await w.feed(req('bug'));
    expect(bug.kind === 'refused' && bug.error.code).toBe('channel.bad_payload');
    const unread = await w.feed(Promise.reject(new AppError('channel.too_large', 'too big')));
    expect(unread.kind === 'refused' && unread.error.code).toBe('channel.too_large');
    expect(await w.store.inbox()).toEqual([]);
  });

  test('handshakes and ignored requests are answered as decoded; a directory change is handed over before the answer', async () => {
    const w = world();
    expect(await w.feed(req('hello'))).toEqual({ kind: 'answer', response: { status: 200, body: 'echo' } });
    expect(await w.feed(req('ignore'))).toEqual({ kind: 'answer', response: { status: 200, body: 'ignored' } });
    expect(await w.feed(req('dir'))).toEqual({ kind: 'answer', response: { status: 200, body: 'dir ok' } });
    expect(w.changes).toEqual([CHANGE]);
  });

  test('admit refuses a sender before anything is claimed', async () => {
    const w = world();
    const feed = w.pipeline.entry(fakeReceiver(3_000), {
      admit: async () => {
        throw new AppError('auth.forbidden', 'not for you');
      },
    });
    const out = await feed(req('msg m7 hi'));
    expect(out.kind === 'refused' && out.error.code).toBe('auth.forbidden');
    expect(await w.store.inbox()).toEqual([]);
  });
});
