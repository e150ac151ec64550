/** DingCallbackCrypto pinned to the official vector (dingtalk.md §6, vectors 6 and 7), plus negative cases. */
import { describe, expect, test } from 'vitest';
import { createEventCrypto } from '../../../src/channels/dingtalk/callback-crypto.js';
import { codeOf } from '../../helpers/error-code.js';

// Vector 6: open-dingtalk/DingTalk-Callback-Crypto DingCallbackCrypto3.py __main__.
const V6 = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  encrypt: '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
};
const crypto = createEventCrypto(V6);
const query = { msg_signature: V6.signature, timestamp: V6.timestamp, nonce: V6.nonce };
const body = JSON.stringify({ encrypt: V6.encrypt });

describe('DingTalk event callback crypto', () => {
  test('vector 6: the signature checks and the payload decrypts to check_url', () => {
    expect(crypto.open(query, body)).toBe('{"EventType":"check_url"}');
    expect(crypto.open({ signature: V6.signature, timeStamp: V6.timestamp, nonce: V6.nonce }, body)).toBe('{"EventType":"check_url"}');
  });

  test('vector 7: "success" encrypted with a fixed random, byte for byte', () => {
    const reply = JSON.parse(crypto.success(V6.timestamp, V6.nonce, Buffer.from('aaaabbbbccccdddd')));
    expect(reply).toEqual({
      msg_signature: '976c3d87779e1226ef62b26faf308bef50edc62d',
      timeStamp: V6.timestamp,
      nonce: V6.nonce,
      encrypt: 'WriYdpwgW9R3hQnNQCWb99OFF54g0q8jTnsnENNcQVQtGNNNONLnnaRRsyJDkd9rdVbNdMyRj842O3VhNVQOmw==',
    });
  });

  test.each([
    ['a flipped signature', { ...query, msg_signature: `1${V6.signature.slice(1)}` }, body, 'channel.bad_signature'],
    ['a missing nonce', { msg_signature: V6.signature, timestamp: V6.timestamp }, body, 'channel.bad_signature'],
    ['a body that is not JSON', query, 'encrypt=abc', 'channel.bad_payload'],
    ['a body without encrypt', query, '{"x":1}', 'channel.bad_payload'],
  ])('%s is refused', (_label, q, b, code) => {
    expect(codeOf(() => crypto.open(q as Record<string, string>, b))).toBe(code);
  });

  test('another app key (owner) is refused as decrypt_failed', () => {
    expect(codeOf(() => createEventCrypto({ ...V6, ownerKey: 'dingother' }).open(query, body))).toBe('channel.decrypt_failed');
  });
});
