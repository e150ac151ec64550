/**
 * DingTalk HTTP event-subscription crypto (DingCallbackCrypto, dingtalk.md §5): the same envelope scheme as
 * WeCom (../envelope-crypto.ts) with the app key as the owner (receive) id. Query `msg_signature` (or
 * `signature`), `timestamp` (or `timeStamp`), `nonce`; body `{"encrypt": "..."}`; the reply is
 * `{"msg_signature","timeStamp","nonce","encrypt"}` with "success" encrypted. Pure; randomness is a parameter.
 * Pinned to the official vector (DingCallbackCrypto3.py) in test/channels/dingtalk/callback-crypto.test.ts.
 */
import { AppError } from '../../core/errors.js';
import * as envelope from '../envelope-crypto.js';

const HINTS: envelope.CryptoHints = {
  aesKey: 'DINGTALK_EVENT_AES_KEY (事件订阅 → 加密 aes_key)',
  token: 'DINGTALK_EVENT_TOKEN (事件订阅 → 签名 token)',
  receiveId: 'DINGTALK_CLIENT_ID (the app key the events are for)',
};

export interface EventCryptoConfig {
  readonly token: string;
  readonly aesKey: string;
  /** The app key (Client ID) for an internal app's event subscription. */
  readonly ownerKey: string;
}

export interface EventCrypto {
  /** Verifies the signature and decrypts the body; throws AppError('channel.*'). */
  open(query: Readonly<Record<string, string>>, body: string): string;
  /** The JSON reply DingTalk expects: "success" encrypted and signed. */
  success(timestamp: string, nonce: string, random: Buffer): string;
}

export function createEventCrypto(c: EventCryptoConfig): EventCrypto {
  const key = envelope.decodeAesKey(c.aesKey, HINTS);
  return {
    open(query, body) {
      const signature = query.msg_signature ?? query.signature;
      const timestamp = query.timestamp ?? query.timeStamp;
      const nonce = query.nonce;
      if (!signature || !timestamp || !nonce) throw new AppError('channel.bad_signature', 'msg_signature, timestamp or nonce is missing from the query');
      let encrypt: unknown;
      try {
        encrypt = (JSON.parse(body) as { encrypt?: unknown }).encrypt;
      } catch {
        throw new AppError('channel.bad_payload', 'event body is not JSON');
      }
      if (typeof encrypt !== 'string') throw new AppError('channel.bad_payload', 'event body has no "encrypt" string');
      envelope.verifySignature(signature, c.token, timestamp, nonce, encrypt, HINTS);
      return envelope.decryptMessage(key, encrypt, c.ownerKey, HINTS).message;
    },
    success(timestamp, nonce, random) {
      const encrypt = envelope.encryptMessage(key, 'success', c.ownerKey, random);
      return JSON.stringify({ msg_signature: envelope.computeSignature(c.token, timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt });
    },
  };
}
