/**
 * The Stream protocol's frames (dingtalk.md §2.1; open-dingtalk/developerpedia docs/learn/stream/protocol.md).
 * Pure: parse a downstream frame, build the upstream answers and the connections/open request.
 */
import { z } from 'zod';

/** The topic robot messages arrive on. */
export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

/** A downstream frame: SYSTEM (ping, disconnect), EVENT or CALLBACK; `data` is a JSON string. */
export const DownFrame = z.object({
  specVersion: z.string().optional(),
  type: z.string(),
  headers: z.looseObject({ topic: z.string().optional(), messageId: z.string().optional() }),
  data: z.string().default(''),
});
export type DownFrame = z.infer<typeof DownFrame>;

/** Parses one WebSocket text frame; undefined when it is not a frame. */
export function parseFrame(raw: string): DownFrame | undefined {
  try {
    return DownFrame.safeParse(JSON.parse(raw)).data;
  } catch {
    return undefined;
  }
}

/** The ack of a CALLBACK (robot message): sent at once; DingTalk redelivers unacked ones after ~60 s. */
export function callbackAck(messageId: string): string {
  return JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ response: null }) });
}

/** The ack of an EVENT (SUCCESS: DingTalk does not push it again). */
export function eventAck(messageId: string): string {
  return JSON.stringify({
    code: 200,
    headers: { contentType: 'application/json', messageId },
    message: 'OK',
    data: JSON.stringify({ status: 'SUCCESS', message: 'success' }),
  });
}

/** The answer to a SYSTEM ping: echo its headers and data (`{"opaque":…}`). */
export function pingAck(frame: DownFrame): string {
  return JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data });
}

/**
 * Body of POST /v1.0/gateway/connections/open: robot messages, plus every event (EVENT accepts only the
 * topic `*`) when `events` — the 通讯录事件 the app subscribes to in 事件订阅 then arrive on this socket.
 */
export function openConnectionBody(clientId: string, clientSecret: string, localIp: string, events = false): Record<string, unknown> {
  return {
    clientId,
    clientSecret,
    subscriptions: [{ type: 'CALLBACK', topic: ROBOT_TOPIC }, ...(events ? [{ type: 'EVENT', topic: '*' }] : [])],
    ua: 'pufa-bot/0.1 (node)',
    localIp,
  };
}

/** The answer of connections/open: a WebSocket endpoint and a one-use ticket valid for 90 s. */
export const OpenConnection = z.object({ endpoint: z.string().min(1), ticket: z.string().min(1) });

/** `${endpoint}?ticket=…` (the endpoint may already carry a query). */
export function socketUrl(endpoint: string, ticket: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('ticket', ticket);
  return url.toString();
}
