/**
 * The plain-text layouts banks circulate in (Word documents pasted into a .txt file), pure:
 *
 *   一、单选题（每题2分）                      ← section header: sets the type (and 分值) of what follows
 *   1. 根据《行政处罚法》，……（ ）             ← numbered question; options on one line or several
 *   A. 一年 B. 二年 C. 三年 D. 五年
 *   答案：B 解析：…… 依据：《行政处罚法》第三十六条
 *
 *   【题干】……【选项】A.… B.…【答案】B【解析】……【依据】《行政处罚法》第三十六条
 *
 * A judge question may carry its answer as a trailing （√）/（×）, a choice question as （B） in the stem.
 */
import type { QuestionType } from '../question-schema.js';
import { type Cells, type Field, OPTION_FIELDS } from './headers.js';
import type { SourceRecord } from './import-rows.js';
import { parseScore, parseType, splitOptions } from './values.js';

const LABELS: ReadonlyArray<[RegExp, Field]> = [
  [/^(题干|题目|试题)$/, 'stem'],
  [/^选项$/, 'options'],
  [/^(正确答案|参考答案|标准答案|答案)$/, 'answer'],
  [/^(答案解析|试题解析|详细解析|解析)$/, 'explanation'],
  [/^(法律依据|法条依据|依据)$/, 'basis'],
  [/^难度$/, 'difficulty'],
  [/^分值$/, 'score'],
  [/^(知识点|章节)$/, 'topic'],
  [/^适用对象$/, 'tracks'],
  [/^编号$/, 'id'],
  [/^题型$/, 'type'],
];
const BRACKET = /【\s*([^】]{1,10}?)\s*】/g;
const COLON =
  /(?<=^|[\s。；;，,)）】A-H√×对错])(正确答案|参考答案|标准答案|答案解析|试题解析|详细解析|法律依据|法条依据|适用对象|答案|解析|依据|难度|分值|知识点|题型|编号)\s*[:：]/gm;
const SECTION =
  /^(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+部分\s*[、.．:：]?|\d+\s*[、.．])?\s*[【[(（]?\s*(单选|单项选择|多选|多项选择|不定项(?:选择)?|判断)题?\s*[】\])）]?\s*([(（][^)）]*[)）])?\s*[:：]?$/;
const NUMBERED = /^(?:第\s*)?(\d{1,4})\s*(?:题|[.．](?!\d)|[、:：)）])\s*/;
const STEM_TYPE = /^[【[(（]\s*(单选|单项选择|多选|多项选择|不定项(?:选择)?|判断)题?\s*[】\])）]\s*/;
const JUDGE_MARK = /\s*[(（]\s*(√|×|✓|✗|对|错|正确|错误)\s*[)）]\s*[。.]?$/;
const CHOICE_MARK = /[(（]\s*([A-H](?:\s*[,，、]?\s*[A-H])*)\s*[)）]/g;

interface Block {
  line: number;
  text: string[];
  /** Opened by a 【题型】/【编号】 line: the 【题干】 that follows belongs to it. */
  pending?: boolean;
  typeHint?: QuestionType;
  scoreHint?: number;
}

/** Parses a pasted bank; `fileError` when no question is found. */
export function parseTxt(text: string): { records: SourceRecord[]; fileError?: string } {
  const blocks: Block[] = [];
  let section: { typeHint?: QuestionType; scoreHint?: number } = {};
  let last = 0;
  let current: Block | undefined;
  const open = (line: number, first: string, pending = false) => {
    current = { line, text: [first], ...section, ...(pending ? { pending } : {}) };
    blocks.push(current);
  };
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/[\u00a0\u3000\u200b\ufeff]/g, ' ').trim();
      const header = SECTION.exec(line.replace(/\s+/g, ''));
      if (header && line.length < 80) {
        const type = parseType(header[1]!);
        const score = /每(?:小)?题\s*(\d+(?:\.\d+)?)\s*分/.exec(line);
        section = { ...(type && type !== 'indefinite' ? { typeHint: type } : {}), ...(score ? { scoreHint: parseScore(score[1]!) } : {}) };
        current = undefined;
        last = 0;
        return;
      }
      const numbered = NUMBERED.exec(line);
      const n = numbered ? Number(numbered[1]) : 0;
      const body = numbered ? line.slice(numbered[0].length) : line;
      const startsStem = /^【\s*(题干|题目|试题)\s*】/.test(body);
      const startsMeta = /^【\s*(题型|编号)\s*】/.test(body);
      if (numbered && n > last && body !== '') {
        last = n;
        open(i + 1, body);
      } else if (startsMeta && !current?.pending) {
        open(i + 1, body, true);
      } else if (startsStem && !current?.pending) {
        open(i + 1, body);
      } else if (current) {
        if (startsStem) current.pending = false;
        current.text.push(line);
      }
    });
  if (blocks.length === 0) {
    return { records: [], fileError: '没有找到题目。支持的格式：「1. 题干 A. … B. … 答案：B 解析：…」，或「【题干】…【选项】A.… B.…【答案】B【解析】…」' };
  }
  return { records: blocks.map(blockRecord) };
}

function labelField(label: string): Field | 'type-label' | undefined {
  const l = label.replace(/\s+/g, '');
  if (parseType(l)) return 'type-label';
  return LABELS.find(([re]) => re.test(l))?.[1];
}

function blockRecord(block: Block): SourceRecord {
  const text = block.text.join('\n').trim();
  const marks: Array<{ index: number; end: number; field: Field | 'type-label' | undefined; label: string }> = [];
  for (const m of text.matchAll(BRACKET)) marks.push({ index: m.index, end: m.index + m[0].length, field: labelField(m[1]!), label: m[1]! });
  for (const m of text.matchAll(COLON)) marks.push({ index: m.index, end: m.index + m[0].length, field: labelField(m[1]!), label: m[1]! });
  marks.sort((a, b) => a.index - b.index);
  const cells: Cells = {};
  let lead = text.slice(0, marks[0]?.index ?? text.length);
  let typeLabel: string | undefined;
  marks.forEach((m, i) => {
    const value = text
      .slice(m.end, marks[i + 1]?.index ?? text.length)
      .trim()
      .replace(/^[:：]\s*/, '');
    if (m.field === 'type-label') typeLabel = m.label;
    else if (m.field && value !== '' && cells[m.field] === undefined) cells[m.field] = value;
  });
  const inlineType = STEM_TYPE.exec(lead.trim());
  if (inlineType) lead = lead.trim().slice(inlineType[0].length);
  const typeText = cells.type ?? typeLabel ?? inlineType?.[1];
  if (typeText) cells.type = typeText;
  const { stem, options } = splitOptions([cells.stem ?? lead, cells.options ?? ''].join('\n'));
  cells.stem = stem.replace(/\s*\n\s*/g, '');
  delete cells.options;
  for (const [i, o] of options.entries()) cells[OPTION_FIELDS[i]!] = o.replace(/\s*\n\s*/g, ' ');
  if (cells.answer)
    cells.answer = cells.answer
      .split('\n')[0]!
      .replace(/[。；;.,，]+$/, '')
      .trim();
  if (!cells.answer) takeAnswerFromStem(cells, options.length);
  for (const f of ['basis', 'topic'] as const) if (cells[f]) cells[f] = cells[f]!.replace(/\s*\n\s*/g, '');
  if (cells.explanation) cells.explanation = cells.explanation.replace(/[ \t]*\n[ \t]*/g, '\n');
  return { row: block.line, cells, ...(block.typeHint ? { typeHint: block.typeHint } : {}), ...(block.scoreHint ? { scoreHint: block.scoreHint } : {}) };
}

/** "……（√）" for judge questions, "……（B）……" for choice questions, when there is no 答案 line. */
function takeAnswerFromStem(cells: Cells, optionCount: number): void {
  const stem = cells.stem ?? '';
  if (optionCount === 0) {
    const judge = JUDGE_MARK.exec(stem);
    if (judge) {
      cells.answer = judge[1]!;
      cells.stem = stem.slice(0, judge.index).trim();
    }
    return;
  }
  const marks = [...stem.matchAll(CHOICE_MARK)];
  if (marks.length === 1) {
    cells.answer = marks[0]![1]!;
    cells.stem = stem.replace(CHOICE_MARK, '（ ）');
  }
}
