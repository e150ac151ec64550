import { describe, expect, test } from 'vitest';
import { codeOrNone } from '../../helpers/error-code.js';
import { parseSessionRoute } from '../../../src/channels/dingtalk/session-route.js';
import { decodeRobotCallback, parseCallbackJson } from '../../../src/channels/dingtalk/wire.js';

/** The composite official sample of dingtalk.md §1.2 (developerpedia + the receive-message doc). */
const SAMPLE = {
  conversationId: 'cidXXX==',
  atUsers: [{ dingtalkId: '$:LWCP_v1:$xxx', staffId: 'user123' }],
  chatbotCorpId: 'dinge8a565xxxx',
  chatbotUserId: '$:LWCP_v1:$Cxxxxx',
  msgId: 'msg0xxxxx',
  senderNick: '杨xx',
  isAdmin: true,
  senderStaffId: 'user123',
  sessionWebhookExpiredTime: 1613635652738,
  createAt: 1613630252678,
  senderCorpId: 'dinge8a565xxxx',
  conversationType: '2',
  senderId: '$:LWCP_v1:$Ff09GIxxxxx',
  conversationTitle: '机器人测试-TEST',
  isInAtList: true,
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=xxxxx',
  robotCode: 'dingxxxx',
  text: { content: ' 你好' },
  msgtype: 'text',
};
const NOW = new Date(1613630253000);

describe('decodeRobotCallback', () => {
  test('the official sample: trimmed text, group, staff id, session reply address', () => {
    const r = decodeRobotCallback(SAMPLE, NOW);
    expect(r.kind).toBe('message');
    if (r.kind !== 'message') return;
    const m = r.message;
    expect(m).toMatchObject({
      channel: 'dingtalk',
      messageId: 'msg0xxxxx',
      text: '你好',
      sender: { userId: 'user123', name: '杨xx' },
      conversation: { id: 'cidXXX==', kind: 'group' },
    });
    expect(m.sentAt.getTime()).toBe(1613630252678);
    expect(m.replyTo.kind).toBe('session');
    expect(m.replyTo.expiresAt?.getTime()).toBe(1613635652738);
    expect(parseSessionRoute(m.replyTo.id)).toEqual({ webhook: SAMPLE.sessionWebhook, fallback: { kind: 'group', id: 'cidXXX==' } });
  });

  test('1:1 chat: direct conversation, falls back to the person', () => {
    const r = decodeRobotCallback({ ...SAMPLE, conversationType: '1', createAt: '1613630252678' }, NOW);
    if (r.kind !== 'message') throw new Error('expected a message');
    expect(r.message.conversation.kind).toBe('direct');
    expect(r.message.sentAt.getTime()).toBe(1613630252678);
    expect(parseSessionRoute(r.message.replyTo.id)?.fallback).toEqual({ kind: 'user', id: 'user123' });
  });

  test('without a sessionWebhook the reply goes to the person directly', () => {
    const { sessionWebhook: _w, sessionWebhookExpiredTime: _e, ...rest } = SAMPLE;
    const r = decodeRobotCallback({ ...rest, conversationType: '1' }, NOW);
    if (r.kind !== 'message') throw new Error('expected a message');
    expect(r.message.replyTo).toEqual({ channel: 'dingtalk', kind: 'user', id: 'user123' });
  });

  test('audio uses the speech recognition; richText joins its text parts', () => {
    const audio = decodeRobotCallback({ ...SAMPLE, msgtype: 'audio', text: undefined, content: { duration: 3, downloadCode: 'x', recognition: '答题' } }, NOW);
    expect(audio.kind === 'message' && audio.message.text).toBe('答题');
    const rich = decodeRobotCallback(
      { ...SAMPLE, msgtype: 'richText', content: { richText: [{ text: '排行' }, { downloadCode: 'p', type: 'picture' }, { text: '榜 ' }] } },
      NOW,
    );
    expect(rich.kind === 'message' && rich.message.text).toBe('排行榜');
  });

  test.each([
    ['a picture', { ...SAMPLE, msgtype: 'picture', content: { downloadCode: 'x' } }],
    ['a member without staff id', { ...SAMPLE, senderStaffId: undefined }],
  ])('ignores %s', (_n, body) => {
    expect(decodeRobotCallback(body, NOW).kind).toBe('ignored');
  });

  test.each([
    ['an unknown msgtype', { ...SAMPLE, msgtype: 'hologram' }],
    ['unknownMsgType', { ...SAMPLE, msgtype: 'unknownMsgType' }],
    ['a numeric conversationType', { ...SAMPLE, conversationType: 2 }],
    ['a missing msgId', { ...SAMPLE, msgId: undefined }],
    ['an array', [SAMPLE]],
    ['null', null],
    ['createAt=1e20 (no Date can hold it)', { ...SAMPLE, createAt: 1e20 }],
    ['createAt as a 21-digit string', { ...SAMPLE, createAt: '100000000000000000000' }],
    ['a fractional createAt', { ...SAMPLE, createAt: 1.5 }],
    ['sessionWebhookExpiredTime=1e20', { ...SAMPLE, sessionWebhookExpiredTime: 1e20 }],
  ])('rejects %s as bad_payload', (_n, body) => {
    expect(codeOrNone(() => decodeRobotCallback(body, NOW))).toBe('channel.bad_payload');
  });

  test('malformed JSON is bad_payload', () => {
    expect(codeOrNone(() => parseCallbackJson('{"msgId":'))).toBe('channel.bad_payload');
  });
});
