/**
 * Parses what a person typed as an answer. Pure and forgiving: `A`, `b`, `Ａ`, `AC`, `A,C`, `A C`, `A、C`
 * for choice questions; `对`/`错`/`√`/`×`/`正确`/`错误`/`T`/`F` for true/false.
 */
import { normaliseInput } from '../core/text.js';

export type ParsedAnswer = { readonly kind: 'letters'; readonly letters: string } | { readonly kind: 'judge'; readonly value: boolean };

const TRUE_WORDS = new Set(['对', '正确', '√', '✓', '✔', '是', 'T', 'TRUE', 'Y', 'YES', '对的']);
const FALSE_WORDS = new Set(['错', '错误', '×', '✗', '✘', 'X', '否', 'F', 'FALSE', 'N', 'NO', '不对', '错的']);

/**
 * For choice questions, returns the distinct letters ascending (within the option count);
 * for judge questions, true/false. Undefined when the text is not an answer (so it can be a command).
 */
export function parseAnswer(raw: string, type: 'single' | 'multiple' | 'judge', optionCount: number): ParsedAnswer | undefined {
  const t = normaliseInput(raw)
    .toUpperCase()
    .replace(/[。.!！]$/, '');
  if (type === 'judge') {
    // No letters here: a judge question shows none, so a typed "B" is a slip, not 错 (the cards send 对/错).
    if (TRUE_WORDS.has(t)) return { kind: 'judge', value: true };
    if (FALSE_WORDS.has(t)) return { kind: 'judge', value: false };
    return undefined;
  }
  const compact = t.replace(/[\s,，、;；/|和]+/g, '');
  if (!/^[A-H]{1,8}$/.test(compact)) return undefined;
  const letters = [...new Set(compact)].sort().join('');
  const max = String.fromCharCode(64 + optionCount);
  if ([...letters].some((l) => l > max)) return undefined;
  return { kind: 'letters', letters };
}
