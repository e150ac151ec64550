/**
 * Parses one statute file of laws/ (YAML front matter + the verbatim text, one paragraph per line)
 * into articles with their paragraphs (款). Pure: text in, data out.
 *
 * File layout (laws/README.md): article lines start with `第X条` (optionally `之一`) followed by a space;
 * the lines after an article line up to the next article or heading are its further paragraphs and items.
 */
import { createHash } from 'node:crypto';
import { parseChineseNumber } from './chinese-numerals.js';

export interface Article {
  /** '第三十六条' or '第一百三十三条之一' */
  readonly label: string;
  readonly number: number;
  /** Paragraphs (款) with their items (项) folded in, whitespace-normalised. */
  readonly paragraphs: readonly string[];
  /** The whole article as one string (paragraphs joined by newlines, without the label). */
  readonly text: string;
  /** Short content hash, to notice when a new version of the statute changes this article. */
  readonly hash: string;
}

export interface Statute {
  /** File stem, e.g. 'xingzheng-chufa-fa'. Stable id used in question ids. */
  readonly slug: string;
  readonly title: string;
  /** '行政处罚法', as cited in 《》. */
  readonly shortTitle: string;
  /** Date of the version carried, 'YYYY-MM-DD'. */
  readonly versionDate: string;
  readonly versionStatement: string;
  readonly articles: ReadonlyMap<string, Article>;
  /** Articles in statutory order. */
  readonly order: readonly string[];
}

const ARTICLE_LINE = /^(第([零〇一二两三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?)[ \u3000]+(.*)$/;
const ITEM_LINE = /^[（(][一二三四五六七八九十]+[）)]/;

/** Collapses the source's odd spaces (U+3000, U+2002, U+200B) so texts compare reliably. */
export function normaliseText(s: string): string {
  return s
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/[\s\u3000\u2002]+/g, ' ')
    .trim();
}

function frontMatter(source: string): { fields: Record<string, string>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!m) return { fields: {}, body: source };
  const fields: Record<string, string> = {};
  for (const line of m[1]!.split('\n')) {
    const kv = /^([a-z_]+):\s*(.*)$/.exec(line);
    if (kv && kv[2] !== '') fields[kv[1]!] = kv[2]!.replace(/^"(.*)"$/, '$1');
  }
  return { fields, body: source.slice(m[0].length) };
}

/** Parses a statute file. Throws if the file has no front matter title/version or no articles. */
export function parseStatute(slug: string, source: string): Statute {
  const { fields, body } = frontMatter(source);
  const shortTitle = fields.short_title;
  const versionDate = fields.version_date;
  if (!shortTitle || !versionDate) throw new Error(`${slug}: front matter lacks short_title or version_date`);
  const text = body.includes('<!-- INFO END -->') ? body.slice(body.indexOf('<!-- INFO END -->')) : body;

  const articles = new Map<string, Article>();
  const order: string[] = [];
  let current: { label: string; number: number; paragraphs: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const joined = current.paragraphs.join('\n');
    articles.set(current.label, {
      label: current.label,
      number: current.number,
      paragraphs: current.paragraphs,
      text: joined,
      hash: createHash('sha256').update(joined).digest('hex').slice(0, 16),
    });
    order.push(current.label);
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = normaliseText(raw);
    if (line === '' || line.startsWith('<!--')) continue;
    if (line.startsWith('#')) {
      flush();
      continue;
    }
    const m = ARTICLE_LINE.exec(line);
    if (m) {
      flush();
      current = { label: m[1]!, number: parseChineseNumber(m[2]!) ?? 0, paragraphs: [m[4]!] };
    } else if (current) {
      if (ITEM_LINE.test(line) && current.paragraphs.length > 0) {
        current.paragraphs[current.paragraphs.length - 1] += `\n${line}`;
      } else {
        current.paragraphs.push(line);
      }
    }
  }
  flush();
  if (articles.size === 0) throw new Error(`${slug}: no articles found`);
  return {
    slug,
    title: fields.title ?? shortTitle,
    shortTitle,
    versionDate,
    versionStatement: fields.version_statement ?? '',
    articles,
    order,
  };
}
