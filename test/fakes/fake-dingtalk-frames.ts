/**
 * What the fake DingTalk sends and reads: Stream frames (dingtalk.md §2.1: CALLBACK, EVENT, SYSTEM), the robot
 * callback body (§1.2), and the messages the bot sends (OpenAPI msgKey/msgParam, sessionWebhook bodies).
 * Builders and parsers; fake-dingtalk.ts keeps the state (sessions, pending frames).
 */
import type { EventEmitter } from 'node:events';

/** An OpenAPI robot message (msgKey + msgParam JSON string) as text or markdown. */
export function robotMessage(msgKey: string, msgParam: string) {
  const p = JSON.parse(msgParam) as Record<string, string>;
  if (msgKey === 'sampleText') return { msgtype: 'text' as const, text: p.content ?? '' };
  if (msgKey === 'sampleMarkdown') return { msgtype: 'markdown' as const, text: p.text ?? '', title: p.title };
  throw new Error(`unsupported msgKey ${msgKey}`);
}

/** A sessionWebhook / custom robot body as text or markdown, with its @mentions. */
export function webhookMessage(b: Record<string, any>) {
  return b.msgtype === 'markdown'
    ? { msgtype: 'markdown' as const, text: String(b.markdown?.text), title: String(b.markdown?.title), atUserIds: b.at?.atUserIds }
    : { msgtype: 'text' as const, text: String(b.text?.content), atUserIds: b.at?.atUserIds };
}

/** Resolves with `pick()` once it is truthy: checked on every 'change' event and every 10 ms; rejects after timeoutMs. */
export function waitUntil<T>(events: EventEmitter, pick: () => T | undefined | false, what: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      events.off('change', check);
      clearTimeout(timer);
      clearInterval(poll);
    };
    const check = () => {
      const v = pick();
      if (v) {
        done();
        resolve(v);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`fake dingtalk: timed out waiting for ${what}`));
    }, timeoutMs);
    const poll = setInterval(check, 10);
    events.on('change', check);
    check();
  });
}

/** A person's message as the robot callback JSON (the same in HTTP and Stream mode). */
export function robotPayload(o: {
  userId: string;
  text: string;
  msgId: string;
  group: boolean;
  msgtype: string;
  now: number;
  expiresAt: number;
  sessionWebhook: string;
  robotCode: string;
}): Record<string, unknown> {
  return {
    conversationId: o.group ? 'cidGroupFaZhiKe==' : `cid${o.userId}==`,
    atUsers: [],
    chatbotCorpId: 'dingcorp',
    chatbotUserId: '$:LWCP_v1:$bot',
    msgId: o.msgId,
    senderNick: o.userId,
    isAdmin: false,
    senderStaffId: o.userId,
    sessionWebhookExpiredTime: o.expiresAt,
    createAt: o.now,
    senderCorpId: 'dingcorp',
    conversationType: o.group ? '2' : '1',
    senderId: `$:LWCP_v1:$${o.userId}`,
    ...(o.group ? { conversationTitle: '法制科学习群', isInAtList: true } : {}),
    sessionWebhook: o.sessionWebhook,
    robotCode: o.robotCode,
    // DingTalk strips the @mention and leaves a leading space.
    text: { content: ` ${o.text}` },
    msgtype: o.msgtype,
  };
}

/** A robot CALLBACK frame. */
export function callbackFrame(data: Record<string, unknown> | string, topic: string, messageId: string, now: number, appId: string): string {
  return JSON.stringify({
    specVersion: '1.0',
    type: 'CALLBACK',
    headers: { topic, messageId, contentType: 'application/json', time: String(now), appId },
    data: typeof data === 'string' ? data : JSON.stringify(data),
  });
}

/**
 * A 通讯录事件 as an EVENT frame: the type and id in the headers, the ids in `data` (as the official SDKs read
 * them: dingtalk-stream-sdk-python EventMessage, headers event_type/event_id/event_born_time).
 */
export function eventFrame(
  eventType: string,
  ids: { userId?: string[]; deptId?: number[] },
  eventId: string,
  messageId: string,
  now: number,
  appId: string,
): string {
  const born = String(now);
  return JSON.stringify({
    specVersion: '1.0',
    type: 'EVENT',
    headers: {
      topic: '*',
      messageId,
      contentType: 'application/json',
      time: born,
      eventType,
      eventId,
      eventBornTime: born,
      eventCorpId: 'dingcorp',
      eventUnifiedAppId: appId,
    },
    data: JSON.stringify({ timeStamp: born, ...ids }),
  });
}

/** A SYSTEM frame (ping, disconnect). */
export function systemFrame(topic: string, data: unknown, messageId: string, now: number): string {
  return JSON.stringify({
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { topic, messageId, contentType: 'application/json', time: String(now) },
    data: JSON.stringify(data),
  });
}

/** The dtmd tap targets of a markdown message, decoded (what a tap would send). */
export function tapTargets(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(dtmd:\/\/dingtalkclient\/sendMessage\?content=([^)]+)\)/g)].map((m) => decodeURIComponent(m[1]!));
}
