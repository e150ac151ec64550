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
    findings.push({ field: 'explanation', message: 'names an option by its letter: options are shuffled per person, so name it by its content' });
  }
  if (POSITION_REFERENCE.test(q.explanation)) {
    findings.push({ field: 'explanation', message: 'names options by their position (前四项…): options are shuffled per person, so name them by content' });
  }
  if (!q.stem.includes(`《${q.basis.law}》`)) findings.push({ field: 'stem', message: `does not name the law (根据《${q.basis.law}》…)` });
  if (q.case && q.stem.length < BALANCE_RULES.minCaseStem) {
    findings.push({ field: 'stem', message: `a case question sets out the situation in at least ${BALANCE_RULES.minCaseStem} characters` });
  }
  const version = VERSION_IN_STEM[q.basis.law];
  if (version && !q.stem.includes(version))
    findings.push({ field: 'stem', message: `questions on 《${q.basis.law}》 name the version in the stem (${version})` });
  if (q.type !== 'judge' && q.options) {
    const correct = [...q.answer].map((l) => q.options![l.charCodeAt(0) - 65]!);
    q.options.forEach((option, i) => {
      if (q.answer.includes(String.fromCharCode(65 + i))) return;
      if (!namesWrongOption(q.explanation, option, correct)) {
        findings.push({ field: 'explanation', message: `does not say why the wrong option "${option}" is wrong` });
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
  if (b.questions < r.minQuestions) out.push(`${b.questions} questions; the bank needs at least ${r.minQuestions}`);
  for (const law of lawsCarried) {
    const count = b.byLaw.get(law) ?? 0;
    if (count < r.minPerLaw) out.push(`《${law}》 has ${count} questions; every carried law needs at least ${r.minPerLaw}`);
  }
  if (b.caseShare < r.minCaseShare) out.push(`case questions are ${pct(b.caseShare)}; at least ${pct(r.minCaseShare)}`);
  if (b.hardShare < r.minHardShare) out.push(`difficulty 3 is ${pct(b.hardShare)}; at least ${pct(r.minHardShare)}`);
  for (const [letter, share] of Object.entries(b.singleLetters)) {
    if (share < r.singleLetterShare[0] || share > r.singleLetterShare[1]) {
      out.push(`single-choice answer ${letter} is ${pct(share)}; each letter must be ${pct(r.singleLetterShare[0])}–${pct(r.singleLetterShare[1])}`);
    }
  }
  for (let wrong = 0; wrong <= 3; wrong++) {
    if (b.multiWrong[wrong]! < r.multiWrongMinShare) {
      out.push(`multiple choice with ${wrong} wrong option(s) is ${pct(b.multiWrong[wrong]!)}; each of 0–3 at least ${pct(r.multiWrongMinShare)}`);
    }
  }
  if (b.multiWrong[4]! > 0) out.push(`${pct(b.multiWrong[4]!)} of multiple choice have more than 3 wrong options; at most 3`);
  if (b.multiPrefixShare > r.multiMaxPrefixShare) {
    out.push(`correct options come first (A, AB, ABC…) in ${pct(b.multiPrefixShare)} of multiple choice; at most ${pct(r.multiMaxPrefixShare)}`);
  }
  if (b.judgeTrueShare < r.judgeTrueShare[0] || b.judgeTrueShare > r.judgeTrueShare[1]) {
    out.push(`true/false answers are 对 in ${pct(b.judgeTrueShare)}; ${pct(r.judgeTrueShare[0])}–${pct(r.judgeTrueShare[1])}`);
  }
  return out;
}

/** The balance as lines for `check-bank`. */
export function formatBalance(b: BankBalance): string[] {
  return [
    `case questions ${pct(b.caseShare)}, difficulty 3 ${pct(b.hardShare)}`,
    `single-choice keys: ${Object.entries(b.singleLetters)
      .map(([l, s]) => `${l} ${pct(s)}`)
      .join(', ')}`,
    `multiple choice by wrong options: ${b.multiWrong
      .slice(0, 4)
      .map((s, i) => `${i} ${pct(s)}`)
      .join(', ')}${b.multiWrong[4] ? `, 4+ ${pct(b.multiWrong[4])}` : ''}; correct options first ${pct(b.multiPrefixShare)}`,
    `true/false 对 ${pct(b.judgeTrueShare)}`,
  ];
}
