/**
 * The WeCom Sender: what the bot, the scheduler and broadcasts use without knowing it is WeCom.
 * Destinations: `user` (a userid) → message/send; `session` `card|<userid>|<code>` (a card tap) → a
 * card-result updates the tapped card with update_template_card, falling back to text; `group` `robot` →
 * the group robot; any other `group` id → a department (toparty). Questions go as template cards when
 * cards are on, else as text. Sends to one member are paced within WeCom's 30/min cap.
 */
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { Destination, OutboundMessage } from '../../core/message.js';
import type { Sender } from '../../core/ports/sender.js';
import { createRandomPool } from '../random-pool.js';
import { renderResultCard, resultTaskId } from './cards.js';
import type { Sleep } from './http.js';
import { parseCardSession } from './inbound.js';
import type { WecomMessages } from './messages.js';
import { toContents } from './outbound.js';
import { createRateWindow } from './rate-window.js';
import type { WecomRobot } from './robot.js';

/** The Destination of the group robot. */
export const ROBOT_DESTINATION: Destination = { channel: 'wecom', kind: 'group', id: 'robot' };
/** WeCom drops app messages beyond 30 a minute to one member, silently (path/90236). */
const PER_MEMBER_PER_MINUTE = 30;

/** The WeCom Sender (scheduled pushes use the BulkSender in bulk-sender.ts). */
export type WecomSender = Sender;

/** The endpoints, the robot, the cards setting and injectable I/O. */
export interface WecomSenderOptions {
  readonly messages: WecomMessages;
  readonly robot?: WecomRobot;
  readonly cards: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep: Sleep;
  /** Letters/digits making task_ids unique (tests inject a counter). */
  readonly uniqueId?: () => string;
}

/** Creates the Sender. */
export function createWecomSender(o: WecomSenderOptions): WecomSender {
  const pool = createRandomPool(1024);
  const uniqueId = o.uniqueId ?? (() => `${o.clock.now().getTime().toString(36)}${pool(4).toString('hex')}`);
  const perMember = createRateWindow({ limit: PER_MEMBER_PER_MINUTE, windowMs: 60_000, clock: o.clock, sleep: o.sleep });

  const contents = (m: OutboundMessage) => toContents(m, o.cards, uniqueId);

  async function toMember(userId: string, m: OutboundMessage): Promise<void> {
    for (const c of contents(m)) {
      await perMember.take(userId);
      await o.messages.send({ users: [userId] }, c);
    }
  }

  async function cardResult(userId: string, responseCode: string, m: Extract<OutboundMessage, { kind: 'card-result' }>): Promise<void> {
    try {
      await o.messages.updateTemplateCard([userId], responseCode, renderResultCard(m, resultTaskId(uniqueId())));
    } catch (err) {
      o.logger.warn('WeCom card update failed; sending the result as text', { userId, err });
      await toMember(userId, { kind: 'text', text: m.text });
    }
  }

  return {
    channel: 'wecom',
    async send(to, m) {
      if (to.channel !== 'wecom') throw new Error(`WeCom sender got a ${to.channel} destination`);
      if (to.kind === 'user') return toMember(to.id, m);
      if (to.kind === 'session') {
        const s = parseCardSession(to.id);
        if (!s) throw new Error(`unknown WeCom session destination ${to.id}`);
        return m.kind === 'card-result' ? cardResult(s.userId, s.responseCode, m) : toMember(s.userId, m);
      }
      if (to.id === ROBOT_DESTINATION.id) {
        if (!o.robot) throw new Error('no WeCom group robot configured (WECOM_WEBHOOK_KEY)');
        return o.robot.send(m);
      }
      for (const c of contents(m)) await o.messages.send({ parties: [to.id] }, c);
    },
  };
}
