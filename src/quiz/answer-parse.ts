/**
 * Reads what a person typed as an answer. Pure. Choice questions take letters in any common form (`A`, `b`,
 * `Ａ`, `AC`, `A,C`, `A C`, `A、C`); 判断 takes exactly 对/错, 正确/错误, √/×, 是/否 and T/F (any case).
 *
 * Three outcomes: an answer to grade; an attempt that cannot be graded as it stands (several letters to a
 * single-choice question, a letter the question does not have, a letter or a near word to a 判断) — the person
 * is told why and asked again, nothing is recorded; or not an answer at all (the generic "没有看懂" hint).
 */
import { normaliseInput } from '../core/text.js';

export type ParsedAnswer = { readonly kind: 'letters'; readonly letters: string } | { readonly kind: 'judge'; readonly value: boolean };

/** What a text is, read against one question. */
export type AnswerReading =
  | { readonly kind: 'answer'; readonly answer: ParsedAnswer }
  /** Looks like an answer but cannot be graded: `problem` (Chinese) says why and how to answer instead. */
  | { readonly kind: 'retry'; readonly problem: string }
  | { readonly kind: 'none' };

/** The only words a 判断 accepts (after NFKC and upper-casing). */
const TRUE_WORDS = new Set(['对', '正确', '√', '是', 'T']);
const FALSE_WORDS = new Set(['错', '错误', '×', '否', 'F']);
/** Words people type for 对/错 that are not accepted, so the person learns what is. */
const NEAR_JUDGE = new Set(['对的', '错的', '不对', '不是', '没错', '✓', '✔', '✗', '✘', 'X', 'Y', 'N', 'YES', 'NO', 'TRUE', 'FALSE', 'V']);

export const JUDGE_WORDS_TEXT = '“对”或“错”（也可回复 正确/错误、√/×、是/否、T/F）';

const LETTERS = 'ABCDEFGH';
const numerals = ['', '一', '两', '三', '四', '五', '六', '七', '八'];

/** "A–D 四个选项" for 4 options. */
function optionsText(optionCount: number): string {
  return `${LETTERS[0]}–${LETTERS[optionCount - 1]} ${numerals[optionCount] ?? optionCount}个选项`;
}

/** Reads `raw` as an answer to a question of `type` with `optionCount` options (2 for 判断). */
export function readAnswer(raw: string, type: 'single' | 'multiple' | 'judge', optionCount: number): AnswerReading {
  const t = normaliseInput(raw)
    .toUpperCase()
    .replace(/[。.!！]$/, '');
  if (type === 'judge') {
    if (TRUE_WORDS.has(t)) return { kind: 'answer', answer: { kind: 'judge', value: true } };
    if (FALSE_WORDS.has(t)) return { kind: 'answer', answer: { kind: 'judge', value: false } };
    // A judge question shows no letters, so a typed "A" or "B" is a slip, not 对 or 错.
    if (/^[A-H]$/.test(t)) return { kind: 'retry', problem: `判断题没有 ${t} 选项，请回复${JUDGE_WORDS_TEXT}。` };
    if (NEAR_JUDGE.has(t)) return { kind: 'retry', problem: `判断题请回复${JUDGE_WORDS_TEXT}，“${t}”不能作为答案。` };
    return { kind: 'none' };
  }
  const compact = t.replace(/[\s,，、;；/|和]+/g, '');
  // Only option letters (A–H) make an answer: a word such as "OK" is not one.
  if (!/^[A-H]{1,8}$/.test(compact)) return { kind: 'none' };
  const letters = [...new Set(compact)].sort().join('');
  const outside = [...letters].filter((l) => LETTERS.indexOf(l) >= optionCount);
  if (outside.length > 0) return { kind: 'retry', problem: `本题只有 ${optionsText(optionCount)}，没有 ${outside.join('、')}。请重新作答。` };
  if (type === 'single' && letters.length > 1) {
    return { kind: 'retry', problem: `这是单选题，只有一个正确答案，请只回复一个字母（您回复了 ${[...letters].join('、')}）。` };
  }
  return { kind: 'answer', answer: { kind: 'letters', letters } };
}

/** The answer in `raw`, or undefined when it is not one that can be graded (see readAnswer for why). */
export function parseAnswer(raw: string, type: 'single' | 'multiple' | 'judge', optionCount: number): ParsedAnswer | undefined {
  const r = readAnswer(raw, type, optionCount);
  return r.kind === 'answer' ? r.answer : undefined;
}
