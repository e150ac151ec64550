/** Reads a small JSON request body (at most 64 KiB); undefined when it is missing, too large or not a JSON object. */
import type { Context } from 'koa';

const LIMIT = 64 * 1024;

export async function readJson(ctx: Context): Promise<Record<string, unknown> | undefined> {
  if (!ctx.is('application/json')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of ctx.req) {
    size += (c as Buffer).length;
    if (size > LIMIT) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
