/**
 * Taking a short exam (≤ 30 questions) in chat: `考试` starts or resumes, answers are typed or tapped as in the
 * daily quiz and saved at once, `第N题` moves to a question, `交卷` submits (asking to confirm while questions are
 * open), `考试成绩` shows the result. Built on the exam service (the same attempts as the web page); where a
 * person stands is the first unanswered question unless they moved (kept per attempt in memory: after a restart
 * they simply continue at the first open one).
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import type { OutboundMessage } from '../core/message.js';
import type { Department, Person } from '../core/model.js';
import { audienceMatcher } from './audience.js';
import { allAnsweredText, examQuestionMessage, introText, parseExamCardRef, resultMessages, unansweredText } from './chat-format.js';
import type { Attempt, Exam } from './exam-model.js';
import { CHAT_MAX_QUESTIONS, type ExamService } from './exam-service.js';
import type { ExamStore } from './exam-store.js';
import { questionOf, shownAnswer, unansweredIndexes } from './exam-views.js';
import { effectiveDeadline, openWindow } from './rules.js';

export interface ExamChatDeps {
  readonly service: ExamService;
  readonly exams: ExamStore;
  readonly bank: { get(id: string): LoadedQuestion | undefined };
  readonly directory: { listDepartments(): Promise<readonly Department[]> };
  readonly timeZone: string;
  /** The web exam page, for exams too long for chat (EXAM_PAGE_URL). */
  readonly pageUrl?: string;
  readonly now: () => Date;
}

const text = (t: string): OutboundMessage => ({ kind: 'text', text: t });

export function createExamChat(deps: ExamChatDeps) {
  const { service, exams } = deps;
  /** Where each chat attempt stands, when the person moved away from the first open question. */
  const cursors = new Map<string, number>();
  const pageHint = deps.pageUrl ? `请在考试页面作答：${deps.pageUrl}` : '请在网页端考试页面作答（向管理员索取地址）。';

  /** The person's active attempt at a chat-sized exam, graded first if its time is up. */
  async function chatAttempt(person: Person): Promise<{ exam: Exam; attempt: Attempt } | { exam: Exam; timedOut: Attempt } | undefined> {
    for (const exam of service.cached()) {
      if (exam.questionCount > CHAT_MAX_QUESTIONS) continue;
      const active = (await exams.attemptsOf(exam.id, person.id)).find((a) => a.status === 'active');
      if (!active) continue;
      const now = await service.serial(person.id, () => service.settle(active, exam));
      return now.status === 'active' ? { exam, attempt: now } : { exam, timedOut: now };
    }
    return undefined;
  }

  function question(a: Attempt, index: number): OutboundMessage {
    return examQuestionMessage(a, index, questionOf(a.paper[index]!, deps.bank.get));
  }

  /** The question to show next: the cursor, else the first open one at or after `from` (wrapping). */
  function nextIndex(a: Attempt, from: number): number | undefined {
    const open = unansweredIndexes(a);
    return open.find((i) => i >= from) ?? open[0];
  }

  async function resultFor(person: Person, exam: Exam, timedOut: boolean): Promise<OutboundMessage[]> {
    const r = await service.result(person, exam.id);
    if (r.kind !== 'result') return [text(r.message)];
    const last = r.attempts.filter((x) => x.status !== 'active').at(-1);
    if (!last) return [text('您还没有交卷的作答。')];
    return resultMessages({
      exam,
      last,
      best: r.best,
      attemptsLeft: r.attemptsLeft,
      timedOut,
      review: r.review?.attempt === last.attempt ? r.review.items : null,
      reviewFrom: r.reviewFrom,
      timeZone: deps.timeZone,
    });
  }

  /** `考试 [序号|编号]`: starts or resumes. */
  async function start(person: Person, args: string): Promise<OutboundMessage[]> {
    const current = await chatAttempt(person);
    if (current && 'attempt' in current) {
      const i = cursors.get(current.attempt.id) ?? nextIndex(current.attempt, 0);
      const deadline = effectiveDeadline(current.attempt, current.exam);
      return [
        text(introText(current.exam, current.attempt, deadline, deps.timeZone, true)),
        i === undefined ? text(allAnsweredText(current.attempt, deadline, deps.timeZone)) : question(current.attempt, i),
      ];
    }
    const notice = current ? await resultFor(person, current.exam, true) : [];
    const departments = await deps.directory.listDepartments();
    const now = deps.now();
    const open = service.cached().filter((e) => openWindow(e, now) && audienceMatcher(e.audience, departments)(person));
    if (open.length === 0) return [...notice, text('当前没有您可以参加的考试。')];
    const pick = args ? open.find((e, i) => e.id === args || String(i + 1) === args) : open.length === 1 ? open[0] : undefined;
    if (!pick)
      return [
        ...notice,
        text(
          ['当前有多场考试，请发送“考试 序号”选择：', ...open.map((e, i) => `${i + 1}. ${e.name}（${e.questionCount} 题，${e.durationMinutes} 分钟）`)].join(
            '\n',
          ),
        ),
      ];
    if (pick.questionCount > CHAT_MAX_QUESTIONS) return [...notice, text(`《${pick.name}》共 ${pick.questionCount} 题，${pageHint}`)];
    const r = await service.start(person, pick.id, 'chat');
    if (r.kind === 'refused') return [...notice, text(r.message)];
    const a = r.attempt;
    const deadline = effectiveDeadline(a, r.exam);
    const i = cursors.get(a.id) ?? nextIndex(a, 0);
    return [
      ...notice,
      text(introText(r.exam, a, deadline, deps.timeZone, r.kind === 'resumed')),
      i === undefined ? text(allAnsweredText(a, deadline, deps.timeZone)) : question(a, i),
    ];
  }

  /**
   * Text that may be an answer: to the tapped card's question (`ref`), else to the current one. Undefined when
   * the person has no chat exam running (the daily quiz then takes it).
   */
  async function answer(person: Person, input: string, ref?: string): Promise<OutboundMessage[] | undefined> {
    const target = ref ? parseExamCardRef(ref) : undefined;
    if (ref && !target) return undefined;
    const current = await chatAttempt(person);
    if (!current) return target ? [text('这场考试已经结束。发送“考试成绩”查看成绩。')] : undefined;
    if ('timedOut' in current) return resultFor(person, current.exam, true);
    const a = current.attempt;
    if (target && (target.examId !== a.examId || target.n !== a.n)) return [text('这是之前一次作答的题目，已不能修改。发送“考试”继续当前考试。')];
    const index = target?.index ?? cursors.get(a.id) ?? nextIndex(a, 0);
    if (index === undefined) return [text(allAnsweredText(a, effectiveDeadline(a, current.exam), deps.timeZone))];
    const saved = await service.save(person, a.examId, { attempt: a.n, index, answer: input });
    if (saved.kind === 'refused') {
      if (saved.code === 'bad-answer') return [text(`没有看懂您的回答。${saved.message}`), question(a, index)];
      if (saved.code === 'attempt-over') return resultFor(person, current.exam, true);
      return [text(saved.message)];
    }
    const now = (await exams.getAttempt(a.id))!;
    const item = now.paper[index]!;
    const note = `已记录第 ${index + 1} 题：${shownAnswer(item, now.answers[index])}（已答 ${saved.answered}/${now.paper.length}）`;
    const next = nextIndex(now, index + 1);
    cursors.delete(a.id);
    const first: OutboundMessage = ref ? { kind: 'card-result', text: note, questionRef: ref, verdict: '✅ 已记录' } : text(note);
    return [first, next === undefined ? text(allAnsweredText(now, saved.deadline, deps.timeZone)) : question(now, next)];
  }

  /** `第N题`: shows question N to answer (or change). */
  async function jump(person: Person, n: number): Promise<OutboundMessage[]> {
    const current = await chatAttempt(person);
    if (!current) return [text('您当前没有进行中的考试。发送“考试”开始。')];
    if ('timedOut' in current) return resultFor(person, current.exam, true);
    const a = current.attempt;
    if (!Number.isInteger(n) || n < 1 || n > a.paper.length) return [text(`本次考试共 ${a.paper.length} 题，请发送“第1题”到“第${a.paper.length}题”。`)];
    cursors.set(a.id, n - 1);
    return [question(a, n - 1)];
  }

  /** `交卷` (asks to confirm while questions are open) and `确认交卷`. */
  async function submit(person: Person, confirmed: boolean): Promise<OutboundMessage[]> {
    const current = await chatAttempt(person);
    if (!current) return [text('您当前没有进行中的考试。发送“考试成绩”查看成绩。')];
    if ('timedOut' in current) return resultFor(person, current.exam, true);
    const a = current.attempt;
    const open = unansweredIndexes(a);
    if (open.length > 0 && !confirmed) {
      return [text(`还有 ${open.length} 题未作答：${unansweredText(open)}。确认交卷请发送“确认交卷”；发送“第N题”继续作答。`)];
    }
    const r = await service.submit(person, a.examId, a.n);
    if (r.kind === 'refused') return [text(r.message)];
    cursors.delete(a.id);
    return resultFor(person, current.exam, false);
  }

  /** `考试成绩`: the latest exam the person took. */
  async function results(person: Person): Promise<OutboundMessage[]> {
    const current = await chatAttempt(person);
    if (current && 'timedOut' in current) return resultFor(person, current.exam, true);
    for (const exam of [...service.cached()].reverse()) {
      if ((await exams.attemptsOf(exam.id, person.id)).some((x) => x.status !== 'active')) return resultFor(person, exam, false);
    }
    return [text('您还没有参加过考试。发送“考试”开始。')];
  }

  /** Whether the person has a chat exam running (then `答题` waits until it is submitted). */
  async function busy(person: Person): Promise<boolean> {
    const current = await chatAttempt(person);
    return current !== undefined && 'attempt' in current;
  }

  return { start, answer, jump, submit, results, busy };
}

export type ExamChat = ReturnType<typeof createExamChat>;
