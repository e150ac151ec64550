/**
 * A fake WeCom platform: builds callback payloads, encrypts and signs them like WeCom, and POSTs them to the
 * bot; decrypts passive replies. Its crypto is written here, separately, with node:crypto: it deliberately
 * does NOT use src/channels/wecom/crypto.ts, so a symmetric bug there cannot hide (STYLE.md, e2e).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/clock.js';

// ---- independent WeCom crypto (wecom.md §1) ----------------------------------------------------------

function aesKeyOf(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** sha1 of the four strings sorted and joined. */
export function wxSign(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt];
  parts.sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** random(16) | len(4, BE) | msg | receiveId, PKCS#7 to 32, AES-256-CBC with IV = key[0..16). */
export function wxEncrypt(encodingAesKey: string, msg: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyOf(encodingAesKey);
  const body = Buffer.from(msg, 'utf8');
  const head = Buffer.alloc(20);
  random.copy(head, 0, 0, 16);
  head.writeUInt32BE(body.length, 16);
  const raw = Buffer.concat([head, body, Buffer.from(receiveId, 'utf8')]);
  const padLen = 32 - (raw.length % 32);
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([c.update(Buffer.concat([raw, Buffer.alloc(padLen, padLen)])), c.final()]).toString('base64');
}

/** The inverse of wxEncrypt. */
export function wxDecrypt(encodingAesKey: string, encrypted: string): { msg: string; receiveId: string } {
  const key = aesKeyOf(encodingAesKey);
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const raw = Buffer.concat([d.update(Buffer.from(encrypted, 'base64')), d.final()]);
  const plain = raw.subarray(0, raw.length - raw[raw.length - 1]!);
  const len = plain.readUInt32BE(16);
  return { msg: plain.subarray(20, 20 + len).toString('utf8'), receiveId: plain.subarray(20 + len).toString('utf8') };
}

const field = (xml: string, name: string) =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`)
    .exec(xml)
    ?.slice(1)
    .find((x) => x !== undefined);
const cd = (s: string) => `<![CDATA[${s}]]>`;

// ---- the client ---------------------------------------------------------------------------------------

/** Where the bot listens and the app settings the fake signs and encrypts with. */
export interface FakeWecomClientOptions {
  readonly url: string;
  readonly path?: string;
  readonly token: string;
  readonly encodingAesKey: string;
  readonly corpId: string;
  readonly agentId: number;
  readonly clock: Clock;
}

/** One HTTP delivery, reusable to simulate WeCom's retries of the same callback. */
export interface Delivery {
  readonly query: Record<string, string>;
  readonly body: string;
}

/** A tap on a template card: a button (eventKey = the button key) or a vote submit (optionIds). */
export interface CardTap {
  readonly userId: string;
  readonly taskId: string;
  readonly cardType: string;
  readonly eventKey: string;
  readonly responseCode: string;
  readonly optionIds?: readonly string[];
}

/** The bot's HTTP answer to one callback. */
export interface CallbackResult {
  readonly status: number;
  readonly body: string;
  /** The decrypted passive reply, if the bot answered with one. */
  readonly reply?: { readonly msgType: string; readonly content: string; readonly toUser: string; readonly fromUser: string; readonly signatureOk: boolean };
}

/** Creates the fake WeCom platform client. */
export function createFakeWecomClient(o: FakeWecomClientOptions) {
  const path = o.path ?? '/wecom/callback';
  let seq = 7_300_000_000_000_000_000n;
  const ts = () => String(Math.floor(o.clock.now().getTime() / 1000));
  const nonce = () => String(100000 + Math.floor(Math.random() * 900000));

  /** Signs (or mis-signs) an Encrypt value into a delivery. */
  function deliveryFor(encrypt: string, opts: { signature?: string; timestamp?: string; noAgent?: boolean } = {}): Delivery {
    const timestamp = opts.timestamp ?? ts();
    const n = nonce();
    const signature = opts.signature ?? wxSign(o.token, timestamp, n, encrypt);
    // The 通讯录同步 callback's envelope has no AgentID (it is not an app's callback).
    const agent = opts.noAgent ? '' : `<AgentID>${cd(String(o.agentId))}</AgentID>`;
    return {
      query: { msg_signature: signature, timestamp, nonce: n },
      body: `<xml><ToUserName>${cd(o.corpId)}</ToUserName><Encrypt>${cd(encrypt)}</Encrypt>${agent}</xml>`,
    };
  }

  /** Encrypts a plaintext message XML into a delivery. */
  function deliveryOf(xml: string, opts: { receiveId?: string; signature?: string; timestamp?: string; noAgent?: boolean } = {}): Delivery {
    return deliveryFor(wxEncrypt(o.encodingAesKey, xml, opts.receiveId ?? o.corpId), opts);
  }

  async function send(d: Delivery): Promise<CallbackResult> {
    const res = await fetch(`${o.url}${path}?${new URLSearchParams(d.query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: d.body });
    const body = await res.text();
    const encrypt = field(body, 'Encrypt');
    if (!encrypt) return { status: res.status, body };
    const signatureOk = wxSign(o.token, field(body, 'TimeStamp')!, field(body, 'Nonce')!, encrypt) === field(body, 'MsgSignature');
    const { msg, receiveId } = wxDecrypt(o.encodingAesKey, encrypt);
    if (receiveId !== o.corpId) throw new Error(`passive reply encrypted for ${receiveId}`);
    return {
      status: res.status,
      body,
      reply: {
        msgType: field(msg, 'MsgType')!,
        content: field(msg, 'Content') ?? '',
        toUser: field(msg, 'ToUserName')!,
        fromUser: field(msg, 'FromUserName')!,
        signatureOk,
      },
    };
  }

  const head = (userId: string, msgType: string) =>
    `<xml><ToUserName>${cd(o.corpId)}</ToUserName><FromUserName>${cd(userId)}</FromUserName><CreateTime>${ts()}</CreateTime><MsgType>${cd(msgType)}</MsgType>`;

  return {
    deliveryOf,
    deliveryFor,
    send,
    /** A text message XML (MsgId a 64-bit integer beyond 2^53). */
    textXml(userId: string, text: string, msgId = String(seq++)): string {
      return `${head(userId, 'text')}<Content>${cd(text)}</Content><MsgId>${msgId}</MsgId><AgentID>${o.agentId}</AgentID></xml>`;
    },
    /** The person types `text` in the app chat. */
    userSays(userId: string, text: string): Promise<CallbackResult> {
      return send(deliveryOf(this.textXml(userId, text)));
    },
    /** The person sends a picture. */
    sendsImage(userId: string): Promise<CallbackResult> {
      return send(
        deliveryOf(
          `${head(userId, 'image')}<PicUrl>${cd('http://example.invalid/p.jpg')}</PicUrl><MediaId>${cd('m1')}</MediaId><MsgId>${seq++}</MsgId><AgentID>${o.agentId}</AgentID></xml>`,
        ),
      );
    },
    /** The person opens the app (enter_agent). */
    entersApp(userId: string): Promise<CallbackResult> {
      return send(deliveryOf(`${head(userId, 'event')}<Event>${cd('enter_agent')}</Event><EventKey>${cd('')}</EventKey><AgentID>${o.agentId}</AgentID></xml>`));
    },
    /** A template_card_event XML: a button tap (eventKey) or a vote submit (optionIds). */
    cardXml(e: CardTap): string {
      const selected = e.optionIds
        ? `<SelectedItems><SelectedItem><QuestionKey>${cd('answer')}</QuestionKey><OptionIds>${e.optionIds.map((id) => `<OptionId>${cd(id)}</OptionId>`).join('')}</OptionIds></SelectedItem></SelectedItems>`
        : '';
      return `${head(e.userId, 'event')}<Event>${cd('template_card_event')}</Event><EventKey>${cd(e.eventKey)}</EventKey><TaskId>${cd(e.taskId)}</TaskId><CardType>${cd(e.cardType)}</CardType><ResponseCode>${cd(e.responseCode)}</ResponseCode><AgentID>${o.agentId}</AgentID>${selected}</xml>`;
    },
    /** The person taps a card. */
    tapsCard(e: CardTap): Promise<CallbackResult> {
      return send(deliveryOf(this.cardXml(e)));
    },
    /**
     * A change_contact event (path/90970, 90971) with only the fields callbacks set up after 2022-08-15 carry:
     * UserID (and NewUserID) for members, Id (and ParentId) for departments.
     */
    contactXml(c: { changeType: string; userId?: string; newUserId?: string; id?: number; parentId?: number }): string {
      const fields = [
        c.userId !== undefined ? `<UserID>${cd(c.userId)}</UserID>` : '',
        c.newUserId !== undefined ? `<NewUserID>${cd(c.newUserId)}</NewUserID>` : '',
        c.id !== undefined ? `<Id>${c.id}</Id>` : '',
        c.parentId !== undefined ? `<ParentId>${cd(String(c.parentId))}</ParentId>` : '',
      ].join('');
      return `${head('sys', 'event')}<Event>${cd('change_contact')}</Event><ChangeType>${cd(c.changeType)}</ChangeType>${fields}</xml>`;
    },
    /** URL verification (GET) as the admin console does when the URL is saved. */
    async verifyUrl(echo: string, opts: { signature?: string } = {}): Promise<{ status: number; body: string; contentType: string | null }> {
      const echostr = wxEncrypt(o.encodingAesKey, echo, o.corpId);
      const timestamp = ts();
      const n = nonce();
      const q = new URLSearchParams({ msg_signature: opts.signature ?? wxSign(o.token, timestamp, n, echostr), timestamp, nonce: n, echostr });
      const res = await fetch(`${o.url}${path}?${q}`);
      return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') };
    },
  };
}

/** A fake WeCom platform client. */
export type FakeWecomClient = ReturnType<typeof createFakeWecomClient>;
