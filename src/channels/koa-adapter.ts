/**
 * The one file that knows both Koa and channels: reads the raw body itself (no body parser on
 * signature-bearing routes), turns the request into a RawRequest, decodes it with the channel's Receiver,
 * answers within the channel's deadline, and hands replies the response could not carry to the Sender.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { Logger } from '../core/log.js';
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import type { DirectoryChange, RawRequest, RawResponse, Receiver } from './channel.js';

/** Error code → HTTP status and what the operator should check. */
const ERRORS: Partial<Record<ErrorCode, { status: number; hint: string }>> = {
  'channel.bad_signature': { status: 401, hint: 'signature check failed: check the token / secret configured for this channel' },
  'channel.stale_request': { status: 401, hint: 'request timestamp out of range: check the server clock (NTP)' },
  'channel.decrypt_failed': { status: 400, hint: 'payload could not be decrypted: check the AES key and the corp id / app key' },
  'channel.bad_payload': { status: 400, hint: 'payload is malformed' },
  'channel.too_large': { status: 413, hint: 'request body too large' },
  'input.invalid': { status: 400, hint: 'request is invalid' },
};

export interface AdapterDeps {
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Sends replies that missed the HTTP response (slow handling, or more than a passive reply can carry). */
  readonly sendLater: (msg: InboundMessage, replies: readonly OutboundMessage[]) => Promise<void>;
  /** Include the error message in the response body (the playground API); platform routes never do. */
  readonly exposeErrors?: boolean;
  /** Takes an organisation change a platform reports (通讯录事件): recorded before the answer, applied after. */
  readonly onDirectoryChange?: (change: DirectoryChange) => Promise<void>;
}

export async function readRawBody(ctx: Context, limit: number): Promise<string> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limit) throw new AppError('channel.too_large', `body of ${declared} bytes exceeds ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AppError('channel.too_large', `body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(ctx: Context, r: RawResponse): void {
  ctx.status = r.status;
  ctx.type = r.contentType ?? 'text/plain; charset=utf-8';
  ctx.body = r.body;
}

export function mountReceiver(router: Router, path: string, receiver: Receiver, deps: AdapterDeps): void {
  const log = deps.logger.child({ channel: receiver.channel });
  router.all(path, async (ctx) => {
    if (!receiver.methods.includes(ctx.method as 'GET' | 'POST')) {
      ctx.status = 405;
      return;
    }
    let message: InboundMessage;
    try {
      const body = ctx.method === 'POST' ? await readRawBody(ctx, receiver.maxBodyBytes) : '';
      const req: RawRequest = {
        method: ctx.method as 'GET' | 'POST',
        query: Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : (v ?? '')])),
        headers: ctx.headers as Record<string, string | undefined>,
        body,
      };
      const inbound = receiver.decode(req, deps.clock.now());
      if (inbound.kind === 'handshake') return send(ctx, inbound.response);
      if (inbound.kind === 'directory') {
        await deps.onDirectoryChange?.(inbound.change);
        log.info('directory change received', { what: inbound.change.what, removed: inbound.change.removed, count: inbound.change.ids.length });
        return send(ctx, inbound.response);
      }
      if (inbound.kind === 'ignored') {
        log.info('request ignored', { reason: inbound.reason });
        return send(ctx, inbound.response);
      }
      message = inbound.message;
    } catch (err) {
      const known = err instanceof AppError ? ERRORS[err.code] : undefined;
      if (!known) throw err;
      log.warn('request rejected', { code: (err as AppError).code, reason: (err as AppError).message, check: known.hint, ip: ctx.ip });
      ctx.status = known.status;
      if (deps.exposeErrors) ctx.body = { error: { code: (err as AppError).code, message: (err as AppError).message } };
      else ctx.body = '';
      return;
    }

    const work = deps.dispatcher.dispatch(message);
    const late = Symbol('late');
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      work,
      new Promise<typeof late>((r) => {
        timer = setTimeout(() => r(late), receiver.replyDeadlineMs);
      }),
    ]);
    clearTimeout(timer);
    const now = deps.clock.now();
    if (ready === late) {
      log.warn('reply deadline reached; replying later through the API', { messageId: message.messageId });
      send(ctx, receiver.respond(message, [], now).response);
      void work
        .then((r) => (r.kind === 'replies' ? deps.sendLater(message, r.replies) : undefined))
        .catch((err) => log.error('late reply failed', { messageId: message.messageId, err }));
      return;
    }
    const plan = receiver.respond(message, ready.kind === 'replies' ? ready.replies : [], now);
    send(ctx, plan.response);
    if (plan.rest.length > 0) {
      void deps.sendLater(message, plan.rest).catch((err) => log.error('reply send failed', { messageId: message.messageId, err }));
    }
  });
}
