/**
 * A question of our bank format as the cells of one template row, and back again for JSON rows.
 * Shared by the export (question → spreadsheet row) and the JSON reader (our format → the common row pipeline). Pure.
 */
import { type Question, TYPE_LABELS } from '../question-schema.js';
import { formatCitation } from './citation.js';
import { type Cells, type Field, OPTION_FIELDS, headerField } from './headers.js';

/** The cells the importer reads back into the same question. */
export function questionCells(q: Question): Cells {
  const cells: Cells = {
    type: TYPE_LABELS[q.type],
    id: q.id,
    stem: q.stem,
    answer: q.answer,
    explanation: q.explanation,
    difficulty: String(q.difficulty),
    basis: formatCitation(q.basis),
    tracks: q.tracks.join('、'),
    topic: q.topic,
  };
  if (q.score !== undefined) cells.score = String(q.score);
  if (q.case) cells.case = '是';
  for (const [i, o] of (q.options ?? []).entries()) cells[OPTION_FIELDS[i]!] = o;
  return cells;
}

/**
 * Cells of one JSON item: our question format (it has `stem`) or a row keyed by Chinese headers
 * ({"题型": "单选", "题干": …, "选项A": …} or {"选项": ["…", "…"]}). Values that are not text are stringified.
 */
export function jsonItemCells(item: Record<string, unknown>): { cells: Cells; fields: Field[] } {
  if ('stem' in item) return { cells: ownFormatCells(item), fields: ['stem', 'answer', 'basis'] };
  const cells: Cells = {};
  const fields: Field[] = [];
  for (const [key, value] of Object.entries(item)) {
    const field = headerField(key);
    if (!field) continue;
    fields.push(field);
    if (field === 'options' && Array.isArray(value)) {
      for (const [i, o] of value.slice(0, OPTION_FIELDS.length).entries()) cells[OPTION_FIELDS[i]!] = String(o).trim();
      continue;
    }
    const text = Array.isArray(value) ? value.map(String).join('、') : value === null || value === undefined ? '' : String(value);
    if (text.trim() !== '') cells[field] = text.replace(/\r\n?/g, '\n').trim();
  }
  return { cells, fields };
}

/** An item in our bank format; anything malformed is left out and reported by the row check. */
function ownFormatCells(item: Record<string, unknown>): Cells {
  const cells: Cells = {};
  const put = (field: Field, v: unknown) => {
    const text = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    if (text !== '') cells[field] = text;
  };
  put('id', item.id);
  put('type', typeof item.type === 'string' && item.type in TYPE_LABELS ? TYPE_LABELS[item.type as Question['type']] : item.type);
  for (const field of ['stem', 'answer', 'explanation', 'score', 'difficulty', 'topic'] as const) put(field, item[field]);
  if (Array.isArray(item.options)) for (const [i, o] of item.options.slice(0, OPTION_FIELDS.length).entries()) put(OPTION_FIELDS[i]!, o);
  if (Array.isArray(item.tracks)) put('tracks', item.tracks.join('、'));
  if (item.case === true) put('case', '是');
  const basis = item.basis as Partial<Question['basis']> | undefined;
  if (basis && typeof basis.law === 'string' && Array.isArray(basis.articles)) {
    put(
      'basis',
      formatCitation({ law: basis.law, articles: basis.articles.map(String), ...(typeof basis.paragraph === 'number' ? { paragraph: basis.paragraph } : {}) }),
    );
  }
  return cells;
}
