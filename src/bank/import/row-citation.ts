/**
 * Checks an imported row's 法律依据 against the statute texts the project carries. Pure.
 * A carried law: every cited article (and 款) must exist, the version is the carried text's date, and the
 * answer's key facts are looked for in the article (warnings). A law not carried: kept, with a warning.
 */
import type { StatuteLibrary } from '../../statutes/statute-library.js';
import { missingKeyFacts } from '../check-bank.js';
import type { Question, QuestionType } from '../question-schema.js';
import { parseCitation } from './citation.js';

/** The basis of a row checked against the carried statutes. */
export interface RowCitation {
  readonly basis?: Question['basis'];
  /** "《行政处罚法》第三十六条规定：…" (first cited article), to stand in for a missing 解析. */
  readonly articleText?: string;
  readonly errors: string[];
  readonly warnings: string[];
}

const MAX_EXPLANATION = 1000;

/** `q` is what is known of the question so far, for the key-fact heuristic. */
export function checkRowCitation(
  raw: string,
  laws: StatuteLibrary,
  q: { type?: QuestionType; answer?: string; options: readonly string[]; stem: string },
): RowCitation {
  const errors: string[] = [];
  const warnings: string[] = [];
  const parsed = parseCitation(raw);
  if ('error' in parsed) return { errors: [parsed.error], warnings };
  if (parsed.otherLaws.length > 0) {
    warnings.push(`依据中还引用了${parsed.otherLaws.map((l) => `《${l}》`).join('')}，只保留第一部法律《${parsed.law}》`);
  }
  const statute = laws.find(parsed.law) ?? laws.find(`中华人民共和国${parsed.law}`);
  if (!statute) {
    warnings.push(`《${parsed.law}》不在本项目收录的法律文本中，无法核对条文，请人工核对`);
    const law = parsed.law.replace(/^中华人民共和国/, '');
    return { basis: { law, articles: [...parsed.articles], ...(parsed.paragraph ? { paragraph: parsed.paragraph } : {}) }, errors, warnings };
  }
  const articles = [];
  for (const label of parsed.articles) {
    const article = laws.article(statute.shortTitle, label);
    if (article) articles.push(article);
    else errors.push(`《${statute.shortTitle}》没有${label}（收录文本为 ${statute.versionDate} 版）`);
  }
  const first = articles[0];
  if (errors.length > 0 || !first) return { errors, warnings };
  if (parsed.paragraph !== undefined && parsed.paragraph > first.paragraphs.length) {
    errors.push(`《${statute.shortTitle}》${first.label}只有 ${first.paragraphs.length} 款，没有第 ${parsed.paragraph} 款`);
    return { errors, warnings };
  }
  if (q.type && q.answer) {
    const options = q.options.length > 0 ? [...q.options] : undefined;
    for (const fact of missingKeyFacts({ type: q.type, answer: q.answer, stem: q.stem, options }, articles.map((a) => a.text).join('\n'))) {
      warnings.push(`答案中的「${fact}」在所引条文中找不到，请核对答案和依据`);
    }
  }
  const text = `《${statute.shortTitle}》${first.label}规定：${first.text.replace(/\n/g, '')}`;
  return {
    basis: {
      law: statute.shortTitle,
      articles: articles.map((a) => a.label),
      ...(parsed.paragraph ? { paragraph: parsed.paragraph } : {}),
      version: statute.versionDate,
    },
    articleText: text.length > MAX_EXPLANATION ? `${text.slice(0, MAX_EXPLANATION - 1)}…` : text,
    errors,
    warnings,
  };
}
