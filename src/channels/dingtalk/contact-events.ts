/**
 * DingTalk 通讯录事件 (contacts.md §2.6) → a DirectoryChange, for both ingress modes. Pure.
 * - HTTP event subscription, decrypted: `{"EventType":"user_add_org","eventId":…,"userId":[…]}` (older
 *   payloads: `UserId` / `DeptId`).
 * - Stream EVENT frame: the type and id in the frame headers (`eventType`, `eventId`) and `{"userId":[…]}` in
 *   `data`; the whole event may also arrive as one object with a nested `data`. All spellings are accepted.
 * Only the ids are used: the directory re-fetches them (v2/user/get, v2/department/get).
 */
import type { DirectoryChange } from '../../core/ports/platform-lookup.js';

const KINDS: Readonly<Record<string, { what: 'user' | 'department'; removed: boolean }>> = {
  user_add_org: { what: 'user', removed: false },
  user_modify_org: { what: 'user', removed: false },
  user_leave_org: { what: 'user', removed: true },
  org_dept_create: { what: 'department', removed: false },
  org_dept_modify: { what: 'department', removed: false },
  org_dept_remove: { what: 'department', removed: true },
};

/** The event types handled here. */
export const CONTACT_EVENT_TYPES: readonly string[] = Object.keys(KINDS);

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x).trim()).filter((x) => x !== '' && x.length <= 128) : []);

/**
 * The change an event reports. `event` is the decrypted HTTP body or the frame's parsed `data`; `headers`
 * are a Stream frame's headers. Undefined for other event types (or an event without ids).
 */
export function dingtalkContactChange(event: Json, headers: Json = {}): DirectoryChange | undefined {
  const inner = obj(event.data);
  const type = String(event.EventType ?? event.eventType ?? headers.eventType ?? '');
  const kind = KINDS[type];
  if (!kind) return undefined;
  const pick = (...keys: string[]) => {
    for (const source of [event, inner]) for (const k of keys) if (Array.isArray(source[k])) return ids(source[k]);
    return [];
  };
  const list = kind.what === 'user' ? pick('userId', 'UserId', 'userid') : pick('deptId', 'DeptId', 'deptid');
  if (list.length === 0) return undefined;
  const given = event.eventId ?? headers.eventId ?? event.EventId;
  const born = event.EventTime ?? event.eventBornTime ?? headers.eventBornTime ?? event.TimeStamp ?? event.timeStamp ?? inner.timeStamp ?? '';
  const eventId = typeof given === 'string' && given ? given : `${type}:${String(born)}:${list.join(',')}`;
  return { channel: 'dingtalk', eventId, what: kind.what, ids: list, removed: kind.removed };
}
