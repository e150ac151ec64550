/**
 * The reply address of a DingTalk message. Features see an opaque `session` Destination; inside, the channel
 * keeps the sessionWebhook and where to send once it expires (the person for 1:1 chats, the group otherwise).
 */
import { z } from 'zod';
import type { Destination } from '../../core/message.js';

/** Where replies go while the sessionWebhook lives, and after. */
export interface SessionRoute {
  readonly webhook: string;
  readonly fallback: { readonly kind: 'user' | 'group'; readonly id: string };
}

const Route = z.object({ w: z.string(), k: z.enum(['user', 'group']), i: z.string() });

/** Builds the `session` Destination for a message (expiresAt from sessionWebhookExpiredTime). */
export function sessionDestination(route: SessionRoute, expiresAt: Date): Destination {
  return { channel: 'dingtalk', kind: 'session', id: JSON.stringify({ w: route.webhook, k: route.fallback.kind, i: route.fallback.id }), expiresAt };
}

/** Reads back a `session` Destination id; undefined when it was not built by sessionDestination. */
export function parseSessionRoute(id: string): SessionRoute | undefined {
  try {
    const r = Route.parse(JSON.parse(id));
    return { webhook: r.w, fallback: { kind: r.k, id: r.i } };
  } catch {
    return undefined;
  }
}
