/** Chat: resolve the sender, and `绑定 <部门>` for people the roster does not know yet. */
import { type Handler, command, compose } from '../core/bot.js';
import type { DirectoryService } from './directory-service.js';
import type { Store } from '../store/store.js';

const BIND_WORDS = ['绑定', '绑定部门'];
const OPEN_WORDS = ['帮助', 'help', '?', '？', '菜单'];

export function directoryHandlers(directory: DirectoryService, store: Store): Handler {
  const choicesText = async () => (await store.listDepartments()).map((d) => d.name).join('、') || '（暂无部门，请联系管理员导入名单）';

  const resolvePerson: Handler = async (ctx, next) => {
    ctx.person = await directory.resolve(ctx.msg.channel, ctx.msg.sender.userId, ctx.msg.sender.name);
    await next();
  };

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

  return compose([resolvePerson, bind, requireDepartment]);
}
