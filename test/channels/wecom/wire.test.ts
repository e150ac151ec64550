/** XML parsing at the trust boundary (wecom.md §8.4) and the passive-reply XML. */
import { describe, expect, test } from 'vitest';
import { codeOf } from '../../helpers/error-code.js';
import { MAX_XML_DEPTH, cdata, parseEnvelope, parseMessage, parseXml, readFlatXml, renderTextReply, scanEncrypt } from '../../../src/channels/wecom/wire.js';
import { VECTOR_A, VECTOR_B, VECTOR_C } from './vectors.js';

describe('parseMessage', () => {
  test('vector A (CDATA): MsgId beyond 2^53 stays an exact string', () => {
    const m = parseMessage(VECTOR_A.post.plaintext);
    expect(m).toMatchObject({
      FromUserName: 'mycreate',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
      CreateTime: '1409659813',
    });
  });

  test('vector B (no CDATA at all) parses the same way', () => {
    expect(parseMessage(VECTOR_B.post.plaintext)).toMatchObject({ FromUserName: 'ChenJiaShun', Content: '你好', MsgId: '1456453720', AgentID: '1000002' });
  });

  test('entities outside CDATA are decoded once; inside CDATA they are literal; nothing else expands', () => {
    const x =
      '<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>' +
      '<Content>a&amp;b &lt;c&gt; &#x4F60; <![CDATA[&amp; <x> ]]> &unknown;</Content></xml>';
    expect(parseMessage(x).Content).toBe('a&b <c> 你 &amp; <x>  &unknown;');
  });

  test('a single SelectedItem / OptionId still parses as an array; empty EventKey is absent', () => {
    const x =
      '<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType>' +
      '<Event>template_card_event</Event><EventKey><![CDATA[]]></EventKey><SelectedItems><SelectedItem><QuestionKey>q</QuestionKey>' +
      '<OptionIds><OptionId>B</OptionId></OptionIds></SelectedItem></SelectedItems></xml>';
    const m = parseMessage(x);
    expect(m.SelectedItems?.SelectedItem).toEqual([{ QuestionKey: 'q', OptionIds: { OptionId: ['B'] } }]);
    expect(m.EventKey).toBeUndefined();
  });

  test.each([
    ['a DOCTYPE (billion laughs)', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><xml><Encrypt>&lol;</Encrypt></xml>'],
    ['unclosed tags', '<xml><Encrypt>abc</xml>'],
    ['not XML', 'hello'],
    ['JSON', '{"encrypt":"abc"}'],
    ['no Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
    ['empty', ''],
    ['whitespace', '  \n'],
  ])('envelope with %s → channel.bad_payload', (_n, body) => {
    expect(codeOf(() => parseEnvelope(body))).toBe('channel.bad_payload');
  });

  test('a message missing FromUserName or with a non-numeric MsgId → channel.bad_payload', () => {
    expect(codeOf(() => parseMessage('<xml><ToUserName>c</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>'))).toBe('channel.bad_payload');
    expect(
      codeOf(() =>
        parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><MsgId>1e5</MsgId></xml>'),
      ),
    ).toBe('channel.bad_payload');
  });

  test('nesting deeper than MAX_XML_DEPTH is bad_payload (the parser throws a plain Error at its limit)', () => {
    expect(codeOf(() => parseXml(`<xml>${'<a>'.repeat(4000)}${'</a>'.repeat(4000)}</xml>`))).toBe('channel.bad_payload');
    expect(codeOf(() => parseXml(`<xml>${'<a>'.repeat(2 * MAX_XML_DEPTH)}${'</a>'.repeat(2 * MAX_XML_DEPTH)}</xml>`))).toBe('channel.bad_payload');
    expect(parseXml(`<xml>${'<a>'.repeat(MAX_XML_DEPTH - 2)}x${'</a>'.repeat(MAX_XML_DEPTH - 2)}</xml>`)).toBeTruthy();
  });

  test('parseXml drops processing instructions and the declaration', () => {
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?><xml><A>1</A></xml>')).toEqual({ xml: { A: '1' } });
  });
});

describe('readFlatXml (the one-scan reader of flat documents)', () => {
  const flat = [
    VECTOR_A.post.plaintext,
    VECTOR_B.post.plaintext,
    VECTOR_A.post.body,
    '<xml><A><![CDATA[ x ]]></A><B>  y </B><C></C><D><![CDATA[]]></D></xml>',
    '\n <xml>\n<A>1</A>\n</xml>\n',
    `<xml><Content>${cdata('a]]>b <c> &amp;')}</Content></xml>`,
    '<xml><A>a<![CDATA[<b>]]>c</A></xml>',
  ];
  test.each(flat.map((x, i) => [i, x]))('document %i reads exactly as the full parser reads it', (_i, xml) => {
    expect(readFlatXml(xml)).toEqual(parseXml(xml));
  });

  test.each([
    ['nesting', '<xml><A><B>1</B></A></xml>'],
    ['an attribute', '<xml><A x="1">1</A></xml>'],
    ['a self-closing element', '<xml><A/></xml>'],
    ['an entity outside CDATA', '<xml><A>a&amp;b</A></xml>'],
    ['a repeated element', '<xml><A>1</A><A>2</A></xml>'],
    ['a declaration', '<?xml version="1.0"?><xml><A>1</A></xml>'],
    ['a DOCTYPE', '<!DOCTYPE x><xml><A>1</A></xml>'],
    ['a comment', '<xml><!-- c --><A>1</A></xml>'],
    ['a prototype key', '<xml><__proto__>1</__proto__></xml>'],
    ['text under the root', '<xml>t<A>1</A></xml>'],
    ['an unclosed element', '<xml><A>1</xml>'],
    ['trailing content', '<xml><A>1</A></xml><x/>'],
  ])('leaves %s to the full parser', (_n, xml) => {
    expect(readFlatXml(xml)).toBeUndefined();
  });

  test('what the full parser refuses stays refused (the flat reader never accepts it)', () => {
    expect(codeOf(() => parseMessage('<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>'))).toBe(
      'channel.bad_payload',
    );
  });
});

describe('scanEncrypt (the value the signature covers, found without parsing)', () => {
  test.each([
    ['<xml><Encrypt><![CDATA[QUJD+/=]]></Encrypt></xml>', 'QUJD+/='],
    ['<xml><Encrypt>QUJD</Encrypt></xml>', 'QUJD'],
    ['<xml>\n<Encrypt>\n  <![CDATA[QUJD]]>\n</Encrypt></xml>', 'QUJD'],
    [`<xml>${'<a>'.repeat(4000)}${'</a>'.repeat(4000)}<Encrypt>QUJD</Encrypt></xml>`, 'QUJD'],
  ])('finds it in %#', (body, value) => {
    expect(scanEncrypt(body)).toBe(value);
  });

  test.each([
    ['none', '<xml></xml>'],
    ['two', '<xml><Encrypt>QUJD</Encrypt><Encrypt>QUJE</Encrypt></xml>'],
    ['unclosed', '<xml><Encrypt>QUJD'],
    ['not base64', '<xml><Encrypt><b>QUJD</b></Encrypt></xml>'],
    ['empty', '<xml><Encrypt></Encrypt></xml>'],
  ])('refuses %s as bad_payload', (_n, body) => {
    expect(codeOf(() => scanEncrypt(body))).toBe('channel.bad_payload');
  });
});

describe('reply XML', () => {
  test('renderTextReply reproduces the vector C plaintext byte for byte', () => {
    expect(renderTextReply({ toUser: 'messense', corpId: VECTOR_C.corpId, agentId: 1, content: 'test', createTime: 1411525903 })).toBe(
      VECTOR_C.reply.plaintext,
    );
  });

  test('cdata splits a "]]>" so it cannot end the section', () => {
    const x = `<xml><Content>${cdata('a]]>b')}</Content></xml>`;
    expect(parseXml(x)).toEqual({ xml: { Content: 'a]]>b' } });
  });
});
