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
      errors.push({ file: file.name, message: 'not a bank file: expected {"bank": "...", "questions": [...]}' });
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
        errors.push({ ...where, field: 'id', message: `duplicate id (also in ${earlier})` });
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
    const issue = { file: b.file, id: b.id, field: 'stem', message: `stem nearly duplicates ${a.id} (${Math.round(similarity * 100)}% alike)` };
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
    if (imported) warnings.push({ field: 'basis.law', message: `《${q.basis.law}》 is not among the statute texts in laws/: the citation cannot be checked` });
    else errors.push({ field: 'basis.law', message: `《${q.basis.law}》 is not among the statute texts in laws/` });
    return { errors, warnings, needsReview };
  }
  const texts: string[] = [];
  let changedSinceLock = false;
  let allLocked = true;
  for (const label of q.basis.articles) {
    const article = statute.articles.get(label);
    if (!article) {
      errors.push({ field: 'basis.articles', message: `《${statute.shortTitle}》 has no ${label}` });
      continue;
    }
    texts.push(article.text);
    const locked = lock[citationKey(statute.shortTitle, label)];
    if (locked === undefined) allLocked = false;
    else if (locked !== article.hash) changedSinceLock = true;
  }
  const first = statute.articles.get(q.basis.articles[0]!);
  if (first && q.basis.paragraph !== undefined && q.basis.paragraph > first.paragraphs.length) {
    errors.push({ field: 'basis.paragraph', message: `${first.label} has only ${first.paragraphs.length} paragraph(s)` });
  }
  if (changedSinceLock) {
    needsReview = true;
    warnings.push({ field: 'basis', message: 'cited article text changed since the bank was written: review, then run check-bank --write-lock' });
  } else if (q.basis.version === undefined && !imported) {
    errors.push({ field: 'basis.version', message: `version is required in the shipped bank (text carried is ${statute.versionDate})` });
  } else if (q.basis.version !== statute.versionDate) {
    if (allLocked) {
      warnings.push({
        field: 'basis.version',
        message: `written from ${q.basis.version}, text carried is ${statute.versionDate}; the cited article is unchanged, so update the version`,
      });
    } else if (imported) {
      needsReview = true;
      warnings.push({
        field: 'basis.version',
        message: `written from ${q.basis.version ?? 'an unknown version'}, text carried is ${statute.versionDate}: held for review until the bank is re-imported`,
      });
    } else {
      errors.push({ field: 'basis.version', message: `version ${q.basis.version} does not match the text carried (${statute.versionDate})` });
    }
  }
  if (texts.length > 0) {
    for (const fact of missingKeyFacts(q, texts.join('\n'))) {
      warnings.push({ field: 'answer', message: `key fact "${fact}" of the answer is not in the cited article(s)` });
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
