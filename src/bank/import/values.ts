/**
 * Parsers for the cell values of an imported bank row: type, answer, difficulty, score, tracks, options.
 * Pure; each returns undefined for a value it cannot read, and the caller words the error.
 */
import { OPTION_LETTERS, type QuestionType, type Track } from '../question-schema.js';

/** NFKC, no whitespace: for short code-like values (题型, 答案, 难度). */
export function compact(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '');
}

/** 单选/单选题/单项选择题 → single …; 不定项 → 'indefinite' (single or multiple by the answer). */
export function parseType(raw: string): QuestionType | 'indefinite' | undefined {
  const t = compact(raw)
    .toLowerCase()
    .replace(/[()[\]【】]/g, '');
  if (/^(单选|单项选择|单项|单选择|single|radio|0)题?$/.test(t)) return 'single';
  if (/^(多选|多项选择|多项|多选择|multiple|multi|checkbox)题?$/.test(t)) return 'multiple';
  if (/^(不定项|不定项选择)题?$/.test(t)) return 'indefinite';
  if (/^(判断|是非|对错|正误|judge|boolean|true\/false)题?$/.test(t)) return 'judge';
  return undefined;
}

const TRUE_WORDS = new Set(['对', '√', '✓', '✔', '正确', '是', 't', 'true', 'y', 'yes', '对的', '正确的']);
const FALSE_WORDS = new Set(['错', '×', '✗', '✘', 'x', '错误', '否', 'f', 'false', 'n', 'no', '错的', '错误的', '不正确']);

/** 对/错/√/×/正确/错误 … → '对' | '错'. Letters are handled by the caller (A/B depend on the options). */
export function parseJudgeAnswer(raw: string): '对' | '错' | undefined {
  const t = compact(raw)
    .toLowerCase()
    .replace(/^[(（]|[)）]$/g, '')
    .replace(/[。.]$/, '');
  if (TRUE_WORDS.has(t)) return '对';
  if (FALSE_WORDS.has(t)) return '错';
  return undefined;
}

/** "B", "ABD", "A,B,D", "A、B、D", "a b d" → ascending distinct letters; undefined if anything else is there. */
export function parseLetters(raw: string): string | undefined {
  const t = compact(raw)
    .toUpperCase()
    .replace(/[,，、;；/|.。]+/g, '');
  if (!/^[A-Z]+$/.test(t)) return undefined;
  return [...new Set(t)].sort().join('');
}

/** 1–3, 易/中/难, 简单/一般/困难, 基础/中等/较难 → 1 | 2 | 3. */
export function parseDifficulty(raw: string): 1 | 2 | 3 | undefined {
  const t = compact(raw).replace(/(级|星)$/, '');
  if (/^(1|1\.0|易|简单|容易|基础|低|较易)$/.test(t)) return 1;
  if (/^(2|2\.0|中|一般|中等|适中|普通)$/.test(t)) return 2;
  if (/^(3|3\.0|难|困难|较难|高|难题)$/.test(t)) return 3;
  return undefined;
}

/** "2", "2分", "1.5" → number (0 < n ≤ 100). */
export function parseScore(raw: string): number | undefined {
  const t = compact(raw).replace(/分$/, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return n > 0 && n <= 100 ? n : undefined;
}

const TRACK_WORDS: Readonly<Record<string, Track>> = {
  全员: '全员',
  全体: '全员',
  全部: '全员',
  所有人员: '全员',
  全体人员: '全员',
  通用: '全员',
  公共: '全员',
  领导干部: '领导干部',
  领导: '领导干部',
  领导班子: '领导干部',
  执法人员: '执法人员',
  行政执法人员: '执法人员',
  执法: '执法人员',
};

/** "全员、执法人员" (separated by 、,，;；/ or spaces) → tracks in order, plus the words it could not read. */
export function parseTracks(raw: string): { tracks: Track[]; unknown: string[] } {
  const tracks: Track[] = [];
  const unknown: string[] = [];
  for (const word of raw
    .normalize('NFKC')
    .split(/[、,，;；/|\s]+/)
    .filter(Boolean)) {
    const track = TRACK_WORDS[word];
    if (!track) unknown.push(word);
    else if (!tracks.includes(track)) tracks.push(track);
  }
  return { tracks, unknown };
}

const MARKER = /(?<![A-Za-z])([A-H])\s*[.．、:：)）]\s*/g;

/**
 * Splits "题干 A. 一年 B. 二年 …" (one line or several, with or without spaces between options) into the stem
 * and the option texts. Markers must run A, B, C … in order; the stem is whatever precedes A.
 */
export function splitOptions(text: string): { stem: string; options: string[] } {
  const marks: Array<{ index: number; end: number }> = [];
  for (const m of text.matchAll(MARKER)) {
    const expected = OPTION_LETTERS[marks.length];
    if (m[1] === expected) marks.push({ index: m.index, end: m.index + m[0].length });
  }
  if (marks.length < 2) return { stem: text.trim(), options: [] };
  const options = marks.map((m, i) => text.slice(m.end, marks[i + 1]?.index ?? text.length).trim());
  return { stem: text.slice(0, marks[0]!.index).trim(), options };
}

/** Removes a leading "A." / "A、" / "（A）" of the option's own letter from an option cell. */
export function stripOwnLetter(text: string, letter: string): string {
  const t = text.trim();
  const m = new RegExp(`^(?:[(（]${letter}[)）]|${letter}\\s*[.．、:：)）])\\s*`).exec(t);
  return m && m[0].length < t.length ? t.slice(m[0].length).trim() : t;
}

/** True when every option is a true/false word (a 判断 row written with options 对/错 or 正确/错误). */
export function isTrueFalsePair(options: readonly string[]): boolean {
  return options.length === 2 && parseJudgeAnswer(options[0]!) !== undefined && parseJudgeAnswer(options[1]!) !== undefined;
}
