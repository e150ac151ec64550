/**
 * Chat: resolve the sender (before anything else, in deps.ts), then within the sender's world `绑定 <部门>`
 * for people the roster does not know yet, who are asked to bind a department before anything but help.
 */
import { type Handler, command, compose } from '../core/bot.js';
import type { DirectoryService } from './directory-service.js';
import type { Store } from '../store/store.js';

const BIND_WORDS = ['绑定', '绑定部门'];
const OPEN_WORDS = ['帮助', 'help', '?', '？', '菜单'];

/** Sets ctx.person: the person behind the message, created on first contact by the directory `directoryFor` picks. */
export function resolveHandler(directoryFor: (channel: string) => DirectoryService): Handler {
  return async (ctx, next) => {
    ctx.person = await directoryFor(ctx.msg.channel).resolve(ctx.msg.channel, ctx.msg.sender.userId, ctx.msg.sender.name);
    await next();
  };
}

/** `绑定` and the request to bind, over the departments of `store` (the sender's world). */
export function departmentHandlers(directory: DirectoryService, store: Store): Handler {
  const choicesText = async () => (await store.listDepartments()).map((d) => d.name).join('、') || '（暂无部门，请联系管理员导入名单）';

  const bind = command(BIND_WORDS, async (ctx) => {
    if (!ctx.args) {
      ctx.reply(`请回复“绑定 部门名称”，例如：绑定 法制科\n现有部门：${await choicesText()}`);
      return;
    }
    const result = await directory.bind(ctx.person!, ctx.args);
    if (!result.ok) {
      ctx.reply(`没有找到部门“${ctx.args}”。请从以下部门中选择：${await choicesText()}`);
      return;
    }
    ctx.person = result.person;
    ctx.reply(`已绑定部门：${result.department.name}。发送“答题”开始今日答题。`);
  });

  /** People without a department are asked to bind one before anything but help. */
  const requireDepartment: Handler = async (ctx, next) => {
    if (ctx.person?.departmentId || OPEN_WORDS.includes(ctx.command.toLowerCase())) return next();
    ctx.reply(`您好，${ctx.person?.name ?? ''}！请先绑定所在部门：回复“绑定 部门名称”，例如：绑定 法制科\n现有部门：${await choicesText()}`);
  };

  return compose([bind, requireDepartment]);
}
