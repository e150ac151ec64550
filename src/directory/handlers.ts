/** Chat: resolve the sender, and `绑定 <部门>` for people the roster does not know yet. */
import { type Handler, command, compose } from '../core/bot.js';
import { studyAccess } from '../core/membership.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Person } from '../store/model.js';
import type { DirectoryService } from './directory-service.js';
import type { Store } from '../store/store.js';

const BIND_WORDS = ['绑定', '绑定部门'];
const OPEN_WORDS = ['帮助', 'help', '?', '？', '菜单'];

/**
 * The reply to someone no longer in the study list (left, or dropped by a roster import): in Chinese, what
 * happened, that nothing is recorded, and whom to ask. In a group the leaving date is left out.
 */
export function notInStudyListText(
  person: Person,
  since: QuizDay | undefined,
  admins: ReadonlyArray<{ name: string; department?: string }>,
  inGroup: boolean,
): string {
  const when = since && !inGroup ? `自 ${since} 起` : '';
  const ask =
    admins.length > 0
      ? `请联系本单位管理员：${admins.map((a) => (a.department ? `${a.name}（${a.department}）` : a.name)).join('、')}。`
      : '请联系本单位负责普法学习名单的管理员。';
  return `${person.name}，您好：您的账号${when}已不在普法学习名单中（离职或已停用），不能再答题、查看成绩或参加考试，本条消息不作记录。如您仍在岗或名单有误，${ask}`;
}

export function directoryHandlers(directory: DirectoryService, store: Store): Handler {
  const choicesText = async () => (await store.listDepartments()).map((d) => d.name).join('、') || '（暂无部门，请联系管理员导入名单）';

  /** Resolves the sender; someone no longer in the study list is told so and whom to ask, and nothing else happens. */
  const resolvePerson: Handler = async (ctx, next) => {
    const person = await directory.resolve(ctx.msg.channel, ctx.msg.sender.userId, ctx.msg.sender.name);
    const access = studyAccess(person);
    if (!access.allowed) {
      const text = notInStudyListText(person, access.since, await directory.adminsFor(person), ctx.msg.conversation.kind === 'group');
      const tap = ctx.msg.card;
      ctx.reply(tap ? { kind: 'card-result', text, questionRef: tap.questionRef, verdict: '⛔ 账号已不在学习名单' } : { kind: 'text', text });
      return;
    }
    ctx.person = person;
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
