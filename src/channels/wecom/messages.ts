/**
 * The message endpoints (wecom.md §3): `message/send` (≤1000 users per call, reading invaliduser;
 * `enable_duplicate_check` for scheduled pushes) and `message/update_template_card` (single-use response_code).
 * Batching over 1000 users is the BulkSender's job (bulk-sender.ts).
 */
import type { Logger } from '../../core/log.js';
import { isAppError } from '../../core/errors.js';
import type { WecomApi } from './api.js';
import type { TemplateCard } from './cards.js';

/** The msgtype-specific part of a message/send body. */
export type MessageContent =
  | { readonly msgtype: 'text'; readonly text: { readonly content: string } }
  | { readonly msgtype: 'markdown'; readonly markdown: { readonly content: string } }
  | { readonly msgtype: 'template_card'; readonly template_card: TemplateCard };

/** Options of a message/send call. */
export interface SendOptions {
  /** `enable_duplicate_check`: an identical request within the interval is not delivered twice. */
  readonly duplicateCheck?: boolean;
  /** `duplicate_check_interval` in seconds (default 1800, WeCom's max is 4 h). */
  readonly duplicateCheckIntervalS?: number;
}

/** What message/send reported back. */
export interface SendResult {
  readonly invalidUsers: readonly string[];
  readonly invalidParties: readonly string[];
  readonly msgId?: string;
  readonly responseCode?: string;
}

/** WeCom's cap on `touser` per call. */
export const MAX_USERS_PER_CALL = 1000;
const MAX_PARTIES_PER_CALL = 100;

const split = (v: unknown) => (typeof v === 'string' ? v.split('|').filter(Boolean) : []);

/** Creates the message endpoints over an API client. */
export function createWecomMessages(api: WecomApi, agentId: number, logger: Logger) {
  /** One message/send call (≤1000 users, ≤100 departments). Throws platform.* on failure. */
  async function send(to: { users?: readonly string[]; parties?: readonly string[] }, content: MessageContent, o: SendOptions = {}): Promise<SendResult> {
    const users = to.users ?? [];
    const parties = to.parties ?? [];
    if (users.length > MAX_USERS_PER_CALL || parties.length > MAX_PARTIES_PER_CALL) throw new RangeError('too many recipients for one message/send call');
    try {
      const json = await api.call('POST', 'message/send', {
        body: {
          ...(users.length ? { touser: users.join('|') } : {}),
          ...(parties.length ? { toparty: parties.join('|') } : {}),
          agentid: agentId,
          ...content,
          ...(o.duplicateCheck ? { enable_duplicate_check: 1, duplicate_check_interval: o.duplicateCheckIntervalS ?? 1800 } : {}),
        },
      });
      const result: SendResult = {
        invalidUsers: split(json.invaliduser),
        invalidParties: split(json.invalidparty),
        msgId: typeof json.msgid === 'string' ? json.msgid : undefined,
        responseCode: typeof json.response_code === 'string' ? json.response_code : undefined,
      };
      if (result.invalidUsers.length || result.invalidParties.length) {
        logger.warn("WeCom did not deliver to some recipients (not members, or outside the app's 可见范围)", {
          invalidUsers: result.invalidUsers,
          invalidParties: result.invalidParties,
        });
      }
      return result;
    } catch (err) {
      // 81013: every recipient is invalid. The send itself is well-formed: report them, don't fail.
      if (isAppError(err, 'platform.api_error') && err.details.errcode === 81013) {
        logger.warn('WeCom rejected every recipient (81013)', { users: users.length, parties: parties.length });
        return { invalidUsers: users, invalidParties: parties };
      }
      throw err;
    }
  }

  /** Replaces the card a user tapped (response_code from the callback; usable once, within 24–72 h). */
  async function updateTemplateCard(userIds: readonly string[], responseCode: string, card: TemplateCard): Promise<void> {
    await api.call('POST', 'message/update_template_card', {
      body: { userids: userIds, atall: 0, agentid: agentId, response_code: responseCode, template_card: card },
    });
  }

  /** message/recall: takes back a message sent by message/send (its msgid), within 24 hours of sending. */
  async function recall(msgId: string): Promise<void> {
    await api.call('POST', 'message/recall', { body: { msgid: msgId } });
  }

  return { send, updateTemplateCard, recall };
}

/** The message endpoints. */
export type WecomMessages = ReturnType<typeof createWecomMessages>;
