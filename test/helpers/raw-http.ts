/**
 * Raw HTTP requests for malformed-input tests: exact bytes, any headers, or a large chunked body streamed
 * without a Content-Length (fetch cannot send invalid UTF-8 text or stream 30 MB in chunks as simply).
 */
import { request } from 'node:http';

export interface RawResult {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` (bytes or text) or, with `chunkedBytes`, that many bytes in 64 KB chunks (Transfer-Encoding: chunked). */
export function rawPost(url: string, o: { headers?: Record<string, string>; body?: Buffer | string; chunkedBytes?: number }): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: o.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (o.chunkedBytes === undefined) {
      req.end(o.body ?? '');
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = o.chunkedBytes;
    const pump = () => {
      while (left > 0) {
        left -= chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
