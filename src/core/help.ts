/** `帮助` and the fallback for text nobody understood: never silence. */
import { type Handler, command } from './bot.js';

export const HELP_TEXT = [
  '【普法答题机器人 · 使用帮助】',
  '答题 —— 开始或继续今日答题（每天 5 题，答完即时讲解）',
  '作答 —— 单选回复 B；多选回复 AC 或 A,C；判断回复 对/错',
  '我的 —— 个人学习情况（连续天数、积分、部门排名）',
  '排行榜 —— 部门参学排行（可加 本周/本月/本季度/本年）',
  '错题 —— 查看最近做错的题和解析',
  '学习 —— 今日学习内容（每日一学：法条原文或学习专题）',
  '考试 —— 参加或继续年度学法考试（30 题以内可在聊天中作答；“第N题”修改答案，“交卷”提交）',
  '考试成绩 / 证书 —— 查看考试成绩和解析、合格证书',
  '绑定 部门名称 —— 绑定所在部门',
  '参学率 / 未学名单 —— 部门领导和管理员查看本单位学习情况',
  '薄弱法条 —— 部门领导和管理员查看本单位最易错的法律条文（精准普法）',
  '考试情况 / 考试提醒 —— 部门领导和管理员查看参考率、通过率和未参考名单，提醒未参考人员',
  '发布 / 学习计划 / 推送 / 提醒 —— 管理员推送学习专题、安排计划、立即推送或提醒',
].join('\n');

export const help: Handler = command(['帮助', 'help', '?', '？', '菜单', '说明'], async (ctx) => {
  ctx.reply(HELP_TEXT);
});

export const fallback: Handler = async (ctx) => {
  const looksLikeAnswer = /^[A-Ha-hＡ-Ｈａ-ｈ,，、 ]{1,15}$|^(对|错|√|×|正确|错误)$/.test(ctx.msg.text.trim());
  ctx.reply(looksLikeAnswer ? '您今天还没有开始答题。发送“答题”开始今日答题。' : '没有看懂这条消息。发送“答题”开始今日答题，发送“帮助”查看全部指令。');
};
