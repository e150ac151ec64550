/**
 * The floor of work any WeCom bot must do, as the callback benchmark's reference: a bare Koa server with
 * @wecom/crypto and fast-xml-parser that verifies the signature, decrypts, parses the message, and answers
 * with an encrypted passive text reply. Run in its own child process by bench/callback.ts (PORT, WECOM_*).
 */
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import Koa from 'koa';

const env = process.env;
const token = env.WECOM_TOKEN!;
const aesKey = env.WECOM_ENCODING_AES_KEY!;
const corpId = env.WECOM_CORP_ID!;
const parser = new XMLParser({ processEntities: false, parseTagValue: false });

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req) chunks.push(c as Buffer);
  const envelope = parser.parse(Buffer.concat(chunks).toString('utf8')).xml as { Encrypt: string };
  const { msg_signature, timestamp, nonce } = ctx.query as { msg_signature: string; timestamp: string; nonce: string };
  if (getSignature(token, timestamp, nonce, envelope.Encrypt) !== msg_signature) {
    ctx.status = 401;
    return;
  }
  const { message, id } = decrypt(aesKey, envelope.Encrypt);
  if (id !== corpId) {
    ctx.status = 400;
    return;
  }
  const msg = parser.parse(message).xml as { FromUserName: string; Content: string };
  const now = String(Math.floor(Date.now() / 1000));
  const reply = `<xml><ToUserName><![CDATA[${msg.FromUserName}]]></ToUserName><FromUserName><![CDATA[${corpId}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到：${msg.Content}]]></Content></xml>`;
  const enc = encrypt(aesKey, reply, corpId, randomBytes(16));
  const replyNonce = String(randomBytes(4).readUInt32BE(0));
  ctx.type = 'application/xml';
  ctx.body = `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${getSignature(token, now, replyNonce, enc)}]]></MsgSignature><TimeStamp>${now}</TimeStamp><Nonce><![CDATA[${replyNonce}]]></Nonce></xml>`;
});
const server = app.listen(Number(env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
