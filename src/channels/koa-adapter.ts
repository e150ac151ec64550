/**
 * The one file that knows both Koa and channels, and only translates: it reads the raw body itself
 * (raw-body.ts; no body parser on signature-bearing routes), turns the Koa request into a RawRequest, feeds
 * it to the inbound pipeline (core/inbound-pipeline.ts: decode, dedupe, reply deadline, late sending), and
 * turns the outcome back into HTTP: an answer as it is, a refusal (AppError) as a 4xx. A failure the
 * pipeline throws (the store, before the message was accepted) is left to the app's 500, so the platform
 * delivers again.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { EntryOptions, InboundPipeline } from '../core/inbound-pipeline.js';
import type { RawRequest, RawResponse, Receiver } from '../core/ports/receiver.js';
import { readRawBody } from './raw-body.js';

/** A refusal's error code → HTTP status (anything else refused is a 400). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  'channel.bad_signature': 401,
  'channel.stale_request': 401,
  'channel.too_large': 413,
  'input.unsupported_media_type': 415,
  'auth.forbidden': 403,
  'input.quota_exceeded': 403,
};

export interface AdapterOptions extends EntryOptions {
  readonly pipeline: InboundPipeline;
  /** Include the error in the response body (the playground API); platform routes never do. */
  readonly exposeErrors?: boolean;
}

/**
 * Query parameters as single strings. A repeated parameter is refused: which copy a verifier reads and
 * which one a handler reads must never differ (HTTP parameter pollution).
 */
function singleQuery(query: Context['query']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (Array.isArray(v)) throw new AppError('channel.bad_payload', `query parameter ${k.slice(0, 40)} is repeated`);
    out[k] = v ?? '';
  }
  return out;
}

function send(ctx: Context, r: RawResponse): void {
  ctx.status = r.status;
  ctx.type = r.contentType ?? 'text/plain; charset=utf-8';
  ctx.body = r.body;
}

/** The client address, read before the body: once a client breaks off, the socket is gone and ctx.ip throws. */
function clientIp(ctx: Context): string {
  try {
    return ctx.ip;
  } catch {
    return '';
  }
}

/** The HTTP answer to a refused request (the pipeline has logged it). */
function refuse(ctx: Context, err: AppError, expose: boolean): void {
  ctx.status = STATUS[err.code] ?? 400;
  ctx.body = expose ? { error: { code: err.code, message: err.message } } : '';
}

/** Mounts `receiver` on `path`: every request goes through the inbound pipeline. */
export function mountReceiver(router: Router, path: string, receiver: Receiver, opts: AdapterOptions): void {
  const feed = opts.pipeline.entry(receiver, { admit: opts.admit });
  const expose = opts.exposeErrors ?? false;
  router.all(path, async (ctx) => {
    if (!receiver.methods.includes(ctx.method as 'GET' | 'POST')) {
      ctx.status = 405;
      return;
    }
    const ip = clientIp(ctx);
    // Reading is part of decoding: a body too large, bad UTF-8 or a repeated parameter is refused like bad input.
    const req = (async (): Promise<RawRequest> => {
      const body = ctx.method === 'POST' ? await readRawBody(ctx.req, receiver.maxBodyBytes) : '';
      return { method: ctx.method as 'GET' | 'POST', query: singleQuery(ctx.query), headers: ctx.headers as Record<string, string | undefined>, body };
    })();
    const outcome = await feed(req, { ip });
    if (outcome.kind === 'refused') return refuse(ctx, outcome.error, expose);
    send(ctx, outcome.response);
  });
}
