/**
 * Load for the callback benchmark: signed and encrypted WeCom callbacks (the independent crypto of the fake
 * platform client) posted over keep-alive connections, closed loop (N connections, each sends its next
 * message when the previous is answered) or open loop (each message at its scheduled time).
 */
import { Agent, request } from 'node:http';
import { wxEncrypt, wxSign } from '../../test/fakes/fake-wecom-client.js';

export interface App {
  readonly token: string;
  readonly encodingAesKey: string;
  readonly corpId: string;
  readonly agentId: number;
}

/** One callback ready to post: path with query, and the XML body. */
export interface Delivery {
  readonly path: string;
  readonly body: string;
}

let seq = 7_400_000_000_000_000_000n;

/** A text message from `userId` as WeCom delivers it (encrypted, signed, CreateTime = now). */
export function textDelivery(app: App, userId: string, text: string): Delivery {
  const ts = String(Math.floor(Date.now() / 1000));
  const xml = `<xml><ToUserName><![CDATA[${app.corpId}]]></ToUserName><FromUserName><![CDATA[${userId}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${seq++}</MsgId><AgentID>${app.agentId}</AgentID></xml>`;
  const encrypt = wxEncrypt(app.encodingAesKey, xml, app.corpId);
  const nonce = String(100_000 + Math.floor(Math.random() * 900_000));
  const q = new URLSearchParams({ msg_signature: wxSign(app.token, ts, nonce, encrypt), timestamp: ts, nonce });
  return {
    path: `/wecom/callback?${q}`,
    body: `<xml><ToUserName><![CDATA[${app.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt><AgentID><![CDATA[${app.agentId}]]></AgentID></xml>`,
  };
}

export interface Outcome {
  /** Milliseconds from the (scheduled) send to the full answer. */
  readonly ms: number;
  /** 200 with an encrypted passive reply or an empty 200. */
  readonly ok: boolean;
  readonly passive: boolean;
}

/** Posts deliveries to 127.0.0.1:`port` over at most `sockets` keep-alive connections. */
export function createPoster(port: number, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  function post(d: Delivery, startedAt = performance.now(), timeoutMs = 30_000): Promise<Outcome> {
    return new Promise((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path: d.path, method: 'POST', agent, headers: { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(d.body) } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () => resolve({ ms: performance.now() - startedAt, ok: res.statusCode === 200, passive: body.includes('<Encrypt>') }));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ ms: performance.now() - startedAt, ok: false, passive: false }));
      req.end(d.body);
    });
  }
  return { post, close: () => agent.destroy() };
}

export interface RunResult {
  readonly outcomes: Outcome[];
  readonly wallMs: number;
}

/** Closed loop: `connections` workers post `deliveries` in order, each waiting for its answer. */
export async function closedLoop(port: number, deliveries: readonly Delivery[], connections: number): Promise<RunResult> {
  const poster = createPoster(port, connections);
  const outcomes: Outcome[] = new Array(deliveries.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < deliveries.length; i = next++) outcomes[i] = await poster.post(deliveries[i]!);
    }),
  );
  const wallMs = performance.now() - t0;
  poster.close();
  return { outcomes, wallMs };
}

/** Sorted latencies → p50/p99/p99.9/max in ms. */
export function percentiles(outcomes: readonly Outcome[]): Record<'p50' | 'p99' | 'p999' | 'max', number> {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (p: number) => +(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0).toFixed(1);
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: +(ms.at(-1) ?? 0).toFixed(1) };
}
