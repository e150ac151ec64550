/**
 * `npm run pufa -- inbox`: the messages the bot accepted and has not finished: pending (being handled, or
 * waiting for the next start) and parked (failed twice; kept with the error, never retried by themselves).
 * `inbox retry <id>` handles a parked message again now (its replies go to the person); `inbox drop <id>`
 * removes it for good. Runs inside the running server when there is one (over the control socket).
 */
import type { Config } from '../../config/load.js';
import type { Deps } from '../../deps.js';
import type { InboxEntry } from '../../store/store.js';
import type { CommandIO, CommandSpec, ParsedArgs } from '../commands.js';

const USAGE = 'inbox [retry|drop <id>]';

const idOf = (e: InboxEntry) => `${e.message.channel}:${e.message.messageId}`;

function when(d: Date, config: Config): string {
  return d.toLocaleString('zh-CN', { timeZone: config.timeZone, hour12: false });
}

function oneLine(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Finds an entry by `channel:messageId` or by a message id that only one entry has. */
function find(entries: readonly InboxEntry[], id: string): InboxEntry | InboxEntry[] | undefined {
  const exact = entries.find((e) => idOf(e) === id);
  if (exact) return exact;
  const matches = entries.filter((e) => e.message.messageId === id);
  return matches.length === 1 ? matches[0] : matches.length > 1 ? matches : undefined;
}

function list(entries: readonly InboxEntry[], config: Config, io: CommandIO): number {
  const parked = entries.filter((e) => e.state === 'parked');
  const pending = entries.filter((e) => e.state === 'pending');
  if (entries.length === 0) {
    io.out('收件箱为空：没有待处理或已搁置的消息。');
    return 0;
  }
  io.out(`收件箱：已搁置 ${parked.length} 条，待处理 ${pending.length} 条`);
  for (const e of [...parked, ...pending]) {
    const who = e.message.sender.name ? `${e.message.sender.name}（${e.message.sender.userId}）` : e.message.sender.userId;
    io.out(`[${e.state === 'parked' ? '已搁置' : '待处理'}] ${idOf(e)}  ${who}  收到于 ${when(e.receivedAt, config)}  已尝试 ${e.attempts} 次`);
    io.out(`    内容：${oneLine(e.message.text)}`);
    if (e.error) io.out(`    错误：${e.error}（搁置于 ${when(e.parkedAt!, config)}）`);
  }
  if (parked.length > 0) io.out('处理已搁置的消息：inbox retry <编号> 重新处理（回复会发给本人），inbox drop <编号> 删除。');
  return 0;
}

async function act(verb: 'retry' | 'drop', id: string, deps: Deps, io: CommandIO): Promise<number> {
  const found = find(await deps.store.inbox(), id);
  if (Array.isArray(found)) {
    io.out(`编号 ${id} 对应多条消息，请写完整编号：${found.map(idOf).join('、')}`);
    return 2;
  }
  if (!found) {
    io.out(`收件箱里没有编号为 ${id} 的消息（发送 inbox 查看列表）。`);
    return 1;
  }
  if (found.state !== 'parked') {
    io.out(`${idOf(found)} 正在等待处理（未搁置），不能${verb === 'drop' ? '删除' : '重试'}。`);
    return 1;
  }
  const { channel, messageId } = found.message;
  if (verb === 'drop') {
    await deps.store.finishMessage(channel, messageId);
    io.out(`已删除 ${idOf(found)}：不会再处理，平台重发同一条消息也不会再处理。`);
    return 0;
  }
  const result = await deps.dispatcher.retry(channel, messageId);
  if (!result) {
    io.out(`${idOf(found)} 已不在搁置状态。`);
    return 1;
  }
  await deps.sendLater(result.message, result.replies);
  const after = (await deps.store.inbox()).find((e) => idOf(e) === idOf(found));
  if (after?.state === 'parked') {
    io.out(`${idOf(found)} 重新处理仍然失败，已再次搁置：${after.error ?? ''}`);
    return 1;
  }
  io.out(`已重新处理 ${idOf(found)}，${result.replies.length} 条回复已发给本人。`);
  return 0;
}

export const inboxCommand: CommandSpec = {
  usage: USAGE,
  summary: '收件箱：列出已搁置（处理失败两次）和待处理的消息；retry 重新处理，drop 删除 (list, retry or drop parked messages)',
  needsStore: true,
  async run(args: ParsedArgs, { config, deps, io }) {
    const [verb, id] = args.positional;
    if (verb === undefined) return list(await deps!.store.inbox(), config, io);
    if ((verb === 'retry' || verb === 'drop') && id) return act(verb, id, deps!, io);
    io.out(`用法：npm run pufa -- ${USAGE}`);
    return 2;
  },
};
