/**
 * Papers: the reserved pool an exam draws from (fixed when the exam is created) and each person's paper
 * (drawn per attempt from the exam's seed: 卷卷不同, options shuffled per person). Pure and deterministic:
 * the same (exam, person, attempt) always gives the same paper.
 */
import type { LoadedQuestion } from '../bank/check-bank.js';
import { QUESTION_TYPES, type QuestionType, TYPE_LABELS } from '../bank/question-schema.js';
import { createRandom, seedOf, shuffled } from '../quiz/seeded-random.js';
import type { Exam, PaperItem, PerType, PoolBucket } from './exam-model.js';
import type { ExamIssue, ExamSpec } from './exam-file.js';

const FILE_KEY: Readonly<Record<QuestionType, string>> = { single: 'single', multiple: 'multi', judge: 'judge' };

/**
 * The exam's pool for a drawn paper: per (law, type) quota and per type for the rest, `poolFactor` times the
 * questions each paper takes (or all there are), chosen by the seed. Only these questions are held out of
 * daily practice while the exam is live. Impossible counts are issues naming the field.
 */
export function buildPool(spec: ExamSpec['paper'], eligible: readonly LoadedQuestion[], seed: string): { buckets: PoolBucket[]; issues: ExamIssue[] } {
  const counts = spec.counts ?? {};
  const buckets: PoolBucket[] = [];
  const issues: ExamIssue[] = [];
  const laws = new Set(eligible.map((q) => q.basis.law));
  const reserve = (type: QuestionType, law: string | undefined, take: number, from: readonly LoadedQuestion[]) => {
    const ids = shuffled(from.map((q) => q.id).sort(), createRandom(seedOf('exam-pool', seed, type, law ?? ''))).slice(
      0,
      Math.max(take, Math.ceil(take * spec.poolFactor)),
    );
    buckets.push({ type, ...(law ? { law } : {}), take, ids });
  };
  spec.quotas.forEach((quota, i) => {
    if (!laws.has(quota.law)) issues.push({ path: `paper.quotas[${i}].law`, message: `适合该考试对象的题目中没有《${quota.law}》的题` });
  });
  for (const type of QUESTION_TYPES) {
    const want = counts[type] ?? 0;
    const quotas = spec.quotas.flatMap((q, i) => ((q.counts[type] ?? 0) > 0 ? [{ ...q, i, n: q.counts[type]! }] : []));
    const quotaSum = quotas.reduce((s, q) => s + q.n, 0);
    if (quotaSum > want) {
      issues.push({ path: `paper.counts.${FILE_KEY[type]}`, message: `${TYPE_LABELS[type]}共 ${want} 道，少于各法律配额之和 ${quotaSum} 道` });
      continue;
    }
    const ofType = eligible.filter((q) => q.type === type);
    for (const q of quotas) {
      if (!laws.has(q.law)) continue;
      const have = ofType.filter((x) => x.basis.law === q.law);
      if (have.length < q.n) {
        issues.push({
          path: `paper.quotas[${q.i}].${FILE_KEY[type]}`,
          message: `《${q.law}》${TYPE_LABELS[type]}需要 ${q.n} 道，题库中适合该考试对象的只有 ${have.length} 道`,
        });
      } else reserve(type, q.law, q.n, have);
    }
    const rest = want - quotaSum;
    if (rest === 0) continue;
    const quotaLaws = new Set(quotas.map((q) => q.law));
    const others = ofType.filter((x) => !quotaLaws.has(x.basis.law));
    if (others.length < rest) {
      const where = quotaLaws.size > 0 ? `（配额以外的法律）` : '';
      issues.push({
        path: `paper.counts.${FILE_KEY[type]}`,
        message: `${TYPE_LABELS[type]}需要 ${rest} 道${where}，题库中适合该考试对象的只有 ${others.length} 道`,
      });
    } else reserve(type, undefined, rest, others);
  }
  return { buckets, issues };
}

/** Question ids an exam may draw (held out of daily practice while it is live). */
export function poolIds(exam: Pick<Exam, 'paper'>): string[] {
  return exam.paper.kind === 'fixed' ? [...exam.paper.questionIds] : exam.paper.buckets.flatMap((b) => b.ids);
}

/** Option order per (exam, person, attempt, question); 判断 has none. */
export function examOptionOrder(seed: string, personId: string, n: number, q: LoadedQuestion): number[] {
  const count = q.options?.length ?? 0;
  return count === 0
    ? []
    : shuffled(
        Array.from({ length: count }, (_, i) => i),
        createRandom(seedOf('exam-options', seed, personId, String(n), q.id)),
      );
}

export type DrawResult = { readonly ok: true; readonly paper: PaperItem[] } | { readonly ok: false; readonly missing: number };

/**
 * Person `personId`'s paper for attempt `n`: questions grouped 单选, 多选, 判断 (shuffled within each type unless
 * the exam says not to), each with its option order, points and key as they are now. Questions deleted from
 * the bank since the exam was created are skipped; when a bucket then cannot fill its share, nothing is drawn.
 */
export function drawPaper(exam: Exam, personId: string, n: number, get: (id: string) => LoadedQuestion | undefined): DrawResult {
  const random = (label: string) => createRandom(seedOf('exam-paper', exam.seed, personId, String(n), label));
  let chosen: LoadedQuestion[] = [];
  let missing = 0;
  if (exam.paper.kind === 'fixed') {
    for (const id of exam.paper.questionIds) {
      const q = get(id);
      if (q) chosen.push(q);
      else missing++;
    }
  } else {
    exam.paper.buckets.forEach((b, i) => {
      const have = b.ids.map(get).filter((q): q is LoadedQuestion => q !== undefined);
      if (have.length < b.take) missing += b.take - have.length;
      chosen.push(...shuffled(have, random(`bucket-${i}`)).slice(0, b.take));
    });
  }
  if (missing > 0) return { ok: false, missing };
  const byType = QUESTION_TYPES.map((t) => chosen.filter((q) => q.type === t));
  chosen = byType.flatMap((list, i) => (exam.shuffle ? shuffled(list, random(`order-${i}`)) : list));
  return { ok: true, paper: chosen.map((q) => paperItem(q, examOptionOrder(exam.seed, personId, n, q), exam.points)) };
}

function paperItem(q: LoadedQuestion, order: number[], points: PerType): PaperItem {
  return { questionId: q.id, type: q.type, order, points: points[q.type], key: q.answer };
}
