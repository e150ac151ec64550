/**
 * Chat texts of the quiz (Simplified Chinese). Pure: data in, strings out.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { OPTION_LETTERS, TYPE_LABELS } from '../bank/question-schema.js';
import type { QuestionCard } from '../core/message.js';
import type { QuizDay } from '../core/quiz-day.js';
import { toDisplayLetters } from './grade.js';

/** 《行政处罚法》第三十六条第一款 */
export function citation(q: LoadedQuestion): string {
  const [first, ...rest] = q.basis.articles;
  const para = q.basis.paragraph ? `第${'一二三四五六七八九十'[q.basis.paragraph - 1] ?? q.basis.paragraph}款` : '';
  return `《${q.basis.law}》${first}${para}${rest.length ? `、${rest.join('、')}` : ''}`;
}

export function howToAnswer(q: LoadedQuestion): string {
  if (q.type === 'judge') return '请回复“对”或“错”作答。';
  if (q.type === 'multiple') return '请回复全部正确选项的字母，如 AC（多选题全部选对才得分）。';
  return '请回复选项字母作答，如 B。';
}

/** The options as the person sees them (shuffled by `order`). */
export function displayedOptions(q: LoadedQuestion, order: readonly number[]): Array<{ key: string; text: string }> {
  if (q.type === 'judge')
    return [
      { key: 'A', text: '对' },
      { key: 'B', text: '错' },
    ];
  return order.map((bankIndex, i) => ({ key: OPTION_LETTERS[i]!, text: q.options![bankIndex]! }));
}

/** The heading of a daily question; a review (复习题) says so. */
function heading(index: number, total: number, review: boolean | undefined): string {
  return `今日答题 ${index + 1}/${total}${review ? ' · 复习题' : ''}`;
}

export function questionText(q: LoadedQuestion, order: readonly number[], index: number, total: number, review?: boolean): string {
  const lines = [`【${heading(index, total, review)}】${TYPE_LABELS[q.type]}`, ...(review ? ['（您之前答错过这道题，再练一次）'] : []), q.stem];
  if (q.type !== 'judge') for (const o of displayedOptions(q, order)) lines.push(`${o.key}. ${o.text}`);
  lines.push(howToAnswer(q));
  return lines.join('\n');
}

export function questionCard(ref: string, q: LoadedQuestion, order: readonly number[], index: number, total: number, review?: boolean): QuestionCard {
  return {
    ref,
    title: `${heading(index, total, review)} · ${TYPE_LABELS[q.type]}`,
    stem: q.stem,
    kind: q.type,
    options: displayedOptions(q, order),
  };
}

/** The correct answer as the person saw it: 'B', 'AC' or '对'. */
export function displayedAnswer(q: LoadedQuestion, order: readonly number[]): string {
  return q.type === 'judge' ? q.answer : toDisplayLetters(q.answer, order);
}

export function resultText(q: LoadedQuestion, order: readonly number[], correct: boolean): string {
  const verdict = correct ? '✅ 回答正确！' : `❌ 回答错误。正确答案：${displayedAnswer(q, order)}`;
  return [verdict, `解析：${q.explanation}`, `依据：${citation(q)}`].join('\n');
}

/** A wrong answer to review, with the option order the person saw. */
export interface ReviewItem {
  readonly q: LoadedQuestion;
  readonly order: readonly number[];
  /** What the person chose, in the bank's letters ('' when nothing was chosen). */
  readonly chosen: string;
  readonly day: QuizDay;
}

/** What the person chose, as they saw it: their own letters ('B', 'AC') or 对/错. */
export function displayedChoice(q: LoadedQuestion, order: readonly number[], chosen: string): string {
  if (!chosen) return '未作答';
  return q.type === 'judge' ? chosen : toDisplayLetters(chosen, order);
}

/** `错题`: each wrong question as the person saw it (their option order and letters), the right answer and its basis. */
export function wrongBookText(items: readonly ReviewItem[]): string {
  if (items.length === 0) return '暂无错题，继续保持！';
  const lines = [`【我的错题】（最近 ${items.length} 道）`];
  items.forEach(({ q, order, chosen, day }, i) => {
    lines.push(`${i + 1}. 【${day} · ${TYPE_LABELS[q.type]}】${q.stem}`);
    if (q.type !== 'judge') for (const o of displayedOptions(q, order)) lines.push(`   ${o.key}. ${o.text}`);
    lines.push(
      `   您的答案：${displayedChoice(q, order, chosen)}`,
      `   正确答案：${displayedAnswer(q, order)}`,
      `   解析：${q.explanation}`,
      `   依据：${citation(q)}`,
    );
  });
  return lines.join('\n');
}

export interface Summary {
  readonly correct: number;
  readonly total: number;
  readonly points: number;
  readonly streak: number;
  readonly monthPoints: number;
  readonly rank?: { readonly place: number; readonly of: number; readonly department: string };
}

export function summaryText(s: Summary): string {
  const lines = ['🎉 今日答题完成！', `今日成绩：答对 ${s.correct}/${s.total} 题，积分 +${s.points}`, `连续学习：${s.streak} 天`, `本月积分：${s.monthPoints}`];
  if (s.rank) lines.push(`部门排名：${s.rank.department} 第 ${s.rank.place} 名（共 ${s.rank.of} 人）`);
  lines.push('发送“错题”复习做错的题，发送“排行榜”查看各部门参学情况。');
  return lines.join('\n');
}
