/** Chat: `复习` (due reviews now), answers to the open 复习 sitting; `答题` leaves the sitting first. */
import { type Handler, command, compose } from '../core/bot.js';
import { PRIVATE_ONLY_HINT, START_WORDS } from './handlers.js';
import type { ReviewService } from './review-service.js';

export const REVIEW_WORDS = ['复习', '开始复习', '错题复习', '继续复习'];

export function reviewHandlers(review: ReviewService): { commands: Handler; answer: Handler } {
  const start = command(REVIEW_WORDS, async (ctx) => {
    if (ctx.msg.conversation.kind === 'group') return ctx.reply(PRIVATE_ONLY_HINT);
    for (const r of await review.start(ctx.person!)) ctx.reply(r);
  });

  /** `答题` turns to the daily quiz: an open sitting is left (its reviews stay due), then the quiz handler runs. */
  const leaveForQuiz = command(START_WORDS, async (ctx, next) => {
    if (ctx.msg.conversation.kind === 'direct') await review.leave(ctx.person!);
    await next();
  });

  /** Text no command claimed answers the open sitting's question first; otherwise the daily quiz's. */
  const answer: Handler = async (ctx, next) => {
    if (ctx.msg.conversation.kind === 'group') return next();
    const result = await review.answer(ctx.person!, ctx.msg.text, ctx.msg.card?.questionRef, ctx.msg.messageId);
    if (result.kind === 'graded') {
      for (const r of result.replies) ctx.reply(r);
    } else if (result.kind === 'not-an-answer') {
      ctx.reply(`没有看懂您的回答。当前复习题：\n${result.hint}`);
    } else {
      await next();
    }
  };

  return { commands: compose([start, leaveForQuiz]), answer };
}
