/**
 * The callback envelope crypto shared by WeCom (加解密方案, path/91144) and DingTalk's HTTP event callbacks
 * (DingCallbackCrypto): sha1 signature over the sorted strings, AES-256-CBC with IV = key[0..16), PKCS#7
 * padding to 32-byte blocks (not AES's 16), plaintext `random(16) + msg_len(4, big-endian) + msg + receiveid`.
 * Pure; randomness is a parameter. Each channel passes the operator hints naming its own settings.
 * Pinned to the official vectors of both platforms (test/channels/wecom/crypto.test.ts,
 * test/channels/dingtalk/callback-crypto.test.ts).
 */
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../core/errors.js';

const BLOCK = 32;

/** What the operator should check when something fails, in the channel's own terms. */
export interface CryptoHints {
  /** The AES key setting, e.g. 'WECOM_ENCODING_AES_KEY (copy it from 接收消息 → 设置API接收)'. */
  readonly aesKey: string;
  /** The token setting, e.g. 'WECOM_TOKEN (接收消息 → Token)'. */
  readonly token: string;
  /** The receive id setting, e.g. 'WECOM_CORP_ID (我的企业 → 企业ID)'. */
  readonly receiveId: string;
}

/** `Base64_Decode(EncodingAESKey + "=")`: the 32-byte AES key. Throws config.invalid on a bad key. */
export function decodeAesKey(encodingAesKey: string, hints: CryptoHints): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) {
    throw new AppError('config.invalid', `${hints.aesKey} must be exactly 43 letters and digits`);
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new AppError('config.invalid', `${hints.aesKey} does not decode to a 32-byte key`);
  return key;
}

/** `sha1(sort([token, timestamp, nonce, encrypt]).join(''))` in lowercase hex. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Checks `msg_signature` in constant time; throws channel.bad_signature. */
export function verifySignature(signature: string, token: string, timestamp: string, nonce: string, encrypt: string, hints: CryptoHints): void {
  const expected = Buffer.from(computeSignature(token, timestamp, nonce, encrypt), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('channel.bad_signature', `msg_signature does not match: check ${hints.token}`);
  }
}

/** Encrypts `message` for `receiveId` with the given 16 random bytes; returns base64. */
export function encryptMessage(key: Buffer, message: string, receiveId: string, random: Buffer): string {
  if (random.length !== 16) throw new RangeError('random must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]);
  // Full block of padding when already aligned (esap/wechat#43): pad is always 1..32.
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** A decrypted payload. */
export interface Decrypted {
  readonly message: string;
  readonly receiveId: string;
  readonly random: Buffer;
}

function fail(message: string): never {
  throw new AppError('channel.decrypt_failed', message);
}

/** Decrypts and unpads without checking the receive id (see decryptMessage). Throws channel.decrypt_failed. */
export function decryptRaw(key: Buffer, encrypted: string, hints: CryptoHints): Decrypted {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted) || encrypted.length % 4 !== 0) fail(`ciphertext is not base64: check ${hints.aesKey}`);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length < BLOCK || data.length % 16 !== 0) fail('ciphertext length is not a whole number of AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    fail(`bad padding after decryption: check ${hints.aesKey}`);
  }
  const content = plain.subarray(0, plain.length - pad);
  if (content.length < 20) fail('decrypted payload is too short');
  const msgLen = content.readUInt32BE(16);
  if (20 + msgLen > content.length) fail(`decrypted message length is out of range: check ${hints.aesKey}`);
  return {
    random: content.subarray(0, 16),
    message: content.subarray(20, 20 + msgLen).toString('utf8'),
    receiveId: content.subarray(20 + msgLen).toString('utf8'),
  };
}

/** Decrypts and checks the receive id (WeCom: the corp id, official code -40005 on mismatch; DingTalk: the app key). */
export function decryptMessage(key: Buffer, encrypted: string, expectedReceiveId: string, hints: CryptoHints): Decrypted {
  const d = decryptRaw(key, encrypted, hints);
  if (d.receiveId !== expectedReceiveId) {
    fail(`receive id "${d.receiveId.slice(0, 64)}" does not match: check ${hints.receiveId}`);
  }
  return d;
}
