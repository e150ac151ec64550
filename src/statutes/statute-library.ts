/**
 * The statute texts the project carries (laws/*.md), loaded once and looked up by short title.
 * The question bank cites them; the study-topic push quotes them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Article, type Statute, parseStatute } from './parse-statute.js';
import { parseArticleLabel, articleLabel } from './chinese-numerals.js';

export interface StatuteLibrary {
  readonly statutes: readonly Statute[];
  /** By short title ('行政处罚法'), full title ('中华人民共和国行政处罚法') or slug. */
  find(name: string): Statute | undefined;
  /** Article by law name and label ('第三十六条', '第36条', '36'). */
  article(law: string, label: string): Article | undefined;
}

/** Builds a library over already-parsed statutes (pure; tests use it directly). */
export function createStatuteLibrary(statutes: readonly Statute[]): StatuteLibrary {
  const byName = new Map<string, Statute>();
  for (const s of statutes) {
    byName.set(s.shortTitle, s);
    byName.set(s.title, s);
    byName.set(s.slug, s);
  }
  const find = (name: string) => byName.get(name.replace(/[《》\s]/g, ''));
  return {
    statutes,
    find,
    article(law, label) {
      const statute = find(law);
      if (!statute) return undefined;
      const direct = statute.articles.get(label.trim());
      if (direct) return direct;
      const n = parseArticleLabel(label);
      return n === undefined ? undefined : statute.articles.get(articleLabel(n));
    },
  };
}

/** Reads every `*.md` statute file in `dir`. */
export async function loadStatuteLibrary(dir: string): Promise<StatuteLibrary> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
  const statutes = await Promise.all(files.map(async (f) => parseStatute(f.replace(/\.md$/, ''), await readFile(join(dir, f), 'utf8'))));
  return createStatuteLibrary(statutes);
}
