/**
 * Protocol tests of the Receiver with the official vectors (wecom.md §2) and an injected `now`:
 * URL verification (A, B, C), message decode (A, B, C), the deterministic passive reply (C) byte for byte,
 * events, and every negative case by error code.
 */
import { describe, expect, test } from 'vitest';
import { codeOf } from '../../helpers/error-code.js';
import type { InboundMessage } from '../../../src/core/message.js';
import type { Inbound, RawRequest } from '../../../src/core/ports/receiver.js';
import { createWecomReceiver } from '../../../src/channels/wecom/receiver.js';
import { ONLY_TEXT_REPLY } from '../../../src/channels/wecom/inbound.js';
import { wxDecrypt, wxEncrypt, wxSign } from '../../fakes/fake-wecom-client.js';
import { VECTOR_A, VECTOR_B, VECTOR_C, envelope } from './vectors.js';

type Vector = typeof VECTOR_A | typeof VECTOR_B | typeof VECTOR_C;
const at = (ts: string) => new Date(Number(ts) * 1000);
const receiverFor = (v: Vector, agentId: number, extra: { cards?: boolean } = {}) =>
  createWecomReceiver({
    corpId: v.corpId,
    agentId,
    token: v.token,
    encodingAesKey: v.encodingAesKey,
    cards: extra.cards ?? false,
    random: () => Buffer.from(VECTOR_C.reply.random),
    nonce: () => VECTOR_C.reply.nonce,
  });
const get = (q: Record<string, string>): RawRequest => ({ method: 'GET', query: q, headers: {}, body: '' });
const post = (q: Record<string, string>, body: string): RawRequest => ({ method: 'POST', query: q, headers: {}, body });

function messageOf(i: Inbound): InboundMessage {
  if (i.kind !== 'message') throw new Error(`expected a message, got ${i.kind}`);
  return i.message;
}

describe('URL verification (GET)', () => {
  test.each([
    ['A', VECTOR_A, 218],
    ['B', VECTOR_B, 1000002],
    ['C', VECTOR_C, 1],
  ])('vector %s answers the bare decrypted echostr', (_n, v, agentId) => {
    const { signature, timestamp, nonce, echostr, plaintext } = v.get;
    const r = receiverFor(v, agentId).decode(get({ msg_signature: signature, timestamp, nonce, echostr }), at(timestamp));
    expect(r).toEqual({ kind: 'handshake', response: { status: 200, body: plaintext, contentType: 'text/plain; charset=utf-8' } });
  });

  test('vector A as percent-decoded once by the router: the URL form decodes to the same echostr', () => {
    expect(decodeURIComponent(VECTOR_A.get.echostrEncoded)).toBe(VECTOR_A.get.echostr);
  });

  test('an unencoded "+" that arrived as a space is restored', () => {
    const { signature, timestamp, nonce, echostr, plaintext } = VECTOR_A.get;
    const r = receiverFor(VECTOR_A, 218).decode(get({ msg_signature: signature, timestamp, nonce, echostr: echostr.replace(/\+/g, ' ') }), at(timestamp));
    expect(r.kind === 'handshake' && r.response.body).toBe(plaintext);
  });

  test.each([
    ['a tampered signature', { msg_signature: `0${VECTOR_A.get.signature.slice(1)}` }, 0, 'channel.bad_signature'],
    ['a missing echostr', { echostr: '' }, 0, 'channel.bad_signature'],
    ['a stale timestamp (1 h later)', {}, 3600_000, 'channel.stale_request'],
  ])('%s → %s', (_n, override, shift, code) => {
    const { signature, timestamp, nonce, echostr } = VECTOR_A.get;
    const q = { msg_signature: signature, timestamp, nonce, echostr, ...override };
    expect(codeOf(() => receiverFor(VECTOR_A, 218).decode(get(q), new Date(at(timestamp).getTime() + shift)))).toBe(code);
  });

  test('wrong corp id configured → channel.decrypt_failed (official -40005)', () => {
    const { signature, timestamp, nonce, echostr } = VECTOR_A.get;
    const r = createWecomReceiver({ corpId: 'wwother', agentId: 218, token: VECTOR_A.token, encodingAesKey: VECTOR_A.encodingAesKey, cards: false });
    expect(codeOf(() => r.decode(get({ msg_signature: signature, timestamp, nonce, echostr }), at(timestamp)))).toBe('channel.decrypt_failed');
  });
});

describe('messages (POST)', () => {
  test('vector A: text "hello" from mycreate, MsgId as dedupe key', () => {
    const { signature, timestamp, nonce, body } = VECTOR_A.post;
    const m = messageOf(receiverFor(VECTOR_A, 218).decode(post({ msg_signature: signature, timestamp, nonce }, body), at(timestamp)));
    expect(m).toEqual({
      channel: 'wecom',
      messageId: '4561255354251345929',
      sentAt: at(timestamp),
      sender: { userId: 'mycreate' },
      conversation: { id: 'mycreate', kind: 'direct' },
      text: 'hello',
      replyTo: { channel: 'wecom', kind: 'user', id: 'mycreate' },
    });
  });

  test('vector B (newlines in the envelope, no CDATA inside)', () => {
    const { signature, timestamp, nonce, body } = VECTOR_B.post;
    const m = messageOf(receiverFor(VECTOR_B, 1000002).decode(post({ msg_signature: signature, timestamp, nonce }, body), at(timestamp)));
    expect(m).toMatchObject({ messageId: '1456453720', sender: { userId: 'ChenJiaShun' }, text: '你好' });
  });

  test('vector C: decode then a passive text reply, byte for byte', () => {
    const { signature, timestamp, nonce, encrypt } = VECTOR_C.post;
    const r = receiverFor(VECTOR_C, 1);
    const m = messageOf(r.decode(post({ msg_signature: signature, timestamp, nonce }, envelope(encrypt, VECTOR_C.corpId)), at(timestamp)));
    expect(m).toMatchObject({ messageId: '4363689963896700987', sender: { userId: 'messense' }, text: 'test' });
    const plan = r.respond(
      m,
      [
        { kind: 'text', text: 'test' },
        { kind: 'text', text: 'more' },
      ],
      at(VECTOR_C.reply.timestamp),
    );
    expect(plan.response).toEqual({
      status: 200,
      contentType: 'application/xml; charset=utf-8',
      body: `<xml>\n<Encrypt><![CDATA[${VECTOR_C.reply.encrypt}]]></Encrypt>\n<MsgSignature><![CDATA[${VECTOR_C.reply.signature}]]></MsgSignature>\n<TimeStamp>${VECTOR_C.reply.timestamp}</TimeStamp>\n<Nonce><![CDATA[${VECTOR_C.reply.nonce}]]></Nonce>\n</xml>`,
    });
    expect(plan.rest).toEqual([{ kind: 'text', text: 'more' }]);
  });

  test.each([
    [
      'a tampered signature',
      (q: Record<string, string>, b: string) => [{ ...q, msg_signature: q.msg_signature!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }, b],
      0,
      'channel.bad_signature',
    ],
    ['no signature', (q: Record<string, string>, b: string) => [{ ...q, msg_signature: '' }, b], 0, 'channel.bad_signature'],
    ['a stale timestamp', (q: Record<string, string>, b: string) => [q, b], 10 * 60_000, 'channel.stale_request'],
    ['malformed XML', (q: Record<string, string>) => [q, '<xml><Encrypt>'], 0, 'channel.bad_payload'],
    ['an empty body', (q: Record<string, string>) => [q, ''], 0, 'channel.bad_payload'],
  ] as const)('%s → %s', (_n, mutate, shift, code) => {
    const { signature, timestamp, nonce, body } = VECTOR_A.post;
    const [q, b] = mutate({ msg_signature: signature, timestamp, nonce }, body);
    expect(codeOf(() => receiverFor(VECTOR_A, 218).decode(post(q as Record<string, string>, b as string), new Date(at(timestamp).getTime() + shift)))).toBe(
      code,
    );
  });

  function signed(v: Vector, encrypt: string, ts: string) {
    return post({ msg_signature: wxSign(v.token, ts, '42', encrypt), timestamp: ts, nonce: '42' }, envelope(encrypt, v.corpId));
  }

  test('correctly signed but for another receive id → channel.decrypt_failed', () => {
    const enc = wxEncrypt(VECTOR_B.encodingAesKey, VECTOR_B.post.plaintext, 'wwsomeoneelse');
    expect(codeOf(() => receiverFor(VECTOR_B, 1000002).decode(signed(VECTOR_B, enc, '1476422779'), at('1476422779')))).toBe('channel.decrypt_failed');
  });

  test('correctly signed but undecryptable or not XML inside → decrypt_failed / bad_payload', () => {
    const garbage = Buffer.alloc(64, 9).toString('base64');
    expect(codeOf(() => receiverFor(VECTOR_B, 1000002).decode(signed(VECTOR_B, garbage, '1476422779'), at('1476422779')))).toBe('channel.decrypt_failed');
    const notXml = wxEncrypt(VECTOR_B.encodingAesKey, '{"msgtype":"text"}', VECTOR_B.corpId);
    expect(codeOf(() => receiverFor(VECTOR_B, 1000002).decode(signed(VECTOR_B, notXml, '1476422779'), at('1476422779')))).toBe('channel.bad_payload');
  });

  test('another app of the corp (AgentID ≠ WECOM_AGENT_ID) is ignored with a reason', () => {
    const { signature, timestamp, nonce, body } = VECTOR_A.post;
    const r = receiverFor(VECTOR_A, 1000002).decode(post({ msg_signature: signature, timestamp, nonce }, body), at(timestamp));
    expect(r).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('WECOM_AGENT_ID'), response: { status: 200, body: '' } });
  });
});

describe('events and other types', () => {
  const ts = '1476422779';
  const r = receiverFor(VECTOR_B, 1000002);
  const wrap = (inner: string) =>
    `<xml><ToUserName>${VECTOR_B.corpId}</ToUserName><FromUserName>lisi</FromUserName><CreateTime>${ts}</CreateTime>${inner}<AgentID>1000002</AgentID></xml>`;
  const decode = (inner: string) =>
    r.decode(
      (() => {
        const enc = wxEncrypt(VECTOR_B.encodingAesKey, wrap(inner), VECTOR_B.corpId);
        return post({ msg_signature: wxSign(VECTOR_B.token, ts, '7', enc), timestamp: ts, nonce: '7' }, envelope(enc, VECTOR_B.corpId));
      })(),
      at(ts),
    );

  test('enter_agent asks for the welcome (帮助) with an event dedupe key', () => {
    const m = messageOf(decode('<MsgType>event</MsgType><Event>enter_agent</Event><EventKey></EventKey>'));
    expect(m.text).toBe('帮助');
    expect(m.messageId).toBe(`ev:lisi:${ts}:enter_agent:::`);
  });

  test('a menu click sends its key as text', () => {
    expect(messageOf(decode('<MsgType>event</MsgType><Event>click</Event><EventKey>排行榜</EventKey>')).text).toBe('排行榜');
  });

  test('a card tap on a question card: answer letters, question ref, response code; key includes TaskId and ResponseCode', () => {
    const task = `pq_${Buffer.from('2026-11-24.2').toString('hex')}_x1`;
    const m = messageOf(
      decode(
        `<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>submit</EventKey><TaskId>${task}</TaskId>` +
          '<CardType>vote_interaction</CardType><ResponseCode>RC1</ResponseCode><SelectedItems><SelectedItem><QuestionKey>answer</QuestionKey>' +
          '<OptionIds><OptionId>C</OptionId><OptionId>A</OptionId></OptionIds></SelectedItem></SelectedItems>',
      ),
    );
    expect(m).toMatchObject({ text: 'AC', card: { questionRef: '2026-11-24.2', handle: 'RC1' }, replyTo: { kind: 'session', id: 'card|lisi|RC1' } });
    expect(m.messageId).toBe(`ev:lisi:${ts}:template_card_event:submit:${task}:RC1`);
    const judge = messageOf(
      decode(
        `<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>B</EventKey><TaskId>${task}</TaskId><CardType>button_interaction</CardType><ResponseCode>RC2</ResponseCode>`,
      ),
    );
    expect(judge.text).toBe('错');
    expect(judge.messageId).not.toBe(m.messageId);
  });

  test('a button of an action card (e.g. the daily push) says its command; replies go through the API', () => {
    const key = `c_${Buffer.from('答题').toString('hex')}`;
    const m = messageOf(
      decode(
        `<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>${key}</EventKey><TaskId>pa_abc123</TaskId><CardType>button_interaction</CardType><ResponseCode>RC3</ResponseCode>`,
      ),
    );
    expect(m).toMatchObject({ text: '答题', replyTo: { kind: 'session', id: 'card|lisi|RC3' } });
    expect(m.card).toBeUndefined();
    expect(r.respond(m, [{ kind: 'text', text: '今日答题共 5 题' }], at(ts))).toMatchObject({ response: { body: '' }, rest: [{ kind: 'text' }] });
    expect(
      decode(
        '<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>nonsense</EventKey><TaskId>pa_abc123</TaskId><CardType>button_interaction</CardType><ResponseCode>RC4</ResponseCode>',
      ).kind,
    ).toBe('ignored');
  });

  test('card events of other cards, pictures and unknown events are ignored politely', () => {
    expect(
      decode(
        '<MsgType>event</MsgType><Event>template_card_event</Event><EventKey>k</EventKey><TaskId>taskid111</TaskId><CardType>text_notice</CardType><ResponseCode>R</ResponseCode>',
      ).kind,
    ).toBe('ignored');
    expect(decode('<MsgType>event</MsgType><Event>subscribe</Event>')).toMatchObject({ kind: 'ignored', response: { body: '' } });
    const pic = decode('<MsgType>image</MsgType><PicUrl>http://x/p.jpg</PicUrl><MsgId>1</MsgId>');
    expect(pic).toMatchObject({ kind: 'ignored', response: { status: 200, contentType: 'application/xml; charset=utf-8' } });
    const enc = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(pic.kind === 'ignored' ? pic.response.body : '')![1]!;
    expect(wxDecrypt(VECTOR_B.encodingAesKey, enc).msg).toContain(`<Content><![CDATA[${ONLY_TEXT_REPLY}]]></Content>`);
  });
});

describe('respond', () => {
  const m: InboundMessage = {
    channel: 'wecom',
    messageId: '1',
    sentAt: new Date(0),
    sender: { userId: 'u' },
    conversation: { id: 'u', kind: 'direct' },
    text: '答题',
    replyTo: { channel: 'wecom', kind: 'user', id: 'u' },
  };
  const card = { ref: 'r', title: 't', stem: 's', kind: 'single' as const, options: [] };
  const now = new Date('2026-11-24T02:00:00Z');

  test('cards on: a question never goes passively; cards off: it does, as text', () => {
    const on = receiverFor(VECTOR_C, 1, { cards: true }).respond(m, [{ kind: 'question', text: 'Q', card }], now);
    expect(on).toEqual({ response: { status: 200, body: '', contentType: 'text/plain; charset=utf-8' }, rest: [{ kind: 'question', text: 'Q', card }] });
    const off = receiverFor(VECTOR_C, 1, { cards: false }).respond(m, [{ kind: 'question', text: 'Q', card }], now);
    expect(off.response.body).toContain('<Encrypt>');
    expect(off.rest).toEqual([]);
  });

  test('card taps, markdown first, over-long text and nothing at all get an empty 200', () => {
    const r = receiverFor(VECTOR_C, 1);
    const tap = { ...m, card: { questionRef: 'r', handle: 'h' } };
    expect(r.respond(tap, [{ kind: 'text', text: 'x' }], now).response.body).toBe('');
    expect(r.respond(m, [{ kind: 'markdown', title: 't', markdown: 'm' }], now).response.body).toBe('');
    expect(r.respond(m, [{ kind: 'text', text: '字'.repeat(683) }], now).response.body).toBe('');
    expect(r.respond(m, [{ kind: 'text', text: '字'.repeat(682) }], now).response.body).not.toBe('');
    expect(r.respond(m, [], now)).toEqual({ response: { status: 200, body: '', contentType: 'text/plain; charset=utf-8' }, rest: [] });
  });
});
