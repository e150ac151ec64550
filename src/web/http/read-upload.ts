/** Reads an uploaded file sent as the raw request body (the pages send the File itself), up to `limit` bytes. */
import type { Context } from 'koa';

/** The bytes, or undefined when the body is empty or larger than `limit`. */
export async function readUpload(ctx: Context, limit = 10 * 1024 * 1024): Promise<Buffer | undefined> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(c as Buffer);
  }
  return size > 0 ? Buffer.concat(chunks) : undefined;
}

/** The uploaded file's name from `?name=` (its extension picks the reader), without any directory part. */
export function uploadName(ctx: Context, allowed: readonly string[]): string | undefined {
  const raw = typeof ctx.query.name === 'string' ? ctx.query.name : '';
  const name = raw.split(/[\\/]/).pop()?.slice(0, 120) ?? '';
  const ext = name.toLowerCase().match(/\.[a-z]+$/)?.[0];
  return ext && allowed.includes(ext) ? name : undefined;
}
