/**
 * The structural rules of the shipped bank (questions/README.md, "Structural rules"): per question, and across the
 * bank. Pure. check-bank refuses a shipped bank that breaks them; `check-bank` prints the balance figures.
 *
 * They keep true what a review of the bank found missing: explanations that answer every wrong option, no option
 * letters in explanations (options are shuffled per person), versions named where a revision rewrote the law,
 * case questions and hard questions in fair numbers, and answer keys that cannot be guessed from position.
 */
import type { Question } from './question-schema.js';

/** Laws whose latest revision rewrote much of the text: every question names the revision in its stem. */
export const VERSION_IN_STEM: Readonly<Record<string, string>> = { 治安管理处罚法: '2025年修订', 行政复议法: '2023年修订' };

/** Thresholds of the bank-wide rules. */
export const BALANCE_RULES = {
  minQuestions: 1000,
  minPerLaw: 15,
  minCaseShare: 0.2,
  minHardShare: 0.2,
  singleLetterShare: [0.2, 0.3] as const,
  multiWrongMinShare: 0.1,
  multiMaxPrefixShare: 0.3,
  judgeTrueShare: [0.4, 0.6] as const,
  minCaseStem: 40,
};

export interface RuleFinding {
  readonly field: string;
  readonly message: string;
}

const LETTER_REFERENCE = /选项\s*[A-H](?![A-Za-z])|(?<![A-Za-z])[A-H]\s*项|[（(]\s*[A-H]\s*[)）]|答案\s*(?:为|是)?\s*[A-H]{1,8}(?![A-Za-z])/;
/** Options named by position (前四项都…, 最后一项, 第三个选项): positions change when options are shuffled. */
const POSITION_REFERENCE = /[前后][一二两三四五六]项(?:都|均|人员|选项)|最后一项|第[一二三四五六七八]个选项/;
const PUNCTUATION = /[\s，。、；：？！,.;:?!（）()“”"'‘’《》〈〉【】[\]_—…·　-]/g;

/** Text without spaces and punctuation, for content matching. */
function core(s: string): string {
  return s.replace(PUNCTUATION, '');
}

/**
 * Whether the explanation names a wrong option: it contains a part of the option that no correct option has, of
 * four characters in a row (a short option: three or two, as "七日" for 七日内 against a correct 十五日内).
 */
export function namesWrongOption(explanation: string, wrong: string, correct: readonly string[]): boolean {
  const text = core(explanation);
  const w = core(wrong);
  const rights = correct.map(core);
  let anyDistinctive = false;
  for (let k = Math.min(4, w.length); k >= Math.min(2, w.length); k--) {
    // A long option is named by four characters of its own; shorter parts count only for short options
    // (七日内) or when every four-character part is shared with a correct option.
    if (anyDistinctive && w.length > 3) break;
    for (let i = 0; i + k <= w.length; i++) {
      const part = w.slice(i, i + k);
      if (rights.some((r) => r.includes(part))) continue;
      anyDistinctive = true;
      if (text.includes(part)) return true;
    }
  }
  return !anyDistinctive;
}

/** The per-question rules; empty when the question keeps them all. */
export function questionRuleFindings(q: Question): RuleFinding[] {
  const findings: RuleFinding[] = [];
  if (LETTER_REFERENCE.test(q.explanation)) {
    findings.push({ field: 'explanation', message: '解析中用字母指称选项：每人看到的选项顺序不同，请按选项内容说明' });
  }
  if (POSITION_REFERENCE.test(q.explanation)) {
    findings.push({ field: 'explanation', message: '解析中按位置指称选项（前四项…）：每人看到的选项顺序不同，请按选项内容说明' });
  }
  if (!q.stem.includes(`《${q.basis.law}》`)) findings.push({ field: 'stem', message: `题干没有写明法律（根据《${q.basis.law}》…）` });
  if (q.case && q.stem.length < BALANCE_RULES.minCaseStem) {
    findings.push({ field: 'stem', message: `案例题的题干须至少 ${BALANCE_RULES.minCaseStem} 个字说明情境` });
  }
  const version = VERSION_IN_STEM[q.basis.law];
  if (version && !q.stem.includes(version)) findings.push({ field: 'stem', message: `《${q.basis.law}》的题目须在题干中写明版本（${version}）` });
  if (q.type !== 'judge' && q.options) {
    const correct = [...q.answer].map((l) => q.options![l.charCodeAt(0) - 65]!);
    q.options.forEach((option, i) => {
      if (q.answer.includes(String.fromCharCode(65 + i))) return;
      if (!namesWrongOption(q.explanation, option, correct)) {
        findings.push({ field: 'explanation', message: `解析没有说明错误选项“${option}”错在哪里` });
      }
    });
  }
  return findings;
}

/** Bank-wide figures (shares are 0–1). */
export interface BankBalance {
  readonly questions: number;
  readonly byLaw: ReadonlyMap<string, number>;
  readonly caseShare: number;
  readonly hardShare: number;
  /** Single choice: share of each stored answer letter. */
  readonly singleLetters: Readonly<Record<string, number>>;
  /** Multiple choice: share with 0, 1, 2, 3, 4+ wrong options. */
  readonly multiWrong: readonly number[];
  /** Multiple choice with a wrong option: share whose answer is A, AB, ABC… */
  readonly multiPrefixShare: number;
  readonly judgeTrueShare: number;
}

export function bankBalance(questions: readonly Question[]): BankBalance {
  const n = questions.length || 1;
  const byLaw = new Map<string, number>();
  for (const q of questions) byLaw.set(q.basis.law, (byLaw.get(q.basis.law) ?? 0) + 1);
  const single = questions.filter((q) => q.type === 'single');
  const singleLetters: Record<string, number> = {};
  for (const letter of 'ABCD') singleLetters[letter] = single.filter((q) => q.answer === letter).length / (single.length || 1);
  const multi = questions.filter((q) => q.type === 'multiple');
  const multiWrong = [0, 0, 0, 0, 0];
  let withWrong = 0;
  let prefix = 0;
  for (const q of multi) {
    const wrong = (q.options?.length ?? 0) - q.answer.length;
    multiWrong[Math.min(wrong, 4)]! += 1 / multi.length;
    if (wrong > 0) {
      withWrong++;
      if ('ABCDEFGH'.startsWith(q.answer)) prefix++;
    }
  }
  const judge = questions.filter((q) => q.type === 'judge');
  return {
    questions: questions.length,
    byLaw,
    caseShare: questions.filter((q) => q.case).length / n,
    hardShare: questions.filter((q) => q.difficulty === 3).length / n,
    singleLetters,
    multiWrong,
    multiPrefixShare: withWrong ? prefix / withWrong : 0,
    judgeTrueShare: judge.length ? judge.filter((q) => q.answer === '对').length / judge.length : 0.5,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The bank-wide rules a balance breaks (`lawsCarried`: short titles of the statute texts in laws/). */
export function balanceFindings(b: BankBalance, lawsCarried: readonly string[]): string[] {
  const r = BALANCE_RULES;
  const out: string[] = [];
  if (b.questions < r.minQuestions) out.push(`共 ${b.questions} 题，题库至少需要 ${r.minQuestions} 题`);
  for (const law of lawsCarried) {
    const count = b.byLaw.get(law) ?? 0;
    if (count < r.minPerLaw) out.push(`《${law}》只有 ${count} 题，每部随附法律至少需要 ${r.minPerLaw} 题`);
  }
  if (b.caseShare < r.minCaseShare) out.push(`案例题占 ${pct(b.caseShare)}，至少应占 ${pct(r.minCaseShare)}`);
  if (b.hardShare < r.minHardShare) out.push(`较难题（难度 3）占 ${pct(b.hardShare)}，至少应占 ${pct(r.minHardShare)}`);
  for (const [letter, share] of Object.entries(b.singleLetters)) {
    if (share < r.singleLetterShare[0] || share > r.singleLetterShare[1]) {
      out.push(`单选题答案为 ${letter} 的占 ${pct(share)}，每个字母应在 ${pct(r.singleLetterShare[0])}–${pct(r.singleLetterShare[1])} 之间`);
    }
  }
  for (let wrong = 0; wrong <= 3; wrong++) {
    if (b.multiWrong[wrong]! < r.multiWrongMinShare) {
      out.push(`有 ${wrong} 个错误选项的多选题占 ${pct(b.multiWrong[wrong]!)}，0–3 个错误选项的各至少应占 ${pct(r.multiWrongMinShare)}`);
    }
  }
  if (b.multiWrong[4]! > 0) out.push(`${pct(b.multiWrong[4]!)} 的多选题有 3 个以上错误选项，最多应为 3 个`);
  if (b.multiPrefixShare > r.multiMaxPrefixShare) {
    out.push(`正确选项排在最前面（A、AB、ABC…）的多选题占 ${pct(b.multiPrefixShare)}，最多应占 ${pct(r.multiMaxPrefixShare)}`);
  }
  if (b.judgeTrueShare < r.judgeTrueShare[0] || b.judgeTrueShare > r.judgeTrueShare[1]) {
    out.push(`判断题答案为“对”的占 ${pct(b.judgeTrueShare)}，应在 ${pct(r.judgeTrueShare[0])}–${pct(r.judgeTrueShare[1])} 之间`);
  }
  return out;
}

/** The balance as lines for `check-bank`. */
export function formatBalance(b: BankBalance): string[] {
  return [
    `案例题 ${pct(b.caseShare)}，较难题（难度 3）${pct(b.hardShare)}`,
    `单选题答案分布：${Object.entries(b.singleLetters)
      .map(([l, s]) => `${l} ${pct(s)}`)
      .join('，')}`,
    `多选题按错误选项数：${b.multiWrong
      .slice(0, 4)
      .map((s, i) => `${i} 个 ${pct(s)}`)
      .join('，')}${b.multiWrong[4] ? `，4 个以上 ${pct(b.multiWrong[4])}` : ''}；正确选项排在最前 ${pct(b.multiPrefixShare)}`,
    `判断题答案为“对” ${pct(b.judgeTrueShare)}`,
  ];
}
