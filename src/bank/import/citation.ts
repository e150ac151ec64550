/**
 * Reads and writes the 法律依据 cell: "《行政处罚法》第三十六条", "《行政处罚法》第三十六条第一款、第三十七条",
 * "《中华人民共和国行政处罚法》第36条", "行政处罚法第三十六条至第三十八条". Pure.
 */
import { articleLabel, formatChineseNumber, parseChineseNumber } from '../../statutes/chinese-numerals.js';
import type { Question } from '../question-schema.js';

/** A parsed 法律依据 cell. */
export interface Citation {
  /** Law name as written, without 《》 and notes such as （2021年修订）. */
  readonly law: string;
  readonly articles: readonly string[];
  /** 款 of the first article, when given. */
  readonly paragraph?: number;
  /** Further laws cited in the same cell (only the first is kept as the basis). */
  readonly otherLaws: readonly string[];
}

const NUM = '[零〇一二两三四五六七八九十百千\\d]+';
const ARTICLE = new RegExp(`第(${NUM})条(之[一二三四五六七八九十]+)?(?:第(${NUM})款)?`, 'g');
const RANGE_LIMIT = 20;

/** Parses a 依据 cell; returns a Chinese error message when it cannot. */
export function parseCitation(raw: string): Citation | { error: string } {
  const text = raw.normalize('NFKC').replace(/\s+/g, '');
  const example = '应如《行政处罚法》第三十六条';
  if (text === '') return { error: `缺少法律依据（${example}）` };
  let law: string | undefined;
  const otherLaws: string[] = [];
  const articles: string[] = [];
  let paragraph: number | undefined;
  for (const part of text.split(/[;；]/).filter(Boolean)) {
    const named = lawName(part);
    if (named && law !== undefined && named.law !== law) {
      if (!otherLaws.includes(named.law)) otherLaws.push(named.law);
      continue;
    }
    if (named) law = named.law;
    const rest = named ? named.rest : part;
    let previous: { n: number; end: number } | undefined;
    for (const m of rest.matchAll(ARTICLE)) {
      const n = parseChineseNumber(m[1]!);
      if (n === undefined || n < 1 || n > 9999) return { error: `依据「${raw.trim()}」中的条文序号无法识别（${example}）` };
      const between = previous ? rest.slice(previous.end, m.index) : '';
      if (previous && /^(至|到|-|—|－|~|～)$/.test(between) && !m[2] && n > previous.n && n - previous.n <= RANGE_LIMIT) {
        for (let k = previous.n + 1; k < n; k++) articles.push(articleLabel(k));
      }
      const label = articleLabel(n) + (m[2] ?? '');
      if (!articles.includes(label)) articles.push(label);
      if (articles.length === 1 && m[3]) paragraph = parseChineseNumber(m[3]);
      previous = { n, end: m.index + m[0].length };
    }
  }
  if (law === undefined) return { error: `依据「${raw.trim()}」没有写明法律名称（${example}）` };
  if (articles.length === 0) return { error: `依据「${raw.trim()}」没有写明条文（${example}）` };
  return { law, articles, ...(paragraph ? { paragraph } : {}), otherLaws };
}

/** The law name at the start of a citation part: 《…》, or the text before the first 第…条. */
function lawName(part: string): { law: string; rest: string } | undefined {
  const quoted = /^[^《]*《([^》]+)》(.*)$/.exec(part);
  const found = quoted ? { name: quoted[1]!, rest: quoted[2]! } : undefined;
  const bare = found ? undefined : /^([^第《》]{2,}?)(第.*)$/.exec(part);
  const name = found?.name ?? bare?.[1];
  if (!name) return undefined;
  const law = name
    .replace(/\([^)]*\)|（[^）]*）/g, '')
    .replace(/^(根据|依据|参见|见)/, '')
    .trim();
  return law.length >= 2 ? { law, rest: found?.rest ?? bare![2]! } : undefined;
}

/** Formats a question's basis as the 依据 cell the importer reads back ("《行政处罚法》第三十六条第一款、第三十七条"). */
export function formatCitation(basis: Question['basis']): string {
  const [first, ...rest] = basis.articles;
  const paragraph = basis.paragraph ? `第${formatChineseNumber(basis.paragraph)}款` : '';
  return `《${basis.law}》${first ?? ''}${paragraph}${rest.map((a) => `、${a}`).join('')}`;
}
