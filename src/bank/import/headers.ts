/**
 * Matches the column headers bureaus use in their bank spreadsheets to our question fields.
 * Pure. Matching is forgiving: full-width/half-width (NFKC), spaces, case, "*" required markers and
 * parenthesised notes ("题目（必填）", "答案（多选用英文逗号分隔）") are ignored, and synonyms are accepted.
 */

/** The option columns 选项A…选项H, as field names. */
export const OPTION_FIELDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
/** One option column. */
export type OptionField = (typeof OPTION_FIELDS)[number];

/** Canonical fields of an import row. `options` is a single cell holding all options ("A.… B.…"). */
export type Field =
  | 'type'
  | 'id'
  | 'stem'
  | 'options'
  | OptionField
  | 'answer'
  | 'explanation'
  | 'score'
  | 'difficulty'
  | 'basis'
  | 'tracks'
  | 'topic'
  | 'case';

/** One row's cells by field (text, trimmed by the reader). */
export type Cells = Partial<Record<Field, string>>;

const SYNONYMS: Readonly<Record<Exclude<Field, OptionField>, readonly string[]>> = {
  type: ['题型', '题目类型', '试题类型', '类型', '题类', '题目题型'],
  id: ['编号', 'id', '题号', '试题编号', '题目编号', '题目id', '试题id'],
  stem: ['题干', '题目', '试题', '题目内容', '问题', '试题内容', '题干内容', '试题题干'],
  options: ['选项', '选项内容', '备选项', '备选答案'],
  answer: ['答案', '正确答案', '正确选项', '参考答案', '标准答案'],
  explanation: ['解析', '答案解析', '试题解析', '题目解析', '整体解析', '详细解析', '解释'],
  score: ['分值', '分数', '每题分值', '题目分值'],
  difficulty: ['难度', '题目难度', '难度等级', '难易程度', '难易度'],
  basis: ['法律依据', '依据', '法条依据', '法规依据', '法律条文', '出处'],
  tracks: ['适用对象', '考试人员类型', '适用人员', '人员类型', '考试对象'],
  topic: ['知识点', '章节', '知识点名称', '所属章节', '题目分类', '分类', '所属范围'],
  case: ['案例题', '案例', '案例分析', '是否案例', '是否案例题'],
};

/** Fields a file must have a column for. */
export const REQUIRED_FIELDS: readonly Field[] = ['stem', 'answer', 'basis'];

/** Chinese display name of each field, for messages and the export template. */
export const FIELD_LABELS: Readonly<Record<Field, string>> = {
  type: '题型',
  id: '编号',
  stem: '题干',
  options: '选项',
  answer: '答案',
  explanation: '解析',
  score: '分值',
  difficulty: '难度',
  basis: '法律依据',
  tracks: '适用对象',
  topic: '知识点',
  case: '案例题',
  A: '选项A',
  B: '选项B',
  C: '选项C',
  D: '选项D',
  E: '选项E',
  F: '选项F',
  G: '选项G',
  H: '选项H',
};

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(SYNONYMS) as Array<[Field, readonly string[]]>) {
  for (const name of names) LOOKUP.set(name, field);
}

/** Normalises a header or a short code value: NFKC, no spaces, no "*", no parenthesised notes, lower case. */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s*※]/g, '')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .toLowerCase();
}

/** The field a header names, or undefined. */
export function headerField(raw: string): Field | undefined {
  const h = normaliseHeader(raw);
  const option = /^(?:选项)?([a-h])(?:选项|项)?(?:内容)?$/.exec(h);
  if (option) return option[1]!.toUpperCase() as OptionField;
  return LOOKUP.get(h) ?? LOOKUP.get(h.replace(/^(?:题目|试题)(?=.)/, ''));
}

/** The fields a header row names, column by column. */
export interface HeaderMap {
  /** Field of each column (undefined for ignored columns). */
  readonly columns: ReadonlyArray<Field | undefined>;
  readonly missing: readonly Field[];
  /** Non-empty headers that name no field. */
  readonly unknown: readonly string[];
  /** Headers naming a field already taken by an earlier column (ignored). */
  readonly repeated: readonly string[];
}

/** Maps a header row to fields; the first column naming a field wins. */
export function mapHeaders(headers: readonly string[]): HeaderMap {
  const taken = new Set<Field>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  const columns = headers.map((h) => {
    if (h.trim() === '') return undefined;
    const field = headerField(h);
    if (!field) {
      unknown.push(h.trim());
      return undefined;
    }
    if (taken.has(field)) {
      repeated.push(h.trim());
      return undefined;
    }
    taken.add(field);
    return field;
  });
  return { columns, missing: REQUIRED_FIELDS.filter((f) => !taken.has(f)), unknown, repeated };
}

/** How many known fields a row of header candidates names (to find the header row below a title row). */
export function knownHeaderCount(cells: readonly string[]): number {
  return cells.filter((c) => c.trim() !== '' && headerField(c) !== undefined).length;
}

/** The file-level error for a header without a required column: names what was found and what is expected. */
export function missingColumnsMessage(found: readonly string[], missing: readonly Field[]): string {
  const lacks = missing.map((f) => `${FIELD_LABELS[f]}（可写作 ${synonymsOf(f).join('/')}）`).join('；');
  const present = found.filter((h) => h.trim() !== '').map((h) => h.trim());
  return (
    `缺少必需的列：${lacks}。文件中的列：${present.length > 0 ? present.join('、') : '（无）'}。` +
    `需要的列：题干、答案、法律依据；可选：题型、编号、选项A…选项H、解析、分值、难度、适用对象、知识点。`
  );
}

function synonymsOf(field: Field): readonly string[] {
  return field in SYNONYMS ? SYNONYMS[field as keyof typeof SYNONYMS] : [FIELD_LABELS[field]];
}

/** Builds the cells of one row from its values and the column map; trims text, keeps empty cells out. */
export function rowCells(values: readonly string[], columns: ReadonlyArray<Field | undefined>): Cells {
  const cells: Cells = {};
  columns.forEach((field, i) => {
    const v = (values[i] ?? '').replace(/\r\n?/g, '\n').trim();
    if (field && v !== '') cells[field] = v;
  });
  return cells;
}
