/** Chat: resolve the sender, and `绑定 <部门>` for people no platform lookup could place. */
import { type Handler, command, compose } from '../core/bot.js';
import type { DirectoryService } from './directory-service.js';

const BIND_WORDS = ['绑定', '绑定部门'];
const OPEN_WORDS = ['帮助', 'help', '?', '？', '菜单'];

/** Told once to someone placed in 未分组 (no department could be found and none exists to choose from). */
export const UNASSIGNED_NOTICE = '您好！系统暂未找到您所在的部门，已将您暂时编入“未分组”，管理员会为您分配部门。现在就可以发送“答题”开始学习。';

export function directoryHandlers(directory: DirectoryService): Handler {
  const choicesText = async () => (await directory.choices()).map((d) => d.name).join('、');

  const resolvePerson: Handler = async (ctx, next) => {
    const r = await directory.resolve(ctx.msg.channel, ctx.msg.sender.userId, ctx.msg.sender.name);
    ctx.person = r.person;
    if (r.unassigned) ctx.reply(UNASSIGNED_NOTICE);
    await next();
  };

  const bind = command(BIND_WORDS, async (ctx) => {
    const list = await choicesText();
    if (!list) {
      ctx.reply('目前还没有可选择的部门，管理员会为您分配部门。');
      return;
    }
    if (!ctx.args) {
      ctx.reply(`请回复“绑定 部门名称”，例如：绑定 法制科\n现有部门：${list}`);
      return;
    }
    const result = await directory.bind(ctx.person!, ctx.args);
    if (!result.ok) {
      ctx.reply(`没有找到部门“${ctx.args}”。请从以下部门中选择：${list}`);
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
