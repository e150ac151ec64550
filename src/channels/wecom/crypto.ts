/**
 * WeCom callback crypto (加解密方案, path/91144): the shared envelope scheme (../envelope-crypto.ts) with
 * operator hints naming the WeCom settings. Pinned to the official vectors in test/channels/wecom/crypto.test.ts.
 */
import * as envelope from '../envelope-crypto.js';

export { computeSignature, encryptMessage, type Decrypted } from '../envelope-crypto.js';

const HINTS: envelope.CryptoHints = {
  aesKey: 'WECOM_ENCODING_AES_KEY (接收消息 → 设置API接收 → EncodingAESKey)',
  token: 'WECOM_TOKEN (接收消息 → Token)',
  receiveId: 'WECOM_CORP_ID (我的企业 → 企业ID)',
};

/** `Base64_Decode(EncodingAESKey + "=")`: the 32-byte AES key. Throws config.invalid on a bad key. */
export const decodeAesKey = (encodingAesKey: string): Buffer => envelope.decodeAesKey(encodingAesKey, HINTS);

/** Checks `msg_signature` in constant time; throws channel.bad_signature naming WECOM_TOKEN. */
export const verifySignature = (signature: string, token: string, timestamp: string, nonce: string, encrypt: string): void =>
  envelope.verifySignature(signature, token, timestamp, nonce, encrypt, HINTS);

/** Decrypts without checking the receive id. Throws channel.decrypt_failed. */
export const decryptRaw = (key: Buffer, encrypted: string): envelope.Decrypted => envelope.decryptRaw(key, encrypted, HINTS);

/** Decrypts and checks that the receive id is the corp id. */
export const decryptMessage = (key: Buffer, encrypted: string, corpId: string): envelope.Decrypted => envelope.decryptMessage(key, encrypted, corpId, HINTS);
