/**
 * Reads a request body as the exact text a platform signed, within a size limit. Every way a body can be bad
 * becomes an AppError (so the adapter answers 4xx, never 500): too large (declared or streamed, chunked or not),
 * not UTF-8, or cut off by the client. A body over the limit is not buffered: the rest is drained and dropped
 * (node:http then answers on the same connection), never read into memory, and the socket is never destroyed
 * under a response still being written.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../core/errors.js';

/** Reads the body of `req` (at most `limit` bytes) as strict UTF-8. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new AppError('channel.too_large', `body of ${declared} bytes exceeds ${limit}`, { limit }));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err?: AppError, text?: string) => {
      if (settled) return;
      settled = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) reject(err);
      else resolve(text!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      settle(new AppError('channel.too_large', `body exceeds ${limit} bytes`, { limit }));
      // Drop the rest as it arrives: nothing more is buffered, and the 413 can still be read by the client.
      req.resume();
    };
    const onEnd = () => {
      try {
        settle(undefined, new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        settle(new AppError('channel.bad_payload', 'body is not valid UTF-8'));
      }
    };
    const onError = (err: Error) => settle(new AppError('channel.bad_payload', 'the client broke off the request body', {}, { cause: err }));
    const onClose = () => settle(new AppError('channel.bad_payload', 'the client closed the connection before the body ended'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
