import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchTransport, nodeTransport } from '../../src/channels/http-kit/transport.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('the shared HTTP transport (node:http, keep-alive)', () => {
  it('sends method, headers and a UTF-8 body, and returns any status with its text (never throws for a status)', async () => {
    const s = await serve((req, body, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], body }));
    });
    const ok = await nodeTransport(`${s.url}/cgi-bin/message/send?access_token=t`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"text":"答题"}',
      timeoutMs: 5000,
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({
      method: 'POST',
      type: 'application/json; charset=utf-8',
      length: String(Buffer.byteLength('{"text":"答题"}')),
      body: '{"text":"答题"}',
    });
    expect((await nodeTransport(`${s.url}/missing`, { method: 'GET', timeoutMs: 5000 })).status).toBe(404);
  });

  it('reuses one connection for requests one after another', async () => {
    const s = await serve((_req, _body, res) => res.end('{}'));
    for (let i = 0; i < 5; i++) await nodeTransport(`${s.url}/x`, { method: 'GET', timeoutMs: 5000 });
    expect(s.connections()).toBe(1);
  });

  it('rejects with a TimeoutError when the answer does not come within the limit, and with the network error when nobody listens', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    await expect(nodeTransport(`${s.url}/slow`, { method: 'GET', timeoutMs: 30 })).rejects.toMatchObject({ name: 'TimeoutError' });
    const closed = await serve((_req, _body, res) => res.end());
    const url = closed.url;
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    await expect(nodeTransport(`${url}/gone`, { method: 'GET', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('adapts an injected fetch (tests) to the same shape', async () => {
    const t = fetchTransport(async (_url, init) => new Response(`${init.method} ${String(init.body)}`, { status: 503 }));
    expect(await t('http://fake/x', { method: 'POST', body: 'b', timeoutMs: 1000 })).toEqual({ status: 503, text: 'POST b' });
  });
});
