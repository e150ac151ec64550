/**
 * WeCom XML on the wire: the encrypted envelope, the decrypted message/event, and the passive-reply XML.
 * Parsing is defensive (wecom.md §8.4): no DTD or entity expansion, values stay strings (MsgId exceeds 2^53),
 * CDATA or not, and SelectedItem/OptionId are always arrays. Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric references; anything else stays literal. */
function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (m, name: string) => {
    if (name[0] !== '#') return ENTITIES[name]!;
    const cp = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

function decodeTree(node: unknown): unknown {
  if (typeof node === 'string') return decodeEntities(node);
  if (Array.isArray(node)) return node.map(decodeTree);
  if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, decodeTree(v)]));
  return node;
}

/**
 * Deepest element nesting accepted. WeCom's documents are three levels deep (xml > SelectedItems >
 * SelectedItem > OptionIds > OptionId is the deepest, five); anything far deeper is an attack on the parser.
 */
export const MAX_XML_DEPTH = 16;

/** The full parser's options: built once (a parser per document was a measurable share of a callback). */
const PARSER = new XMLParser({
  ignoreAttributes: true,
  processEntities: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => name === 'SelectedItem' || name === 'OptionId',
  maxNestedTags: MAX_XML_DEPTH,
});

/**
 * Parses XML into plain objects of strings. CDATA sections are first rewritten as escaped text so that
 * one entity-decoding pass treats both forms alike. Throws channel.bad_payload, also for nesting deeper
 * than MAX_XML_DEPTH (the parser's own limit error is not an AppError).
 */
export function parseXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AppError('channel.bad_payload', 'XML with a DTD or entity declaration is refused');
  const flat = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  const valid = XMLValidator.validate(flat);
  if (valid !== true) throw new AppError('channel.bad_payload', `malformed XML: ${valid.err.msg}`);
  let tree: unknown;
  try {
    tree = PARSER.parse(flat);
  } catch (err) {
    throw new AppError('channel.bad_payload', `XML could not be parsed: ${(err as Error).message}`, {}, { cause: err });
  }
  return decodeTree(tree) as Record<string, unknown>;
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
/** Element names the flat reader takes: ASCII letters, digits and '_' (WeCom's names), never a prototype key. */
const FLAT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The flat documents WeCom sends almost always (`<xml>` holding elements of text or CDATA only, e.g. every
 * text message and the envelope), read by one linear scan: `{ xml: { Name: value } }` exactly as `parseXml`
 * gives it (values trimmed, CDATA literal). Anything else — nesting, attributes, comments, declarations,
 * entities, a repeated or unusual name — returns undefined, and the caller falls back to `parseXml`.
 */
export function readFlatXml(xml: string): { xml: Record<string, string> } | undefined {
  const n = xml.length;
  let i = 0;
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  if (!xml.startsWith('<xml>', i)) return undefined;
  i += 5;
  const out: Record<string, string> = {};
  for (;;) {
    while (i < n && isSpace(xml.charCodeAt(i))) i++;
    if (xml.startsWith('</xml>', i)) {
      i += 6;
      while (i < n && isSpace(xml.charCodeAt(i))) i++;
      return i === n ? { xml: out } : undefined;
    }
    if (xml.charCodeAt(i) !== 0x3c) return undefined; // text directly under <xml>, or the end of the input
    const gt = xml.indexOf('>', i);
    if (gt < 0) return undefined;
    const name = xml.slice(i + 1, gt);
    if (!FLAT_NAME.test(name) || name === '__proto__' || Object.hasOwn(out, name)) return undefined;
    const close = `</${name}>`;
    let k = gt + 1;
    let value = '';
    for (;;) {
      const lt = xml.indexOf('<', k);
      if (lt < 0) return undefined;
      const text = xml.slice(k, lt);
      if (text.includes('&')) return undefined; // entities: the full parser decodes them
      value += text;
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end < 0) return undefined;
        value += xml.slice(lt + 9, end);
        k = end + 3;
        continue;
      }
      if (!xml.startsWith(close, lt)) return undefined; // a child element or other markup
      k = lt + close.length;
      break;
    }
    out[name] = value.trim();
    i = k;
  }
}

/** A document as objects of strings: the flat reader when it applies, else the full parser. */
function readXml(xml: string): Record<string, unknown> {
  return readFlatXml(xml) ?? parseXml(xml);
}

/**
 * The `Encrypt` value of a POST envelope, found by a bounded scan instead of an XML parse, so the signature
 * is checked before any parser sees a body from an unknown sender. Exactly one Encrypt element, CDATA or
 * plain, holding base64 only. Throws channel.bad_payload. Linear in the body (no backtracking).
 */
export function scanEncrypt(body: string): string {
  if (body.trim() === '') throw new AppError('channel.bad_payload', 'empty body');
  const open = body.indexOf('<Encrypt>');
  if (open < 0 || body.indexOf('<Encrypt>', open + 1) >= 0) throw new AppError('channel.bad_payload', 'the envelope must carry exactly one Encrypt element');
  const close = body.indexOf('</Encrypt>', open);
  if (close < 0) throw new AppError('channel.bad_payload', 'the Encrypt element is not closed');
  const inner = body.slice(open + '<Encrypt>'.length, close).trim();
  const value = inner.startsWith('<![CDATA[') && inner.endsWith(']]>') ? inner.slice(9, -3) : inner;
  if (!/^[A-Za-z0-9+/=]+$/.test(value)) throw new AppError('channel.bad_payload', 'Encrypt is not base64');
  return value;
}

/** Empty elements (`<EventKey></EventKey>`) parse as ''; optional fields treat that as absent. */
const opt = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** The POST body: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
export const Envelope = z.object({
  xml: z.object({
    ToUserName: opt(z.string()),
    AgentID: opt(z.string()),
    Encrypt: z.string().min(1),
  }),
});

const SelectedItem = z.object({
  QuestionKey: z.string(),
  OptionIds: opt(z.object({ OptionId: z.array(z.string()) })),
});

/** The decrypted message or event (text, enter_agent, click, template_card_event, and others we ignore). */
export const WireMessage = z.object({
  ToUserName: z.string(),
  FromUserName: z.string().min(1).max(128),
  CreateTime: z.string().regex(/^\d{1,12}$/),
  MsgType: z.string().min(1),
  AgentID: opt(z.string()),
  MsgId: opt(z.string().regex(/^\d{1,24}$/)),
  Content: opt(z.string()),
  Event: opt(z.string()),
  EventKey: opt(z.string()),
  TaskId: opt(z.string()),
  CardType: opt(z.string()),
  ResponseCode: opt(z.string()),
  SelectedItems: opt(z.object({ SelectedItem: z.array(SelectedItem) })),
  // change_contact (通讯录变更): the change and the ids it is about; other fields are not trusted (re-fetched).
  ChangeType: opt(z.string()),
  UserID: opt(z.string().max(128)),
  NewUserID: opt(z.string().max(128)),
  Id: opt(z.string().regex(/^\d{1,12}$/)),
});
/** A decrypted WeCom message or event; every value a string. */
export type WireMessage = z.infer<typeof WireMessage>;
/** The message document (one schema for the life of the process: zod compiles a schema on its first use). */
const MessageDoc = z.object({ xml: WireMessage });

function validate<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (!r.success) throw new AppError('channel.bad_payload', `${what}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

/** Parses the POST envelope. */
export function parseEnvelope(body: string): z.infer<typeof Envelope>['xml'] {
  if (body.trim() === '') throw new AppError('channel.bad_payload', 'empty body');
  return validate(Envelope, readXml(body), 'envelope').xml;
}

/** Parses the decrypted message XML. */
export function parseMessage(xml: string): WireMessage {
  return validate(MessageDoc, readXml(xml), 'message').xml;
}

/** A CDATA section; `]]>` inside is split across two sections. */
export function cdata(s: string): string {
  return `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** The encrypted passive-reply envelope, laid out as wechatpy renders it (wecom.md vector C). */
export function renderEnvelope(r: { encrypt: string; signature: string; timestamp: string; nonce: string }): string {
  return `<xml>\n<Encrypt>${cdata(r.encrypt)}</Encrypt>\n<MsgSignature>${cdata(r.signature)}</MsgSignature>\n<TimeStamp>${r.timestamp}</TimeStamp>\n<Nonce>${cdata(r.nonce)}</Nonce>\n</xml>`;
}

/** The plaintext of a passive text reply (path/90241), field order as in wecom.md vector C. */
export function renderTextReply(r: { toUser: string; corpId: string; agentId: number | string; content: string; createTime: number }): string {
  return [
    '<xml>',
    `<MsgType>${cdata('text')}</MsgType>`,
    `<Content>${cdata(r.content)}</Content>`,
    `<FromUserName>${cdata(r.corpId)}</FromUserName>`,
    `<ToUserName>${cdata(r.toUser)}</ToUserName>`,
    `<AgentID>${r.agentId}</AgentID>`,
    `<CreateTime>${r.createTime}</CreateTime>`,
    '</xml>',
  ].join('\n');
}
