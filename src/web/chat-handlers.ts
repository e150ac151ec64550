/**
 * Chat: `后台` — a one-time link to the web pages for admins and leaders (web-signin.md §3.4): valid 10
 * minutes, used once, sent only in a 1:1 chat (it signs the holder in as the sender).
 */
import { type Handler, command } from '../core/bot.js';
import { isAppError } from '../core/errors.js';
import type { AuthService } from './auth/auth-service.js';

export const WEB_LINK_WORDS = ['后台', '网页后台', '管理后台', '登录后台'];

export function webHandlers(auth: AuthService): Handler {
  return command(WEB_LINK_WORDS, async (ctx) => {
    const person = ctx.person!;
    if (!person.roles.includes('admin') && !person.roles.includes('leader')) {
      return ctx.reply('网页后台仅供部门领导和管理员使用。发送“我的”查看个人学习情况。');
    }
    if (ctx.msg.conversation.kind === 'group') return ctx.reply('登录链接只能私聊发送，请私聊机器人发送“后台”。');
    try {
      const { url } = await auth.issueLink(person, 'chat');
      ctx.reply(
        `网页后台登录链接（10 分钟内有效，只能使用一次，请勿转发）：\n${url}\n在电脑浏览器中打开，点击“确认登录”即可。在企业微信或钉钉工作台中打开“普法答题”应用可直接进入，不需要链接。`,
      );
    } catch (err) {
      if (isAppError(err, 'auth.rate_limited')) return ctx.reply('获取登录链接过于频繁（每小时最多 5 次），请稍后再试。');
      throw err;
    }
  });
}
