/**
 * WeCom `change_contact` events (contacts.md §1.6; path/90970, 90971) → a DirectoryChange. Pure.
 * Only the ids are used: callbacks set up after 2022-08-15 carry nothing but UserID/Department (members) or
 * Id/ParentId (departments), so the directory re-fetches each id through the API. Events have no id of
 * their own; a redelivery repeats CreateTime, so corp + CreateTime + ChangeType + id is the dedupe key.
 */
import type { DirectoryChange } from '../../core/ports/platform-lookup.js';
import type { WireMessage } from './wire.js';

const USER: Readonly<Record<string, boolean>> = { create_user: false, update_user: false, delete_user: true };
const PARTY: Readonly<Record<string, boolean>> = { create_party: false, update_party: false, delete_party: true };

/** The change an event reports; undefined for other events and for change types we do not use (tags). */
export function contactChangeOf(m: WireMessage): DirectoryChange | undefined {
  if (m.MsgType !== 'event' || m.Event !== 'change_contact' || !m.ChangeType) return undefined;
  const eventId = ['cc', m.ToUserName, m.CreateTime, m.ChangeType, m.UserID ?? m.Id ?? ''].join(':');
  if (m.ChangeType in USER && m.UserID) {
    return {
      channel: 'wecom',
      eventId,
      what: 'user',
      ids: [m.UserID],
      removed: USER[m.ChangeType]!,
      ...(m.NewUserID && m.NewUserID !== m.UserID ? { newUserId: m.NewUserID } : {}),
    };
  }
  if (m.ChangeType in PARTY && m.Id) return { channel: 'wecom', eventId, what: 'department', ids: [m.Id], removed: PARTY[m.ChangeType]! };
  return undefined;
}
