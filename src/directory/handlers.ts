/**
 * Chat: resolve the sender (before anything else, in deps.ts: refusing anyone no longer in the study list), then
 * within the sender's world `绑定 <部门>` for people no platform lookup could place, who are asked to bind a
 * department before anything but help.
 */
import { type Handler, command, compose } from '../core/bot.js';
import { studyAccess } from '../core/membership.js';
import type { QuizDay } from '../core/quiz-day.js';
import type { Person } from '../store/model.js';
import type { DirectoryService } from './directory-service.js';

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

/** Told once to someone placed in 未分组 (no department could be found and none exists to choose from). */
export const UNASSIGNED_NOTICE = '您好！系统暂未找到您所在的部门，已将您暂时编入“未分组”，管理员会为您分配部门。现在就可以发送“答题”开始学习。';

/**
 * Sets ctx.person: the person behind the message, created on first contact by the directory `directoryFor` picks
 * for the channel; `worldOf` is the directory of the person's own world (demo or real).
 * Someone no longer in the study list is told so and whom to ask, and nothing else happens.
 */
export function resolveHandler(directoryFor: (channel: string) => DirectoryService, worldOf: (person: Person) => DirectoryService): Handler {
  return async (ctx, next) => {
    const r = await directoryFor(ctx.msg.channel).resolve(ctx.msg.channel, ctx.msg.sender.userId, ctx.msg.sender.name);
    const person = r.person;
    const access = studyAccess(person);
    if (!access.allowed) {
      // Whom to ask is found in the person's own world (a roster person may write through the playground).
      const admins = await worldOf(person).adminsFor(person);
      const text = notInStudyListText(person, access.since, admins, ctx.msg.conversation.kind === 'group');
      const tap = ctx.msg.card;
      ctx.reply(tap ? { kind: 'card-result', text, questionRef: tap.questionRef, verdict: '⛔ 账号已不在学习名单' } : { kind: 'text', text });
      return;
    }
    ctx.person = person;
    if (r.unassigned) ctx.reply(UNASSIGNED_NOTICE);
    await next();
  };
}

/** `绑定` and the request to bind, over the departments of the sender's world. */
export function departmentHandlers(directory: DirectoryService): Handler {
  const choicesText = async () => (await directory.choices()).map((d) => d.name).join('、');

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

  return compose([bind, requireDepartment]);
}
