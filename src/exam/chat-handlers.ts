/**
 * Chat: `考试`, answers while a chat exam runs, `第N题`, `交卷`/`确认交卷`, `考试成绩`, `证书`; for leaders and
 * admins `考试情况` (参考率 and 通过率 of their units, 未参考名单) and `考试提醒` (the exam-remind job for their
 * scope). While a chat exam runs, `答题` waits until it is submitted, so typed answers always reach the exam.
 */
import { type Handler, command, compose } from '../core/bot.js';
import type { OutboundMessage } from '../core/message.js';
import { START_WORDS } from '../quiz/handlers.js';
import type { JobRunner } from '../schedule/job-runner.js';
import type { StatsService } from '../stats/stats-service.js';
import { pct } from '../stats/format.js';
import type { Person } from '../core/model.js';
import type { ExamChat } from './exam-chat.js';
import { notTaken } from './exam-results.js';
import type { ExamReports } from './exam-reports.js';
import type { ExamService } from './exam-service.js';
import { isLive } from './rules.js';

const isLeader = (p: Person) => p.roles.includes('admin') || p.roles.includes('leader');
/** The exam and its results stay in the 1:1 chat. */
export const EXAM_PRIVATE_HINT = '考试和个人成绩请私聊机器人：点击机器人头像发起单聊，发送“考试”。';
const JUMP = /^第\s*(\d{1,3})\s*题$/;

export interface ExamHandlerDeps {
  readonly chat: ExamChat;
  readonly service: ExamService;
  readonly reports: ExamReports;
  readonly stats: Pick<StatsService, 'scopeOf' | 'today'>;
  readonly runner: JobRunner;
  /** The bot's public address, for certificate links (PUBLIC_URL); else the path is shown. */
  readonly publicUrl?: string;
  readonly now: () => Date;
}

/** `commands` go before the quiz's commands; `answer` before the quiz's answer handler. */
export function examHandlers(deps: ExamHandlerDeps): { commands: Handler; answer: Handler } {
  const { chat } = deps;
  const personal =
    (h: Handler): Handler =>
    async (ctx, next) =>
      ctx.msg.conversation.kind === 'group' ? ctx.reply(EXAM_PRIVATE_HINT) : h(ctx, next);
  const replyAll = (ctx: Parameters<Handler>[0], list: readonly OutboundMessage[]) => {
    for (const m of list) ctx.reply(m);
  };

  const start = command(
    ['考试', '开始考试', '继续考试', '年度考试'],
    personal(async (ctx) => replyAll(ctx, await chat.start(ctx.person!, ctx.args))),
  );
  const submit = command(
    ['交卷', '确认交卷'],
    personal(async (ctx) => replyAll(ctx, await chat.submit(ctx.person!, ctx.command === '确认交卷'))),
  );
  const results = command(
    ['考试成绩', '考试结果'],
    personal(async (ctx) => replyAll(ctx, await chat.results(ctx.person!))),
  );
  const quizWhileBusy = command(START_WORDS, async (ctx, next) => {
    if (ctx.msg.conversation.kind === 'direct' && (await chat.busy(ctx.person!)))
      return ctx.reply('您正在考试中，请先完成考试（发送“交卷”提交，发送“考试”回到当前题目）。');
    await next();
  });
  const jump: Handler = async (ctx, next) => {
    const m = JUMP.exec(ctx.msg.text.normalize('NFKC').trim());
    if (!m || ctx.msg.conversation.kind === 'group') return next();
    replyAll(ctx, await chat.jump(ctx.person!, Number(m[1])));
  };

  const certificate = command(
    ['证书', '合格证书'],
    personal(async (ctx) => {
      const lines: string[] = [];
      for (const exam of [...deps.service.cached()].reverse()) {
        const c = await deps.reports.certificateFor(exam.id, ctx.person!.id);
        if (c) lines.push(`《${c.examName}》合格证书（${c.score} 分，${c.passedOn}）\n验证码：${c.code}\n打印：${deps.publicUrl ?? ''}${c.verifyAt}/print`);
      }
      ctx.reply(lines.length > 0 ? lines.join('\n\n') : '您还没有通过的考试。发送“考试”参加考试。');
    }),
  );

  const overview = command(['考试情况', '参考率', '未参考名单', '未参考'], async (ctx) => {
    const person = ctx.person!;
    if (!isLeader(person)) return ctx.reply('考试情况仅供部门领导和管理员查看。发送“考试成绩”查看个人成绩。');
    if (ctx.msg.conversation.kind === 'group') return ctx.reply('未参考名单涉及个人信息，请私聊机器人查看。');
    const exams = deps.service.cached();
    const exam = ctx.args
      ? exams.find((e) => e.id === ctx.args || e.name.includes(ctx.args))
      : (exams.filter((e) => isLive(e, deps.now())).at(-1) ?? exams.at(-1));
    if (!exam) return ctx.reply(ctx.args ? `没有找到考试“${ctx.args}”。` : '还没有考试。');
    const scope = await deps.stats.scopeOf(person);
    const r = (await deps.reports.results(exam.id, person.roles.includes('admin') ? undefined : scope))!;
    const rows = r.summary
      .slice(0, 30)
      .map(
        (x) => `${x.label}：应考 ${x.expected}，参考 ${x.took}（${pct(x.tookRate)}），通过 ${x.passed}（${pct(x.passRate)}），平均 ${x.average.toFixed(1)} 分`,
      );
    const missing = notTaken(r.people, r.departments);
    const names = missing.slice(0, 100).map((p) => p.person.name);
    ctx.reply(
      [
        `【${exam.name}】考试情况（${person.roles.includes('admin') ? '全单位' : '您的管辖范围'}）`,
        ...rows,
        missing.length === 0 ? '\n未参考名单：无 👍' : `\n未参考名单（${missing.length} 人）：${names.join('、')}${missing.length > 100 ? ' 等' : ''}`,
        missing.length > 0 ? '发送“考试提醒”提醒他们（每人每天至多一次）。' : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });

  const remind = command(['考试提醒'], async (ctx) => {
    const person = ctx.person!;
    if (!isLeader(person)) return ctx.reply('仅管理员和部门领导可以发起考试提醒。');
    const scope = (await deps.stats.scopeOf(person)).people;
    const o = await deps.runner.run('exam-remind', deps.stats.today(), { scope });
    if (o.status === 'not-due') return ctx.reply('目前没有进行中的考试，不发送考试提醒。');
    if (o.status !== 'ran') return ctx.reply('今天不是学习日，不发送考试提醒。');
    if (o.sent === 0) return ctx.reply(`没有需要提醒的同事${o.skipped.alreadySent ? `（${o.skipped.alreadySent} 人今天已提醒过）` : ''}。`);
    ctx.reply(
      `已提醒 ${o.sent} 位未参考的同事${o.run.delivered === o.sent ? '，全部送达' : `，送达 ${o.run.delivered} 人`}${o.skipped.alreadySent ? `；${o.skipped.alreadySent} 人今天已提醒过` : ''}。`,
    );
  });

  const answer: Handler = async (ctx, next) => {
    if (ctx.msg.conversation.kind === 'group') return next();
    const replies = await chat.answer(ctx.person!, ctx.msg.text, ctx.msg.card?.questionRef);
    if (replies) replyAll(ctx, replies);
    else await next();
  };

  return { commands: compose([start, submit, results, quizWhileBusy, jump, certificate, overview, remind]), answer };
}
