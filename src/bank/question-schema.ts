/**
 * The question-bank file format (questions/*.json), validated with zod at the trust boundary.
 * Documented for bank authors in questions/README.md.
 */
import { z } from 'zod';
import { TRACKS } from '../core/model.js';

/** The tracks are the people's as much as the bank's: defined in core/model.ts, re-exported for bank code. */
export { TRACKS, type Track } from '../core/model.js';

export const QUESTION_TYPES = ['single', 'multiple', 'judge'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const TYPE_LABELS: Readonly<Record<QuestionType, string>> = { single: '单选题', multiple: '多选题', judge: '判断题' };

export const OPTION_LETTERS = 'ABCDEFGH';
const ARTICLE_LABEL = /^第[零〇一二两三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$/;

export const BasisSchema = z.object({
  /** Short title as carried in laws/, e.g. '行政处罚法' (no 《》). */
  law: z
    .string()
    .min(2)
    .regex(/^[^《》]+$/, 'law is the short title without 《》'),
  /** One or more articles, e.g. ['第三十六条']. */
  articles: z.array(z.string().regex(ARTICLE_LABEL, 'article must look like 第三十六条')).min(1),
  /** 款 (1-based) where it matters, for the first article. */
  paragraph: z.number().int().min(1).optional(),
  /**
   * Version date of the statute text the question was written from, YYYY-MM-DD. Required in the shipped
   * bank (check-bank enforces it); an imported question citing a law the project does not carry has none.
   */
  version: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'version must be YYYY-MM-DD')
    .optional(),
});

export const QuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'id: lower-case letters, digits and dashes'),
    type: z.enum(QUESTION_TYPES),
    stem: z.string().min(4).max(500),
    /** Option texts without their letter; omitted for judge questions. */
    options: z.array(z.string().min(1).max(200)).min(2).max(8).optional(),
    /** 'B' (single), 'ABD' (multiple, letters ascending), '对' or '错' (judge). */
    answer: z.string().min(1),
    explanation: z.string().min(4).max(1000),
    basis: BasisSchema,
    tracks: z.array(z.enum(TRACKS)).min(1),
    topic: z.string().min(1).max(40),
    /** 案例分析: the stem sets out a realistic situation from a county office's work and asks what the law says of it. */
    case: z.boolean().optional(),
    /** 1 基础 · 2 中等 · 3 较难 */
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** 分值 in the bureau's own bank (imported banks); informational. */
    score: z.number().positive().max(100).optional(),
    /** Set once a human has re-read the question against a changed article text (see check-bank). */
    reviewedHash: z.string().optional(),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (q.type === 'judge') {
      if (q.options !== undefined) issue('options', 'judge questions have no options');
      if (q.answer !== '对' && q.answer !== '错') issue('answer', 'judge answer must be 对 or 错');
      return;
    }
    if (!q.options) return issue('options', `${q.type} questions need 2–8 options`);
    const letters = OPTION_LETTERS.slice(0, q.options.length);
    if (!/^[A-H]+$/.test(q.answer)) return issue('answer', 'answer must be option letters such as B or ABD');
    if ([...q.answer].some((l) => !letters.includes(l))) issue('answer', `answer ${q.answer} is not among the options ${letters}`);
    if ([...q.answer].sort().join('') !== q.answer || new Set(q.answer).size !== q.answer.length) {
      issue('answer', 'answer letters must be ascending and distinct, e.g. ABD');
    }
    if (q.type === 'single' && q.answer.length !== 1) issue('answer', 'single-choice answer is one letter');
    if (q.type === 'multiple' && q.answer.length < 2) issue('answer', 'multiple-choice answer has at least two letters');
    if (new Set(q.options).size !== q.options.length) issue('options', 'options must be distinct');
  });

export type Question = z.infer<typeof QuestionSchema>;

/** Name of the shipped bank (questions/*.json); every other bank name is an imported bank. */
export const BUILTIN_BANK = 'builtin';

export const BankFileSchema = z.object({
  /** Bank name; 'builtin' for the shipped bank. Imported banks use their own name. */
  bank: z.string().min(1).max(40).default(BUILTIN_BANK),
  /**
   * Imported banks only: `law|第X条` → article hash when the bank was imported (the shipped bank keeps
   * its lock in questions/citations.lock.json). Lets check-bank notice changed articles in imported banks.
   */
  citations: z.record(z.string(), z.string()).optional(),
  questions: z.array(z.unknown()),
});
