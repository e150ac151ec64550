import { describe, expect, test } from 'vitest';
import { createDingtalkReceiver } from '../../../src/channels/dingtalk/receiver.js';
import { GROUP_QUIZ_HINT, computeSign } from '../../../src/channels/dingtalk/index.js';
import type { AppError } from '../../../src/core/errors.js';
import type { OutboundMessage } from '../../../src/core/message.js';

const SECRET = 'test-app-secret';
const NOW = new Date('2026-11-24T02:00:00Z');
const body = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    msgId: 'msgA',
    msgtype: 'text',
    conversationId: 'cid1',
    conversationType: '1',
    senderStaffId: 'zhangsan',
    senderNick: '张三',
    createAt: NOW.getTime(),
    sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
    sessionWebhookExpiredTime: NOW.getTime() + 5_400_000,
    text: { content: ' 答题' },
    ...over,
  });
const signed = (b: string, ts = String(NOW.getTime()), sign = computeSign(SECRET, ts)) => ({
  method: 'POST' as const,
  query: {},
  headers: { timestamp: ts, sign },
  body: b,
});
const receiver = createDingtalkReceiver({ clientSecret: SECRET });

describe('DingTalk receiver (HTTP mode)', () => {
  test('decodes a signed callback', () => {
    const r = receiver.decode(signed(body()), NOW);
    expect(r.kind === 'message' && r.message.text).toBe('答题');
  });

  test('the signature is checked before the body is read', () => {
    let err: AppError | undefined;
    try {
      receiver.decode(signed('not json', undefined, 'forged'), NOW);
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('channel.bad_signature');
  });

  test('a picture is ignored with an empty 200', () => {
    const r = receiver.decode(signed(body({ msgtype: 'picture', text: undefined, content: { downloadCode: 'x' } })), NOW);
    expect(r).toMatchObject({ kind: 'ignored', response: { status: 200, body: '' } });
  });

  test('respond: empty 200, every reply in rest; in groups a question batch becomes the hint', () => {
    const direct = receiver.decode(signed(body()), NOW);
    const group = receiver.decode(signed(body({ conversationType: '2' })), NOW);
    if (direct.kind !== 'message' || group.kind !== 'message') throw new Error('expected messages');
    const replies: OutboundMessage[] = [
      { kind: 'text', text: '今日答题共 5 题' },
      { kind: 'question', text: 'q', card: { ref: 'r', title: 't', stem: 's', kind: 'single', options: [] } },
    ];
    expect(receiver.respond(direct.message, replies, NOW)).toEqual({
      response: { status: 200, body: '', contentType: 'text/plain; charset=utf-8' },
      rest: replies,
    });
    expect(receiver.respond(group.message, replies, NOW).rest).toEqual([{ kind: 'text', text: GROUP_QUIZ_HINT }]);
  });
});
