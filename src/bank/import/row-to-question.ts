/**
 * Turns the cells of one imported row into a question of our bank format, or into the reasons it cannot be one.
 * Pure. Messages are Chinese (bank admins read them) and carry no row prefix (the caller adds "第 N 行：").
 */
import { createHash } from 'node:crypto';
import type { StatuteLibrary } from '../../statutes/statute-library.js';
import { OPTION_LETTERS, type Question, QuestionSchema, type QuestionType } from '../question-schema.js';
import { type Cells, FIELD_LABELS, type Field, OPTION_FIELDS } from './headers.js';
import { checkRowCitation } from './row-citation.js';
import {
  isTrueFalsePair,
  parseDifficulty,
  parseJudgeAnswer,
  parseLetters,
  parseScore,
  parseTracks,
  parseType,
  splitOptions,
  stripOwnLetter,
} from './values.js';

/** What a row check needs beyond the row itself. */
export interface RowContext {
  /** Id prefix of the bank (see bankSlug). */
  readonly slug: string;
  readonly laws: StatuteLibrary;
  /** Type given by the sheet name or a txt section header, when the row has no 题型. */
  readonly typeHint?: QuestionType;
  /** 分值 given by a txt section header ("每题2分"). */
  readonly scoreHint?: number;
}

/** One row checked: the question, or the reasons it is not one. */
export interface RowResult {
  readonly question?: Question;
  readonly errors: string[];
  readonly warnings: string[];
}

/** Builds and checks one question. `question` is set only when there are no errors. */
export function rowToQuestion(cells: Cells, ctx: RowContext): RowResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  let { stem, options } = readOptions(cells, errors);
  if (stem === '') errors.push('缺少题干');
  else if (stem.length > 500) errors.push(`题干过长（${stem.length} 字，最多 500 字）`);
  for (const [i, o] of options.entries()) if (o.length > 200) errors.push(`选项${OPTION_LETTERS[i]}过长（${o.length} 字，最多 200 字）`);
  const type = resolveType(cells, options, ctx, errors);
  let answer: string | undefined;
  const rawAnswer = cells.answer ?? '';
  if (rawAnswer === '') errors.push('缺少答案');
  else if (type === 'judge') {
    answer = judgeAnswer(rawAnswer, options, errors);
    options = [];
  } else if (type) {
    answer = choiceAnswer(rawAnswer, type, options, errors);
  }
  const known = errors.length === 0 ? { type, answer } : {};
  const citation = checkRowCitation(cells.basis ?? '', ctx.laws, { ...known, options, stem });
  errors.push(...citation.errors);
  warnings.push(...citation.warnings);

  let explanation = cells.explanation ?? '';
  if (explanation === '' && citation.basis) {
    explanation = citation.articleText ?? `依据《${citation.basis.law}》${citation.basis.articles.join('、')}。`;
    warnings.push(citation.articleText ? '没有解析，已用所引条文代替，请补写' : '没有解析，已填入法律依据，请补写');
  } else if (explanation.length > 1000) errors.push(`解析过长（${explanation.length} 字，最多 1000 字）`);
  const extras = readExtras(cells, ctx, citation.basis?.law, errors);
  if (errors.length > 0 || !type || !answer || !citation.basis) return { errors, warnings };

  const candidate = {
    id: makeId(cells.id, ctx.slug, stem),
    type,
    stem,
    ...(type === 'judge' ? {} : { options }),
    answer,
    explanation,
    basis: citation.basis,
    ...extras,
  };
  const parsed = QuestionSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`${fieldLabel(String(issue.path[0] ?? ''))}：${issue.message}`);
    return { errors, warnings };
  }
  return { question: parsed.data, errors, warnings };
}

function readOptions(cells: Cells, errors: string[]): { stem: string; options: string[] } {
  let stem = cells.stem ?? '';
  let options = OPTION_FIELDS.map((f) => stripOwnLetter(cells[f] ?? '', f));
  while (options.length > 0 && options[options.length - 1] === '') options.pop();
  if (options.length === 0 && cells.options) options = splitOptions(cells.options).options;
  if (options.length === 0) {
    const inline = splitOptions(stem);
    if (inline.options.length >= 2) ({ stem, options } = inline);
  }
  const gap = options.indexOf('');
  if (gap >= 0) errors.push(`选项${OPTION_LETTERS[gap]}为空，但后面还有选项`);
  return { stem, options };
}

function resolveType(cells: Cells, options: readonly string[], ctx: RowContext, errors: string[]): QuestionType | undefined {
  const letters = parseLetters(cells.answer ?? '');
  const choiceShaped = options.length > 0 && !isTrueFalsePair(options);
  // A sheet name or section header only suggests the type: a row shaped otherwise is typed by its shape.
  const hint = ctx.typeHint && (ctx.typeHint === 'judge') !== choiceShaped ? ctx.typeHint : undefined;
  let type = cells.type ? parseType(cells.type) : hint;
  if (cells.type && !type) {
    errors.push(`题型「${cells.type}」无法识别（应为 单选、多选 或 判断）`);
    return undefined;
  }
  if (type === undefined) {
    const judgeLike = options.length === 0 || isTrueFalsePair(options);
    if (judgeLike && (parseJudgeAnswer(cells.answer ?? '') || options.length > 0)) return 'judge';
    type = 'indefinite';
  }
  if (type === 'indefinite') return letters && letters.length > 1 ? 'multiple' : 'single';
  return type;
}

function judgeAnswer(raw: string, options: readonly string[], errors: string[]): '对' | '错' | undefined {
  if (options.length > 0 && !isTrueFalsePair(options)) {
    errors.push(`判断题不应有选项（有 ${options.length} 个选项；若是选择题请把题型改为单选或多选）`);
    return undefined;
  }
  // A/B name the options when they are given (正确/错误 or 错误/正确); without options A is 对 and B is 错.
  const letter = parseLetters(raw);
  const byLetter =
    letter === 'A' || letter === 'B' ? (options.length > 0 ? parseJudgeAnswer(options[letter === 'A' ? 0 : 1]!) : letter === 'A' ? '对' : '错') : undefined;
  const answer = parseJudgeAnswer(raw) ?? byLetter;
  if (!answer) errors.push(`判断题的答案「${raw}」无法识别（应为 对/错、√/× 或 正确/错误）`);
  return answer;
}

function choiceAnswer(raw: string, type: 'single' | 'multiple', options: readonly string[], errors: string[]): string | undefined {
  const label = type === 'single' ? '单选题' : '多选题';
  if (options.length < 2) {
    errors.push(`${label}至少需要两个选项（现有 ${options.length} 个）`);
    return undefined;
  }
  const letters = parseLetters(raw);
  if (!letters) {
    errors.push(parseJudgeAnswer(raw) ? `答案「${raw}」是判断题的答案，与题型${label}不符` : `答案「${raw}」无法识别（应为选项字母，如 B 或 ABD）`);
    return undefined;
  }
  const last = OPTION_LETTERS[options.length - 1]!;
  const outside = [...letters].filter((l) => l.charCodeAt(0) - 65 >= options.length);
  if (outside.length > 0) errors.push(`答案 ${outside.join('')} 不在选项中（A–${last}）`);
  else if (type === 'single' && letters.length > 1) errors.push(`单选题只能有一个答案（答案为 ${letters}；若是多选题请改题型）`);
  else if (type === 'multiple' && letters.length < 2) errors.push(`多选题至少有两个正确选项（答案为 ${letters}；若是单选题请改题型）`);
  const seen = new Map<string, number>();
  options.forEach((o, i) => {
    const j = seen.get(o);
    if (j !== undefined) errors.push(`选项${OPTION_LETTERS[i]}与选项${OPTION_LETTERS[j]}相同`);
    else seen.set(o, i);
  });
  return letters;
}

function readExtras(cells: Cells, ctx: RowContext, law: string | undefined, errors: string[]) {
  const difficulty = cells.difficulty === undefined ? 2 : parseDifficulty(cells.difficulty);
  if (difficulty === undefined) errors.push(`难度「${cells.difficulty}」无法识别（应为 1–3 或 易/中/难）`);
  const score = cells.score === undefined ? ctx.scoreHint : parseScore(cells.score);
  if (cells.score !== undefined && score === undefined) errors.push(`分值「${cells.score}」应为大于 0 的数`);
  const { tracks, unknown } = parseTracks(cells.tracks ?? '全员');
  if (unknown.length > 0) errors.push(`适用对象「${unknown.join('、')}」无法识别（可选：全员、领导干部、执法人员）`);
  const topic = cells.topic ?? law ?? '';
  if (topic.length > 40) errors.push(`知识点过长（${topic.length} 字，最多 40 字）`);
  const isCase = cells.case === undefined ? false : parseYes(cells.case);
  if (isCase === undefined) errors.push(`案例题「${cells.case}」无法识别（填 是 或 否，也可留空）`);
  return {
    tracks: tracks.length > 0 ? tracks : ['全员' as const],
    topic,
    difficulty: difficulty ?? 2,
    ...(score !== undefined ? { score } : {}),
    ...(isCase ? { case: true } : {}),
  };
}

/**
 * The id of an imported question. A 编号 that already is one of our ids (lower-case words joined by dashes,
 * as the export writes them) is kept; any other 编号 is prefixed with the bank's slug; without a 编号 the id is
 * the slug plus a hash of the stem, so re-importing the same question updates it rather than adding a copy.
 */
export function makeId(rawId: string | undefined, slug: string, stem: string): string {
  const raw = (rawId ?? '').normalize('NFKC').trim();
  if (raw === '') return `${slug}-${hash(stem.replace(/\s+/g, ''))}`;
  if (/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(raw) && raw.length <= 64) return raw;
  const ascii = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const readable = /^[\x20-\x7e]+$/.test(raw) && ascii !== '' && slug.length + ascii.length < 64;
  return `${slug}-${readable ? ascii : hash(raw)}`;
}

/** Id prefix for a bank name: the name itself when it is plain ASCII, else "b" + a short hash of it. */
export function bankSlug(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[\x20-\x7e]+$/.test(name) && /^[a-z]/.test(ascii) && ascii.length <= 24 ? ascii : `b${hash(name).slice(0, 7)}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

function fieldLabel(path: string): string {
  return path in FIELD_LABELS ? FIELD_LABELS[path as Field] : path;
}

/** 是/否 and their usual spellings in a yes/no column; undefined when the cell says neither. */
function parseYes(raw: string): boolean | undefined {
  const t = raw.normalize('NFKC').trim().toLowerCase();
  if (['是', '√', 'y', 'yes', 'true', '1', '案例', '案例题', '案例分析'].includes(t)) return true;
  if (['否', '', '×', 'n', 'no', 'false', '0', '-', '—'].includes(t)) return false;
  return undefined;
}
