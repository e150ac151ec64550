/**
 * The one file that knows both Koa and channels: reads the raw body itself (raw-body.ts; no body parser on
 * signature-bearing routes), turns the request into a RawRequest, decodes it with the channel's Receiver,
 * answers within the channel's deadline, and hands replies the response could not carry to the Sender.
 * Every decode failure, whatever threw it, is a 4xx with an operator log line; only our own failures
 * (the store, after a request was accepted) are a 500, so the platform delivers again.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { Logger } from '../core/log.js';
import type { InboundMessage, OutboundMessage } from '../core/message.js';
import type { Inbound, RawRequest, RawResponse, Receiver } from '../core/ports/receiver.js';
import type { DirectoryChange } from '../core/ports/platform-lookup.js';
import { readRawBody } from './raw-body.js';

/** Error code → HTTP status and what the operator should check. */
const ERRORS: Partial<Record<ErrorCode, { status: number; hint: string }>> = {
  'channel.bad_signature': { status: 401, hint: 'signature check failed: check the token / secret configured for this channel' },
  'channel.stale_request': { status: 401, hint: 'request timestamp out of range: check the server clock (NTP)' },
  'channel.decrypt_failed': { status: 400, hint: 'payload could not be decrypted: check the AES key and the corp id / app key' },
  'channel.bad_payload': { status: 400, hint: 'payload is malformed' },
  'channel.too_large': { status: 413, hint: 'request body too large' },
  'input.invalid': { status: 400, hint: 'request is invalid' },
  'input.unsupported_media_type': { status: 415, hint: 'send the body as application/json' },
  'auth.forbidden': { status: 403, hint: 'not allowed for this sender' },
  'input.quota_exceeded': { status: 403, hint: 'a limit was reached' },
};

export interface AdapterDeps {
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Hands over replies the response could not carry (slow handling, or more than a passive reply): durable once it resolves, sent after the response. */
  readonly sendLater: (msg: InboundMessage, replies: readonly OutboundMessage[]) => Promise<void>;
  /** Include the error message in the response body (the playground API); platform routes never do. */
  readonly exposeErrors?: boolean;
  /** Takes an organisation change a platform reports (通讯录事件): recorded before the answer, applied after. */
  readonly onDirectoryChange?: (change: DirectoryChange) => Promise<void>;
  /**
   * Decides, before a decoded message is dispatched, whether its sender may use this route (the playground's
   * sandbox and its cap on new people). Throws AppError to refuse (4xx, the error in the body when exposed).
   */
  readonly admit?: (message: InboundMessage) => Promise<void>;
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

/** The HTTP answer to a refused request (the operator log line is written by the caller). */
function refuse(ctx: Context, err: AppError, status: number, expose: boolean): void {
  ctx.status = status;
  if (expose) ctx.body = { error: { code: err.code, message: err.message } };
  else ctx.body = '';
}

export function mountReceiver(router: Router, path: string, receiver: Receiver, deps: AdapterDeps): void {
  const log = deps.logger.child({ channel: receiver.channel });
  router.all(path, async (ctx) => {
    if (!receiver.methods.includes(ctx.method as 'GET' | 'POST')) {
      ctx.status = 405;
      return;
    }
    const ip = clientIp(ctx);
    let inbound: Inbound;
    try {
      const body = ctx.method === 'POST' ? await readRawBody(ctx.req, receiver.maxBodyBytes) : '';
      const req: RawRequest = {
        method: ctx.method as 'GET' | 'POST',
        query: singleQuery(ctx.query),
        headers: ctx.headers as Record<string, string | undefined>,
        body,
      };
      inbound = receiver.decode(req, deps.clock.now());
    } catch (err) {
      const known = err instanceof AppError ? ERRORS[err.code] : undefined;
      if (known) {
        log.warn('request rejected', { code: (err as AppError).code, reason: (err as AppError).message, check: known.hint, ip });
        return refuse(ctx, err as AppError, known.status, deps.exposeErrors ?? false);
      }
      // A decoder that throws anything else has a bug, but the request is still bad input: 400, never 500.
      log.error('request could not be decoded', { ip, err });
      return refuse(ctx, new AppError('channel.bad_payload', 'request could not be decoded'), 400, deps.exposeErrors ?? false);
    }
    if (inbound.kind === 'handshake') return send(ctx, inbound.response);
    if (inbound.kind === 'directory') {
      // ContactSync claims the event id durably (a redelivery or a replay is applied once) and applies it after the answer.
      await deps.onDirectoryChange?.(inbound.change);
      log.info('directory change received', { what: inbound.change.what, removed: inbound.change.removed, count: inbound.change.ids.length });
      return send(ctx, inbound.response);
    }
    if (inbound.kind === 'ignored') {
      log.info('request ignored', { reason: inbound.reason });
      return send(ctx, inbound.response);
    }
    const message = inbound.message;
    if (deps.admit) {
      try {
        await deps.admit(message);
      } catch (err) {
        const known = err instanceof AppError ? ERRORS[err.code] : undefined;
        if (!known) throw err;
        log.warn('sender refused', { code: (err as AppError).code, reason: (err as AppError).message, ip });
        return refuse(ctx, err as AppError, known.status, deps.exposeErrors ?? false);
      }
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
    // The rest (e.g. the next question's card) is handed over durably before the response; it is sent after it.
    if (plan.rest.length > 0) await deps.sendLater(message, plan.rest).catch((err) => log.error('reply send failed', { messageId: message.messageId, err }));
    send(ctx, plan.response);
  });
}
