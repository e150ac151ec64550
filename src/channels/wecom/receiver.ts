/**
 * The WeCom callback Receiver (`GET`/`POST /wecom/callback`, wecom.md §1):
 * - GET: verify msg_signature over echostr, decrypt it, answer the bare plaintext (WeCom wants it within 1 s).
 * - POST: find Encrypt by a bounded scan, verify the signature (timing-safe) and the timestamp, only then parse
 *   the envelope (nesting capped), decrypt, check the receive id (= corp id), map the message (inbound.ts).
 * - respond: the first text reply goes back as an encrypted passive reply; everything else (cards, markdown,
 *   card results, further replies) is answered with an empty 200 and sent through message/send by the Sender.
 * decode/respond are synchronous and deterministic given `now` and the injected randomness.
 */
import { AppError } from '../../core/errors.js';
import { type InboundMessage, type OutboundMessage, plainText } from '../../core/message.js';
import type { Inbound, RawRequest, RawResponse, Receiver, ReplyPlan } from '../../core/ports/receiver.js';
import { createRandomPool } from '../random-pool.js';
import { computeSignature, decodeAesKey, decryptMessage, encryptMessage, verifySignature } from './crypto.js';
import { toDecoded } from './inbound.js';
import { parseEnvelope, parseMessage, renderEnvelope, renderTextReply, scanEncrypt } from './wire.js';

/** WeCom truncates passive text beyond 2048 bytes (path/90241); longer replies go through the API. */
const PASSIVE_TEXT_MAX_BYTES = 2048;
const EMPTY: RawResponse = { status: 200, body: '', contentType: 'text/plain; charset=utf-8' };

/** The callback settings (接收消息) and injectable randomness. */
export interface WecomReceiverOptions {
  readonly corpId: string;
  readonly agentId: number;
  readonly token: string;
  readonly encodingAesKey: string;
  /** Questions are sent as cards (so they never fit a passive reply). */
  readonly cards: boolean;
  /** Largest accepted clock difference between WeCom's timestamp and ours (default 5 minutes). */
  readonly maxSkewMs?: number;
  /** 16 random bytes per passive reply (tests inject fixed bytes). */
  readonly random?: () => Buffer;
  /** Nonce of a passive reply (tests inject a fixed one). */
  readonly nonce?: () => string;
}

function param(req: RawRequest, name: string): string {
  const v = req.query[name];
  if (!v) throw new AppError('channel.bad_signature', `query parameter ${name} is missing: is this URL the one set in 接收消息 → 设置API接收?`);
  // A '+' sent unencoded arrives as ' ' after URL decoding; base64 and WeCom's digits never contain spaces.
  return v.replace(/ /g, '+');
}

/** Creates the WeCom Receiver. Throws config.invalid on a malformed EncodingAESKey. */
export function createWecomReceiver(opts: WecomReceiverOptions): Receiver {
  const key = decodeAesKey(opts.encodingAesKey);
  const maxSkewMs = opts.maxSkewMs ?? 5 * 60_000;
  const pool = createRandomPool();
  const random = opts.random ?? (() => pool(16));
  const nonce = opts.nonce ?? (() => String(100_000_000 + (pool(4).readUInt32BE(0) % 900_000_000)));

  function checkTimestamp(ts: string, now: Date): void {
    const sent = Number(ts) * 1000;
    if (!/^\d{1,12}$/.test(ts) || Math.abs(now.getTime() - sent) > maxSkewMs) {
      throw new AppError('channel.stale_request', `timestamp ${ts} is more than ${maxSkewMs / 1000}s from server time: check the server clock (NTP)`);
    }
  }

  function passive(toUser: string, content: string, now: Date): RawResponse {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const plain = renderTextReply({ toUser, corpId: opts.corpId, agentId: opts.agentId, content, createTime: Number(timestamp) });
    const encrypt = encryptMessage(key, plain, opts.corpId, random());
    const n = nonce();
    const signature = computeSignature(opts.token, timestamp, n, encrypt);
    return { status: 200, contentType: 'application/xml; charset=utf-8', body: renderEnvelope({ encrypt, signature, timestamp, nonce: n }) };
  }

  /** Text and, with cards off, questions and actions (as plain text) fit a passive reply. */
  function passiveText(m: OutboundMessage): string | undefined {
    const text = m.kind === 'text' || ((m.kind === 'question' || m.kind === 'action') && !opts.cards) ? plainText(m) : undefined;
    return text !== undefined && text !== '' && Buffer.byteLength(text, 'utf8') <= PASSIVE_TEXT_MAX_BYTES ? text : undefined;
  }

  return {
    channel: 'wecom',
    methods: ['GET', 'POST'],
    maxBodyBytes: 32 * 1024,
    replyDeadlineMs: 3000,

    decode(req: RawRequest, now: Date): Inbound {
      const signature = param(req, 'msg_signature');
      const timestamp = param(req, 'timestamp');
      const nonceParam = param(req, 'nonce');
      if (req.method === 'GET') {
        const echostr = param(req, 'echostr');
        verifySignature(signature, opts.token, timestamp, nonceParam, echostr);
        checkTimestamp(timestamp, now);
        const { message } = decryptMessage(key, echostr, opts.corpId);
        return { kind: 'handshake', response: { status: 200, body: message, contentType: 'text/plain; charset=utf-8' } };
      }
      // Signature first, over the Encrypt value found without parsing: no parser sees an unsigned body.
      const encrypt = scanEncrypt(req.body);
      verifySignature(signature, opts.token, timestamp, nonceParam, encrypt);
      checkTimestamp(timestamp, now);
      if (parseEnvelope(req.body).Encrypt !== encrypt)
        throw new AppError('channel.bad_payload', 'the envelope does not parse to the Encrypt value that was signed');
      const wire = parseMessage(decryptMessage(key, encrypt, opts.corpId).message);
      if (wire.AgentID !== undefined && wire.AgentID !== String(opts.agentId)) {
        return { kind: 'ignored', reason: `AgentID ${wire.AgentID} is not WECOM_AGENT_ID ${opts.agentId}: check WECOM_AGENT_ID`, response: EMPTY };
      }
      const decoded = toDecoded(wire);
      if (decoded.kind === 'message') return decoded;
      if (decoded.kind === 'directory') return { kind: 'directory', change: decoded.change, response: EMPTY };
      return { kind: 'ignored', reason: decoded.reason, response: decoded.reply ? passive(wire.FromUserName, decoded.reply, now) : EMPTY };
    },

    respond(message: InboundMessage, replies: readonly OutboundMessage[], now: Date): ReplyPlan {
      // Card taps are answered through the API: the card update needs update_template_card, and whether
      // WeCom accepts a passive text reply to template_card_event is unverified (wecom.md §9).
      const first = replies[0];
      const tapped = message.card !== undefined || message.replyTo.kind === 'session';
      const text = tapped || !first ? undefined : passiveText(first);
      if (text === undefined) return { response: EMPTY, rest: replies };
      return { response: passive(message.sender.userId, text, now), rest: replies.slice(1) };
    },
  };
}
