/**
 * 发布 in the console: a preview (the resolved audience, the text with the cited statute articles; an article
 * the library does not have is an error here and cannot be confirmed), the confirmation (the same
 * study.publish as the chat's 发布: through the outbox), and the recall within 10 minutes: pending deliveries
 * are cancelled (settled as given up: 已撤回) and delivered ones recalled on the platforms that allow it
 * (WeCom message/recall, DingTalk robot batchRecall, the playground inbox). A channel without a recall is named
 * in the result. The recalled topic is marked so 学习 no longer shows it.
 */
import type { BulkSender } from '../../core/ports/sender.js';
import type { AdminStore, Publication } from '../../core/admin-store.js';
import type { Clock } from '../../core/clock.js';
import type { ChannelId } from '../../core/message.js';
import type { Person } from '../../core/model.js';
import type { Store } from '../../core/ports/store.js';
import type { StudyService } from '../../study/study-service.js';

/** How long after the confirmation a 发布 can be recalled. */
export const RECALL_WINDOW_MS = 10 * 60_000;

export interface PublishDraft {
  readonly title: string;
  readonly body: string;
  /** Department names and tracks (as after @ in the chat); empty = everyone. */
  readonly targets: readonly string[];
}

export interface RecallResult {
  readonly cancelled: number;
  readonly recalled: number;
  readonly failed: ReadonlyArray<{ channel: ChannelId; reason: string }>;
  /** Channels whose delivered messages cannot be recalled (no recall API). */
  readonly notRecallable: readonly ChannelId[];
}

export type PublishAnswer<T> = { ok: true; body: T } | { ok: false; status: number; code: string; message: string; details?: unknown };

export function createPublishConsole(deps: {
  study: StudyService;
  store: Pick<Store, 'pendingOutbox' | 'settleOutbox' | 'listTopics' | 'saveTopic'>;
  admin: AdminStore;
  senders: ReadonlyMap<ChannelId, BulkSender>;
  clock: Clock;
}) {
  async function preview(d: PublishDraft) {
    const targets = await deps.study.resolveTargets(d.targets);
    const p = await deps.study.preview(d.title, d.body, targets);
    const errors = [
      ...(d.title.trim() ? [] : ['缺少标题']),
      ...targets.unknown.map((n) => `没有找到部门或人员类别“${n}”`),
      ...p.missing.map((m) => `没有找到 ${m} 的条文`),
    ];
    return { ...p, unknownTargets: targets.unknown, errors };
  }

  async function confirm(admin: Person, d: PublishDraft): Promise<PublishAnswer<{ publication: Publication; reached: number }>> {
    const checked = await preview(d);
    if (checked.errors.length > 0)
      return { ok: false, status: 400, code: 'input.invalid', message: checked.errors.join('；'), details: { errors: checked.errors } };
    const targets = await deps.study.resolveTargets(d.targets);
    const { topic, reached } = await deps.study.publish(admin, d.title.trim(), d.body.trim(), targets);
    return { ok: true, body: { publication: (await deps.admin.getPublication(topic.id))!, reached } };
  }

  async function recall(admin: Person, id: string): Promise<PublishAnswer<{ publication: Publication; result: RecallResult }>> {
    const pub = await deps.admin.getPublication(id);
    if (!pub) return { ok: false, status: 404, code: 'input.invalid', message: '没有这条发布' };
    if (pub.recalledAt) return { ok: false, status: 409, code: 'publish.recalled', message: '这条发布已经撤回' };
    const now = deps.clock.now();
    if (now.getTime() - Date.parse(pub.createdAt) > RECALL_WINDOW_MS) {
      return { ok: false, status: 409, code: 'publish.too_late', message: '发布超过 10 分钟，不能再撤回' };
    }
    let cancelled = 0;
    for (const item of await deps.store.pendingOutbox()) {
      if (item.reason !== `topic:${pub.topicId}`) continue;
      await deps.store.settleOutbox({ id: item.id, sentAt: now.toISOString(), failed: '已撤回' });
      cancelled += item.to.kind === 'users' ? item.to.userIds.length : 1;
    }
    const byChannel = new Map<ChannelId, string[]>();
    for (const h of pub.handles) byChannel.set(h.channel, [...(byChannel.get(h.channel) ?? []), h.handle]);
    let recalled = 0;
    const failed: Array<{ channel: ChannelId; reason: string }> = [];
    const notRecallable: ChannelId[] = [];
    for (const [channel, handles] of byChannel) {
      const sender = deps.senders.get(channel);
      if (!sender?.recall) {
        notRecallable.push(channel);
        continue;
      }
      const r = await sender.recall(handles);
      recalled += r.recalled.length;
      for (const f of r.failed) failed.push({ channel, reason: f.reason });
    }
    // The topic itself: no longer the day's 学习 item.
    const topic = (await deps.store.listTopics()).find((t) => t.id === pub.topicId);
    if (topic) await deps.store.saveTopic({ ...topic, recalledAt: now.toISOString() });
    const result: RecallResult = { cancelled, recalled, failed, notRecallable };
    const updated: Publication = { ...pub, recalledAt: now.toISOString(), recalledBy: admin.id, recall: { ...result } };
    await deps.admin.savePublication(updated);
    return { ok: true, body: { publication: updated, result } };
  }

  /** The recent publications, each with whether it can still be recalled (by the server's clock). */
  async function list(limit = 50) {
    const now = deps.clock.now().getTime();
    return (await deps.admin.listPublications(limit)).map((p) => ({
      ...p,
      recallable: !p.recalledAt && now - Date.parse(p.createdAt) <= RECALL_WINDOW_MS,
    }));
  }

  return { preview, confirm, recall, list };
}

export type PublishConsole = ReturnType<typeof createPublishConsole>;
