/**
 * Chat texts of the exam (Simplified Chinese). Pure. Questions reuse the daily quiz's option display and card
 * shape; nothing here ever shows whether an answer is right before the attempt is submitted.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { TYPE_LABELS } from '../bank/question-schema.js';
import type { OutboundMessage, QuestionCard } from '../core/message.js';
import { displayedOptions } from '../quiz/format.js';
import { durationText, shortExamTime } from './date-time.js';
import type { Attempt, Exam, PaperItem } from './exam-model.js';
import { type AttemptSummary, type ReviewItem, shownAnswer } from './exam-views.js';

/** The ref of an exam question card: `x.<examId>.<attempt>.<index>` (short: it travels in a WeCom task_id). */
export function examCardRef(a: Pick<Attempt, 'examId' | 'n'>, index: number): string {
  return `x.${a.examId}.${a.n}.${index}`;
}

export function parseExamCardRef(ref: string): { examId: string; n: number; index: number } | undefined {
  const m = /^x\.(.+)\.(\d+)\.(\d+)$/.exec(ref);
  return m ? { examId: m[1]!, n: Number(m[2]), index: Number(m[3]) } : undefined;
}

const fmt = (x: number) => String(Math.round(x * 100) / 100);

function howToAnswer(item: PaperItem): string {
  if (item.type === 'judge') return '请回复“对”或“错”。';
  if (item.type === 'multiple') return '请回复全部正确选项的字母，如 AC。';
  return '请回复一个选项字母，如 B。';
}

/** A question of the paper, as text and as a tap-to-answer card (with the saved answer, if any). */
export function examQuestionMessage(a: Attempt, index: number, q: LoadedQuestion): OutboundMessage {
  const item = a.paper[index]!;
  const head = `考试 ${index + 1}/${a.paper.length} · ${TYPE_LABELS[item.type]}（${fmt(item.points)}分）`;
  const saved = shownAnswer(item, a.answers[index]);
  const lines = [`【${head}】`, q.stem];
  if (item.type !== 'judge') for (const o of displayedOptions(q, item.order)) lines.push(`${o.key}. ${o.text}`);
  lines.push(saved ? `已作答：${saved}（重新作答即可修改）` : howToAnswer(item));
  const card: QuestionCard = { ref: examCardRef(a, index), title: head, stem: q.stem, kind: item.type, options: displayedOptions(q, item.order) };
  return { kind: 'question', text: lines.join('\n'), card };
}

export function introText(exam: Exam, a: Attempt, deadline: string, timeZone: string, resumed: boolean): string {
  const answered = a.answers.filter(Boolean).length;
  if (resumed) return `继续考试《${exam.name}》：已答 ${answered}/${a.paper.length} 题，请在 ${shortExamTime(deadline, timeZone)} 前交卷。`;
  return [
    `【${exam.name}】第 ${a.n} 次作答`,
    `共 ${a.paper.length} 题，满分 ${fmt(exam.totalPoints)} 分，${fmt(exam.passMark)} 分及格；限时 ${exam.durationMinutes} 分钟，请在 ${shortExamTime(deadline, timeZone)} 前交卷，到时自动交卷。`,
    '每题作答后自动保存，考试中不显示对错。发送“第N题”跳到某题修改答案，发送“交卷”提交。',
  ].join('\n');
}

export function unansweredText(open: readonly number[]): string {
  const list = open.slice(0, 20).map((i) => `第 ${i + 1} 题`);
  return `${list.join('、')}${open.length > 20 ? ' 等' : ''}`;
}

/** After a person's answers are all given. */
export function allAnsweredText(a: Attempt, deadline: string, timeZone: string): string {
  return `全部 ${a.paper.length} 题已作答。发送“交卷”提交；发送“第N题”可修改答案（${shortExamTime(deadline, timeZone)} 到时自动交卷）。`;
}

export interface ResultInput {
  readonly exam: Exam;
  readonly last: AttemptSummary;
  readonly best: AttemptSummary | null;
  readonly attemptsLeft: number;
  readonly timedOut: boolean;
  readonly review: readonly ReviewItem[] | null;
  readonly reviewFrom: string | null;
  readonly timeZone: string;
}

/** The result after 交卷 (or at the deadline), then the questions answered wrong with the key and 解析, when allowed. */
export function resultMessages(r: ResultInput): OutboundMessage[] {
  const { exam, last } = r;
  const verdict = last.passed ? '✅ 通过' : '❌ 未通过';
  const lines = [
    r.timedOut ? `【考试时间到，已自动交卷】《${exam.name}》` : `【交卷成功】《${exam.name}》`,
    `得分：${fmt(last.score ?? 0)} 分（满分 ${fmt(exam.totalPoints)} 分，${fmt(exam.passMark)} 分及格）${verdict}`,
    `用时：${durationText((last.timeUsedSeconds ?? 0) * 1000)}；作答 ${last.answered}/${exam.questionCount} 题`,
  ];
  if (r.best && r.best.attempt !== last.attempt) lines.push(`最好成绩：${fmt(r.best.score ?? 0)} 分（第 ${r.best.attempt} 次）`);
  if (r.attemptsLeft > 0 && !(r.best?.passed ?? false)) lines.push(`还可再考 ${r.attemptsLeft} 次，发送“考试”再考（取最好成绩）。`);
  else if (r.attemptsLeft > 0) lines.push(`还可再考 ${r.attemptsLeft} 次（取最好成绩）。`);
  if (r.best?.passed) lines.push('发送“证书”查看合格证书。');
  if (r.reviewFrom) lines.push(`答案和解析将于考试结束（${shortExamTime(r.reviewFrom, r.timeZone)}）后公布，届时发送“考试成绩”查看。`);
  const out: OutboundMessage[] = [{ kind: 'text', text: lines.join('\n') }];
  if (r.review) out.push(...reviewMessages(r.review));
  return out;
}

/** The questions answered wrong (or not at all), with the key as the person saw it and the 解析, ~1,500 characters a message. */
export function reviewMessages(items: readonly ReviewItem[]): OutboundMessage[] {
  const wrong = items.filter((x) => x.earned < x.points);
  if (wrong.length === 0) return [{ kind: 'text', text: '全部答对，没有错题 👍' }];
  const blocks = wrong.map((x) =>
    [
      `${x.index + 1}. 【${x.typeLabel}】${x.stem}`,
      ...(x.type === 'judge' ? [] : x.options.map((o) => `   ${o.key}. ${o.text}`)),
      `   您的答案：${x.answer ?? '未作答'}；正确答案：${x.correctAnswer}${x.earned > 0 ? `（得 ${fmt(x.earned)} 分）` : ''}`,
      `   解析：${x.explanation}`,
      `   依据：${x.basis}`,
    ].join('\n'),
  );
  const out: OutboundMessage[] = [];
  let current = `【错题解析】共 ${wrong.length} 题`;
  for (const b of blocks) {
    if (current.length + b.length > 1500) {
      out.push({ kind: 'text', text: current });
      current = b;
    } else current += `\n${b}`;
  }
  out.push({ kind: 'text', text: current });
  return out;
}
