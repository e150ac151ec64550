/**
 * Validates a question bank against its schema and against the statute texts it cites.
 * Pure: parsed files and the statute library in, a report out. `load-bank.ts` does the I/O.
 *
 * Errors refuse the bank (never half-loaded); warnings are for a human to review;
 * `needsReview` questions cite an article whose text changed since the bank was written
 * (per questions/citations.lock.json) and are not served until reviewed.
 *
 * Imported banks (bank name other than 'builtin') are checked a little differently: a law the project does not
 * carry is a warning (the citation cannot be checked), their lock is the `citations` map of their own file, a
 * version that no longer matches the carried text holds the question for review instead of refusing the bank,
 * and near-duplicate stems are only warnings.
 */
import type { StatuteLibrary } from '../statutes/statute-library.js';
import { normaliseText } from '../statutes/parse-statute.js';
import { BUILTIN_BANK, BankFileSchema, type Question, QuestionSchema } from './question-schema.js';

export interface BankIssue {
  readonly file: string;
  readonly id?: string;
  readonly field?: string;
  readonly message: string;
}

export interface BankFile {
  readonly name: string;
  readonly content: unknown;
}

export interface LoadedQuestion extends Question {
  readonly bank: string;
  readonly file: string;
}

export interface BankReport {
  readonly questions: readonly LoadedQuestion[];
  readonly errors: readonly BankIssue[];
  readonly warnings: readonly BankIssue[];
  /** Ids of questions whose cited article text changed since the lock was written. */
  readonly needsReview: readonly string[];
}

/** `law|第X条` → article hash at the time the questions citing it were written or reviewed. */
export type CitationLock = Readonly<Record<string, string>>;

export function citationKey(law: string, article: string): string {
  return `${law}|${article}`;
}

/** Checks every file; collects every problem rather than stopping at the first. */
export function checkBank(files: readonly BankFile[], laws: StatuteLibrary, lock: CitationLock = {}): BankReport {
  const errors: BankIssue[] = [];
  const warnings: BankIssue[] = [];
  const needsReview: string[] = [];
  const questions: LoadedQuestion[] = [];
  const seen = new Map<string, string>();

  for (const file of files) {
    const parsedFile = BankFileSchema.safeParse(file.content);
    if (!parsedFile.success) {
      errors.push({ file: file.name, message: '不是题库文件：应为 {"bank": "...", "questions": [...]}' });
      continue;
    }
    const imported = parsedFile.data.bank !== BUILTIN_BANK;
    const fileLock = imported ? (parsedFile.data.citations ?? {}) : lock;
    parsedFile.data.questions.forEach((raw, index) => {
      const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : `#${index + 1}`;
      const parsed = QuestionSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          errors.push({ file: file.name, id: rawId, field: issue.path.join('.') || undefined, message: issue.message });
        }
        return;
      }
      const q = parsed.data;
      const where = { file: file.name, id: q.id };
      const earlier = seen.get(q.id);
      if (earlier) {
        errors.push({ ...where, field: 'id', message: `编号重复（${earlier} 中也有）` });
        return;
      }
      seen.set(q.id, file.name);
      const citation = checkCitation(q, laws, fileLock, imported);
      for (const e of citation.errors) errors.push({ ...where, ...e });
      for (const w of citation.warnings) warnings.push({ ...where, ...w });
      if (citation.needsReview) needsReview.push(q.id);
      questions.push({ ...q, bank: parsedFile.data.bank, file: file.name });
    });
  }
  for (const [a, b, similarity] of nearDuplicates(questions)) {
    const issue = { file: b.file, id: b.id, field: 'stem', message: `题干与 ${a.id} 几乎相同（相似度 ${Math.round(similarity * 100)}%）` };
    if (a.type === b.type && similarity >= 0.9 && a.bank === BUILTIN_BANK && b.bank === BUILTIN_BANK) errors.push(issue);
    else warnings.push(issue);
  }
  return { questions, errors, warnings, needsReview };
}

type Finding = { field?: string; message: string };

function checkCitation(q: Question, laws: StatuteLibrary, lock: CitationLock, imported: boolean) {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  let needsReview = false;
  const statute = laws.find(q.basis.law);
  if (!statute) {
    if (imported) warnings.push({ field: 'basis.law', message: `《${q.basis.law}》不在随附的法律文本（laws/）中，无法核对引用的条文` });
    else errors.push({ field: 'basis.law', message: `《${q.basis.law}》不在随附的法律文本（laws/）中` });
    return { errors, warnings, needsReview };
  }
  const texts: string[] = [];
  let changedSinceLock = false;
  let allLocked = true;
  for (const label of q.basis.articles) {
    const article = statute.articles.get(label);
    if (!article) {
      errors.push({ field: 'basis.articles', message: `《${statute.shortTitle}》没有${label}` });
      continue;
    }
    texts.push(article.text);
    const locked = lock[citationKey(statute.shortTitle, label)];
    if (locked === undefined) allLocked = false;
    else if (locked !== article.hash) changedSinceLock = true;
  }
  const first = statute.articles.get(q.basis.articles[0]!);
  if (first && q.basis.paragraph !== undefined && q.basis.paragraph > first.paragraphs.length) {
    errors.push({ field: 'basis.paragraph', message: `${first.label}只有 ${first.paragraphs.length} 款` });
  }
  if (changedSinceLock) {
    needsReview = true;
    warnings.push({ field: 'basis', message: '所引条文在出题后已修改：请复核题目，然后运行 check-bank --write-lock' });
  } else if (q.basis.version === undefined && !imported) {
    errors.push({ field: 'basis.version', message: `内置题库必须写明法律版本（随附文本为 ${statute.versionDate} 版）` });
  } else if (q.basis.version !== statute.versionDate) {
    if (allLocked) {
      warnings.push({
        field: 'basis.version',
        message: `按 ${q.basis.version} 版出题，随附文本为 ${statute.versionDate} 版；所引条文未变，请更新版本日期`,
      });
    } else if (imported) {
      needsReview = true;
      warnings.push({
        field: 'basis.version',
        message: `按 ${q.basis.version ?? '未注明的'} 版出题，随附文本为 ${statute.versionDate} 版：暂停出题，待复核后重新导入`,
      });
    } else {
      errors.push({ field: 'basis.version', message: `版本 ${q.basis.version} 与随附文本（${statute.versionDate} 版）不符` });
    }
  }
  if (texts.length > 0) {
    for (const fact of missingKeyFacts(q, texts.join('\n'))) {
      warnings.push({ field: 'answer', message: `答案中的关键数字“${fact}”在所引条文中没有找到` });
    }
  }
  return { errors, warnings, needsReview };
}

/** A statute's version named in a stem: 2025年修订, 2017年修正. */
const VERSION_MENTION = /\d{4}年(?:第[一二三四五六七八九十]+次)?(?:修订|修正|修改)/g;

const NUMBER_FACT = /[零〇一二两三四五六七八九十百千万\d]+(?:个)?(?:日|天|年|月|小时|周|工作日|元|人|次|倍|周岁)/g;

/** Heuristic: the numbers-with-units in the correct option(s) (or a true judge stem) should appear in the article. */
export function missingKeyFacts(q: Pick<Question, 'type' | 'answer' | 'stem' | 'options'>, articleText: string): string[] {
  const text = normaliseText(articleText);
  const sources: string[] = [];
  if (q.type === 'judge') {
    // "根据2025年修订的《…》" names the version of the law, not a fact the article must contain.
    if (q.answer === '对') sources.push(q.stem.replace(VERSION_MENTION, ''));
  } else if (q.options) {
    for (const letter of q.answer) sources.push(q.options[letter.charCodeAt(0) - 65] ?? '');
  }
  const missing = new Set<string>();
  for (const s of sources) {
    for (const m of s.matchAll(NUMBER_FACT)) {
      const fact = m[0].replace('个', '');
      if (!text.includes(fact) && !text.includes(m[0])) missing.add(m[0]);
    }
  }
  return [...missing];
}

function bigrams(s: string): Set<string> {
  const t = s.replace(/[\s，。、；：？！（）()“”"'《》_　]/g, '');
  const out = new Set<string>();
  for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
  return out;
}

/** Pairs of questions whose stems share ≥ 80 % of their character bigrams (Dice coefficient). */
function nearDuplicates(questions: readonly LoadedQuestion[]): Array<[LoadedQuestion, LoadedQuestion, number]> {
  const grams = questions.map((q) => bigrams(q.stem));
  const index = new Map<string, number[]>();
  const pairs: Array<[LoadedQuestion, LoadedQuestion, number]> = [];
  grams.forEach((set, i) => {
    const overlap = new Map<number, number>();
    for (const g of set) {
      for (const j of index.get(g) ?? []) overlap.set(j, (overlap.get(j) ?? 0) + 1);
    }
    for (const [j, shared] of overlap) {
      const dice = (2 * shared) / (set.size + grams[j]!.size);
      if (dice >= 0.8 && questions[j]!.basis.law === questions[i]!.basis.law) pairs.push([questions[j]!, questions[i]!, dice]);
    }
    for (const g of set) {
      const list = index.get(g);
      if (list) list.push(i);
      else index.set(g, [i]);
    }
  });
  return pairs;
}
