/** Chat: `答题` (start/continue), answers to the current question, `错题`. */
import { type Handler, command, compose } from '../core/bot.js';
import { wrongBookText } from './format.js';
import type { QuizService } from './quiz-service.js';

/** Personal things stay in the 1:1 chat: in a group the bot points people there. */
export const PRIVATE_ONLY_HINT = '答题和个人成绩请私聊机器人：点击机器人头像发起单聊，发送“答题”。';

export const START_WORDS = ['答题', '开始答题', '今日答题', '开始', '每日答题', '继续', '继续答题'];

export function quizHandlers(quiz: QuizService): { commands: Handler; answer: Handler } {
  const start = command(START_WORDS, async (ctx) => {
    if (ctx.msg.conversation.kind === 'group') return ctx.reply(PRIVATE_ONLY_HINT);
    for (const r of await quiz.start(ctx.person!)) ctx.reply(r);
  });

  /** Text no command claimed may be an answer to the current question (or a card tap). Runs last. */
  const answer: Handler = async (ctx, next) => {
    if (ctx.msg.conversation.kind === 'group') return next();
    const { msg } = ctx;
    const result = await quiz.answer(ctx.person!, msg.text, msg.card?.questionRef, {
      messageKey: `${msg.channel}:${msg.messageId}`,
      channel: msg.channel,
      sentAt: msg.sentAt,
      receivedAt: msg.receivedAt,
    });
    if (result.kind === 'graded' || result.kind === 'done') {
      for (const r of result.replies) ctx.reply(r);
    } else if (result.kind === 'not-an-answer') {
      ctx.reply(`没有看懂您的回答。当前题目：\n${result.hint}`);
    } else {
      await next();
    }
  };

  const wrongBook = command(['错题', '错题本', '我的错题'], async (ctx) => {
    if (ctx.msg.conversation.kind === 'group') return ctx.reply(PRIVATE_ONLY_HINT);
    ctx.reply(wrongBookText(await quiz.wrongBook(ctx.person!, 5)));
  });

  return { commands: compose([start, wrongBook]), answer };
}
