/**
 * How DingTalk encrypts and signs an HTTP event (事件订阅, dingtalk.md §5): AES-256-CBC with a 32-byte pad over
 * random16 ‖ len ‖ JSON ‖ app key, `msg_signature = sha1(sort(token, timestamp, nonce, encrypt))`, the timestamp
 * in milliseconds. Written here with node:crypto, independently of src/channels/envelope-crypto.ts.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export interface EventKeys {
  readonly token: string;
  readonly aesKey: string;
  readonly appKey: string;
}

/** One signed, encrypted event delivery: the query string and the JSON body. */
export interface EventDelivery {
  readonly query: URLSearchParams;
  readonly body: string;
}

/** Encrypts `plain` (an object, or raw text) and signs it with `timestamp` (ms, default now). */
export function dingtalkEvent(keys: EventKeys, plain: object | string, o: { timestamp?: number | string; nonce?: string; token?: string } = {}): EventDelivery {
  const key = Buffer.from(`${keys.aesKey}=`, 'base64');
  const msg = Buffer.from(typeof plain === 'string' ? plain : JSON.stringify(plain));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const raw = Buffer.concat([randomBytes(16), len, msg, Buffer.from(keys.appKey)]);
  const pad = 32 - (raw.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const encrypt = Buffer.concat([cipher.update(Buffer.concat([raw, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  return signedEvent(keys, JSON.stringify({ encrypt }), encrypt, o);
}

/** Signs an arbitrary body with the `encrypt` value the signature covers (for malformed-body tests). */
export function signedEvent(
  keys: EventKeys,
  body: string,
  encrypt: string,
  o: { timestamp?: number | string; nonce?: string; token?: string } = {},
): EventDelivery {
  const timestamp = String(o.timestamp ?? Date.now());
  const nonce = o.nonce ?? randomBytes(4).toString('hex');
  const signature = createHash('sha1')
    .update([o.token ?? keys.token, timestamp, nonce, encrypt].sort().join(''))
    .digest('hex');
  return { query: new URLSearchParams({ msg_signature: signature, timestamp, nonce }), body };
}
