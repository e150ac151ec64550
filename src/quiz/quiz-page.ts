/**
 * The daily quiz in the web page: the same study as in chat, shared step by step with the chat's quiz service
 * (quiz-service.ts `steps`): the same quiz for the person and day (drawn by whichever comes first), the same
 * strict answer parsing per type, grading, points, review schedule, completion with its streak bonus and the
 * same answer records, so a page answer counts in 参学率, boards and the dashboard exactly like a chat answer.
 * Each call runs in the person's turn, shared with the chat, so a page answer and a chat answer to the same
 * question never both count: the one recorded first stands and the other is `already-answered`.
 *
 * Differences from chat, because the page names its question: an answer says which question (`index`) and
 * which day it is for. Posting it again (a retry after a lost response, a second tab, or after answering in
 * chat) returns the recorded verdict and changes nothing; a later question than the current one is refused.
 * Outcomes are values (`QuizPageRefusal`); the route maps them to HTTP statuses.
 */
import type { StudyCalendar } from '../core/calendar.js';
import { studyAccess } from '../core/membership.js';
import type { AnswerRecord, DailyQuiz, Person } from '../core/model.js';
import type { QuizLog } from '../core/ports/quiz-log.js';
import type { StudyStats } from '../core/ports/study-stats.js';
import type { QuizDay } from '../core/quiz-day.js';
import { readAnswer } from './answer-parse.js';
import { type PageQuiz, type PageVerdict, pageQuestion, pageSummary, pageVerdict } from './page-view.js';
import { type PointsRules, dayPoints } from './points.js';
import type { QuestionBank } from './question-bank.js';
import type { QuizService } from './quiz-service.js';

export type QuizPageRefusalCode = 'left' | 'no-department' | 'no-questions' | 'not-started' | 'day-over' | 'bad-index' | 'not-current' | 'bad-answer';

/** Why nothing was served or recorded; `message` is Chinese, fit to show. `current`: the question to answer now. */
export interface QuizPageRefusal {
  readonly kind: 'refused';
  readonly code: QuizPageRefusalCode;
  readonly message: string;
  readonly current?: number;
}

/** The result of posting an answer: its verdict (new, or the one recorded before) and the quiz as it now stands. */
export interface QuizPageAnswered {
  readonly kind: 'answered';
  /** `graded` now, or `already-answered` (in the page or in chat): nothing changed. */
  readonly outcome: 'graded' | 'already-answered';
  readonly verdict: PageVerdict;
  readonly quiz: PageQuiz;
}

export interface QuizPageDeps {
  readonly quiz: Pick<QuizService, 'today' | 'steps'>;
  readonly store: Pick<QuizLog, 'getQuiz' | 'answersOf'> & Pick<StudyStats, 'dayStats'>;
  readonly bank: Pick<QuestionBank, 'get'>;
  readonly calendar: StudyCalendar;
  readonly points: PointsRules;
}

export interface PageAnswerInput {
  /** The day the page showed the question for (an answer after midnight to yesterday's question is refused). */
  readonly day: string;
  readonly index: number;
  /** As the person sees it: 'B', 'AC', or 对/错 (parsed like a chat answer to that question). */
  readonly answer: string;
}

const refuse = (code: QuizPageRefusalCode, message: string, current?: number): QuizPageRefusal => ({
  kind: 'refused',
  code,
  message,
  ...(current !== undefined ? { current } : {}),
});

export function createQuizPage(deps: QuizPageDeps) {
  const { store, bank } = deps;
  const { turn, todaysQuiz, advance, gradeAndRecord, summaryOf } = deps.quiz.steps;

  /** The one rule of who may study (as the chat's), then a department (chat asks to bind one first). */
  function accessOf(person: Person): QuizPageRefusal | undefined {
    if (!studyAccess(person).allowed) return refuse('left', '您的账号已不在普法学习名单中（离职或已停用），不能答题，本次操作不作记录。如有疑问请联系管理员。');
    if (!person.departmentId) return refuse('no-department', '请先绑定所在部门：在聊天中给机器人回复“绑定 部门名称”，例如：绑定 法制科。');
    return undefined;
  }

  async function view(person: Person, quiz: DailyQuiz, day: QuizDay): Promise<PageQuiz> {
    const answers = [...(await store.answersOf(person.id, day))].sort((a, b) => a.index - b.index);
    const stats = await store.dayStats(person.id, day);
    const done = answers.length >= quiz.items.length;
    const next = quiz.items[answers.length];
    const q = next && bank.get(next.questionId);
    return {
      day,
      studyDay: deps.calendar.isStudyDay(day),
      total: quiz.items.length,
      answered: answers.length,
      points: dayPoints(stats, deps.points),
      done,
      current: !done && q ? pageQuestion(q, next, answers.length) : null,
      verdicts: answers.map((a) => pageVerdict(bank.get(a.questionId), quiz.items[a.index]!, a)),
      summary: done ? pageSummary(await summaryOf(person, day, quiz)) : null,
    };
  }

  /** Opening the page is `答题`: today's quiz is drawn if it was not yet (the same draw as in chat). */
  function today(person: Person): Promise<PageQuiz | QuizPageRefusal> {
    return turn(person.id, async () => {
      const refused = accessOf(person);
      if (refused) return refused;
      const day = deps.quiz.today();
      const quiz = await todaysQuiz(person, day);
      if (!quiz) return refuse('no-questions', '题库暂无适合您的题目，请联系管理员。');
      const answered = (await store.answersOf(person.id, day)).length;
      // A question withdrawn from the bank since is skipped (as in chat), so the page never stalls on it.
      if (answered < quiz.items.length) await advance(person, quiz, day, answered);
      return view(person, quiz, day);
    });
  }

  /** Today's quiz as it stands, without drawing it: the day's verdicts and, once done, its summary. */
  function result(person: Person): Promise<PageQuiz | QuizPageRefusal> {
    return turn(person.id, async () => {
      const refused = accessOf(person);
      if (refused) return refused;
      const day = deps.quiz.today();
      const quiz = await store.getQuiz(person.id, day);
      if (!quiz) return refuse('not-started', '今天还没有开始答题。');
      return view(person, quiz, day);
    });
  }

  /** Grades an answer to question `index` of today's quiz; idempotent per question (see the file's comment). */
  function answer(person: Person, input: PageAnswerInput): Promise<QuizPageAnswered | QuizPageRefusal> {
    return turn(person.id, async () => {
      const refused = accessOf(person);
      if (refused) return refused;
      const day = deps.quiz.today();
      if (input.day !== day) return refuse('day-over', `这是 ${input.day} 的题目，当天的答题已结束。请刷新页面，作答今天（${day}）的题目。`);
      const quiz = await store.getQuiz(person.id, day);
      if (!quiz) return refuse('not-started', '今天还没有开始答题，请刷新页面。');
      if (!Number.isInteger(input.index) || input.index < 0 || input.index >= quiz.items.length) {
        return refuse('bad-index', `今日答题共 ${quiz.items.length} 题，没有第 ${input.index + 1} 题。`);
      }
      let answers = await store.answersOf(person.id, day);
      if (answers.length < quiz.items.length && input.index >= answers.length) {
        const moved = await advance(person, quiz, day, answers.length);
        if (moved.skipped.length > 0) answers = await store.answersOf(person.id, day);
      }
      const recorded = answers.find((a) => a.index === input.index);
      if (recorded) return answered('already-answered', person, quiz, day, recorded);
      if (input.index !== answers.length) {
        return refuse('not-current', `请先回答第 ${answers.length + 1} 题。`, answers.length);
      }
      const item = quiz.items[input.index]!;
      const q = bank.get(item.questionId)!;
      const reading = readAnswer(input.answer, q.type, q.options?.length ?? 2);
      if (reading.kind !== 'answer') {
        return refuse('bad-answer', reading.kind === 'retry' ? reading.problem : '没有看懂您的回答，请选择选项后提交。', input.index);
      }
      const shownAt = input.index === 0 ? quiz.servedAt : answers.find((a) => a.index === input.index - 1)!.answeredAt;
      const { record } = await gradeAndRecord(person, quiz, input.index, reading.answer, shownAt);
      await advance(person, quiz, day, input.index + 1);
      return answered('graded', person, quiz, day, record);
    });
  }

  async function answered(outcome: QuizPageAnswered['outcome'], person: Person, quiz: DailyQuiz, day: QuizDay, a: AnswerRecord): Promise<QuizPageAnswered> {
    const verdict = pageVerdict(bank.get(a.questionId), quiz.items[a.index]!, a);
    return { kind: 'answered', outcome, verdict, quiz: await view(person, quiz, day) };
  }

  return { today, result, answer };
}

export type QuizPage = ReturnType<typeof createQuizPage>;
