/** Crypto pinned to the official vectors (wecom.md §2), byte for byte, plus negative cases by error code. */
import { decrypt as libDecrypt, encrypt as libEncrypt, getSignature } from '@wecom/crypto';
import { describe, expect, test } from 'vitest';
import { codeOf } from '../../helpers/error-code.js';
import { computeSignature, decodeAesKey, decryptMessage, decryptRaw, encryptMessage, verifySignature } from '../../../src/channels/wecom/crypto.js';
import { VECTOR_A, VECTOR_B, VECTOR_C } from './vectors.js';

const encryptOf = (body: string) => /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(body)![1]!;

describe('signature', () => {
  test.each([
    ['A GET', VECTOR_A.token, VECTOR_A.get.timestamp, VECTOR_A.get.nonce, VECTOR_A.get.echostr, VECTOR_A.get.signature],
    ['A POST', VECTOR_A.token, VECTOR_A.post.timestamp, VECTOR_A.post.nonce, encryptOf(VECTOR_A.post.body), VECTOR_A.post.signature],
    ['B GET', VECTOR_B.token, VECTOR_B.get.timestamp, VECTOR_B.get.nonce, VECTOR_B.get.echostr, VECTOR_B.get.signature],
    ['B POST', VECTOR_B.token, VECTOR_B.post.timestamp, VECTOR_B.post.nonce, encryptOf(VECTOR_B.post.body), VECTOR_B.post.signature],
    ['B JSON', VECTOR_B.token, VECTOR_B.json.timestamp, VECTOR_B.json.nonce, VECTOR_B.json.encrypt, VECTOR_B.json.signature],
    ['C GET', VECTOR_C.token, VECTOR_C.get.timestamp, VECTOR_C.get.nonce, VECTOR_C.get.echostr, VECTOR_C.get.signature],
    ['C POST', VECTOR_C.token, VECTOR_C.post.timestamp, VECTOR_C.post.nonce, VECTOR_C.post.encrypt, VECTOR_C.post.signature],
    ['C reply', VECTOR_C.token, VECTOR_C.reply.timestamp, VECTOR_C.reply.nonce, VECTOR_C.reply.encrypt, VECTOR_C.reply.signature],
  ])('vector %s', (_name, token, ts, nonce, encrypt, expected) => {
    expect(computeSignature(token, ts, nonce, encrypt)).toBe(expected);
    expect(() => verifySignature(expected, token, ts, nonce, encrypt)).not.toThrow();
    expect(() => verifySignature(expected.toUpperCase(), token, ts, nonce, encrypt)).not.toThrow();
  });

  test('one flipped character, a shorter signature or another token → channel.bad_signature', () => {
    const { timestamp, nonce, echostr, signature } = VECTOR_A.get;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('3') ? '4' : '3'}`;
    expect(codeOf(() => verifySignature(flipped, VECTOR_A.token, timestamp, nonce, echostr))).toBe('channel.bad_signature');
    expect(codeOf(() => verifySignature(signature.slice(1), VECTOR_A.token, timestamp, nonce, echostr))).toBe('channel.bad_signature');
    expect(codeOf(() => verifySignature(signature, 'other', timestamp, nonce, echostr))).toBe('channel.bad_signature');
  });
});

describe('decrypt', () => {
  test.each([
    ['A GET', VECTOR_A, VECTOR_A.get.echostr, VECTOR_A.get.plaintext, VECTOR_A.get.random],
    ['A POST', VECTOR_A, encryptOf(VECTOR_A.post.body), VECTOR_A.post.plaintext, VECTOR_A.post.random],
    ['B GET', VECTOR_B, VECTOR_B.get.echostr, VECTOR_B.get.plaintext, VECTOR_B.get.random],
    ['B POST', VECTOR_B, encryptOf(VECTOR_B.post.body), VECTOR_B.post.plaintext, VECTOR_B.post.random],
    ['C GET', VECTOR_C, VECTOR_C.get.echostr, VECTOR_C.get.plaintext, undefined],
  ])('vector %s decrypts and re-encrypts byte for byte', (_n, v, encrypted, plaintext, random) => {
    const key = decodeAesKey(v.encodingAesKey);
    const d = decryptMessage(key, encrypted, v.corpId);
    expect(d.message).toBe(plaintext);
    expect(d.receiveId).toBe(v.corpId);
    if (random) expect(d.random.toString('latin1')).toBe(random);
    expect(encryptMessage(key, plaintext, v.corpId, d.random)).toBe(encrypted);
  });

  test('vector A POST plaintext is 284 bytes with a 30-byte pad (Node auto-padding would throw)', () => {
    const d = decryptRaw(decodeAesKey(VECTOR_A.encodingAesKey), encryptOf(VECTOR_A.post.body));
    expect(Buffer.byteLength(d.message)).toBe(284);
  });

  test('vector B JSON variant: the plaintext is compared as a string, never parsed', () => {
    const d = decryptMessage(decodeAesKey(VECTOR_B.encodingAesKey), VECTOR_B.json.encrypt, VECTOR_B.corpId);
    expect(d.message).toContain('"FromUserName": :mycreate"');
    expect(d.random.toString('latin1')).toBe(VECTOR_B.json.random);
  });

  test('vector C message decrypts to messense/test with a 64-bit MsgId', () => {
    const d = decryptMessage(decodeAesKey(VECTOR_C.encodingAesKey), VECTOR_C.post.encrypt, VECTOR_C.corpId);
    expect(d.message).toContain('<FromUserName><![CDATA[messense]]></FromUserName>');
    expect(d.message).toContain('<Content><![CDATA[test]]></Content>');
    expect(d.message).toContain('4363689963896700987');
  });

  test('vector C passive reply: fixed random gives the expected Encrypt', () => {
    const key = decodeAesKey(VECTOR_C.encodingAesKey);
    expect(encryptMessage(key, VECTOR_C.reply.plaintext, VECTOR_C.corpId, Buffer.from(VECTOR_C.reply.random))).toBe(VECTOR_C.reply.encrypt);
  });

  test('negative cases by error code', () => {
    const key = decodeAesKey(VECTOR_A.encodingAesKey);
    const good = encryptOf(VECTOR_A.post.body);
    expect(codeOf(() => decryptMessage(key, good, 'ww_other_corp'))).toBe('channel.decrypt_failed');
    expect(codeOf(() => decryptMessage(key, good.slice(0, -8), VECTOR_A.corpId))).toBe('channel.decrypt_failed');
    expect(codeOf(() => decryptMessage(key, 'not base64!', VECTOR_A.corpId))).toBe('channel.decrypt_failed');
    expect(codeOf(() => decryptMessage(key, Buffer.alloc(48, 7).toString('base64'), VECTOR_A.corpId))).toBe('channel.decrypt_failed');
    expect(codeOf(() => decryptMessage(decodeAesKey(VECTOR_B.encodingAesKey), good, VECTOR_A.corpId))).toBe('channel.decrypt_failed');
    expect(codeOf(() => decodeAesKey(VECTOR_A.encodingAesKey.slice(1)))).toBe('config.invalid');
    expect(codeOf(() => decodeAesKey(`${VECTOR_A.encodingAesKey.slice(1)}=`))).toBe('config.invalid');
  });
});

describe('padding to 32 bytes', () => {
  test.each([0, 1, 11, 12, 13, 44, 100, 1000])('a %i-byte message round-trips and interoperates with @wecom/crypto', (n) => {
    const key = decodeAesKey(VECTOR_B.encodingAesKey);
    const msg = 'x'.repeat(n);
    const random = Buffer.from('0123456789abcdef');
    const ours = encryptMessage(key, msg, VECTOR_B.corpId, random);
    // 16 + 4 + n + 18 bytes, padded with 1..32 bytes to a multiple of 32 (a full block when aligned)
    const plainLen = 16 + 4 + n + VECTOR_B.corpId.length;
    expect(Buffer.from(ours, 'base64').length).toBe(plainLen + (32 - (plainLen % 32)));
    expect(ours).toBe(libEncrypt(VECTOR_B.encodingAesKey, msg, VECTOR_B.corpId, random));
    expect(libDecrypt(VECTOR_B.encodingAesKey, ours).message).toBe(msg);
    expect(decryptMessage(key, ours, VECTOR_B.corpId).message).toBe(msg);
    expect(computeSignature('t', '1', '2', ours)).toBe(getSignature('t', '1', '2', ours));
  });
});
