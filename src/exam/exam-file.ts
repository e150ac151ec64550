/**
 * The exam file an admin writes (`npm run pufa -- exam create <file.json>`), validated with zod at the trust
 * boundary. Only its shape is checked here; what depends on the bank, the org chart and other exams is checked
 * by plan-exam.ts. Messages are Chinese (zod's zh-CN locale plus our own), each naming its field.
 */
import { z } from 'zod';
import { QUESTION_TYPES, type QuestionType, TRACKS, type Track } from '../bank/question-schema.js';
import { parseExamTime } from './date-time.js';

/** A problem with the exam file (or a 补考 window), naming the field: 'paper.counts.single', 'audience.departments[0]'. */
export interface ExamIssue {
  readonly path: string;
  readonly message: string;
}

/** Counts or points per type; the file says `multi` (or `multiple`) for 多选. */
export type TypeNumbers = Partial<Record<QuestionType, number>>;

export interface ExamSpec {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
  readonly durationMinutes: number;
  readonly passMark: number;
  readonly attempts: number;
  readonly audience: { readonly departments: readonly string[]; readonly tracks: readonly Track[] };
  readonly paper: {
    readonly questions?: readonly string[];
    readonly counts?: TypeNumbers;
    readonly points: TypeNumbers;
    readonly quotas: ReadonlyArray<{ readonly law: string; readonly counts: TypeNumbers }>;
    readonly poolFactor: number;
    readonly shuffle: boolean;
  };
  readonly partialCredit: number;
  readonly explanations: 'after-submit' | 'after-close';
  readonly issuer?: string;
}

/** `{"single": 30, "multi": 10, "judge": 20}` → per QuestionType; `multi` and `multiple` are the same key. */
const perType = (value: z.ZodNumber) =>
  z
    .object({ single: value.optional(), multi: value.optional(), multiple: value.optional(), judge: value.optional() })
    .strict()
    .superRefine((o, ctx) => {
      if (o.multi !== undefined && o.multiple !== undefined) ctx.addIssue({ code: 'custom', path: ['multi'], message: '多选题只写一次（multi 或 multiple）' });
    })
    .transform((o): TypeNumbers => {
      const out: TypeNumbers = {};
      for (const t of QUESTION_TYPES) {
        const v = t === 'multiple' ? (o.multi ?? o.multiple) : o[t];
        if (v !== undefined) out[t] = v;
      }
      return out;
    });

const QUESTION_ID = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, '题目编号只含小写字母、数字和连字符');

function fileSchema(timeZone: string) {
  const time = (end: boolean) =>
    z.string().transform((s, ctx) => {
      const at = parseExamTime(s, timeZone, end ? 'end' : 'start');
      if (!at) {
        ctx.addIssue({ code: 'custom', message: `“${s}”不是有效的时间，请写成 2026-12-01 09:00（${timeZone} 时间）` });
        return z.NEVER;
      }
      return at;
    });
  return z
    .object({
      name: z.string().trim().min(2).max(60),
      from: time(false),
      to: time(true),
      durationMinutes: z.number().int().min(1).max(600),
      passMark: z.number().min(0),
      attempts: z.number().int().min(1).max(10),
      audience: z
        .object({
          departments: z.array(z.string().trim().min(1)).default([]),
          tracks: z.array(z.enum(TRACKS)).default([]),
        })
        .strict()
        .default({ departments: [], tracks: [] }),
      paper: z
        .object({
          questions: z.array(QUESTION_ID).min(1).max(200).optional(),
          counts: perType(z.number().int().min(0).max(200)).optional(),
          points: perType(z.number().positive().max(100)),
          quotas: z
            .array(
              z
                .object({
                  law: z
                    .string()
                    .trim()
                    .min(2)
                    .transform((s) => s.replace(/^《|》$/g, '')),
                  single: z.number().int().min(0).max(200).optional(),
                  multi: z.number().int().min(0).max(200).optional(),
                  multiple: z.number().int().min(0).max(200).optional(),
                  judge: z.number().int().min(0).max(200).optional(),
                })
                .strict()
                .transform(({ law, ...n }) => ({ law, counts: perTypeOf(n) })),
            )
            .default([]),
          poolFactor: z.number().min(1).max(20).default(3),
          shuffle: z.boolean().default(true),
        })
        .strict()
        .superRefine((p, ctx) => {
          if ((p.questions === undefined) === (p.counts === undefined)) {
            ctx.addIssue({ code: 'custom', path: ['questions'], message: '试卷请二选一：questions（固定题目编号列表）或 counts（按题型抽题数量）' });
          }
          if (p.questions !== undefined && p.quotas.length > 0) ctx.addIssue({ code: 'custom', path: ['quotas'], message: '固定题目的试卷不使用按法律配额' });
        }),
      partialCredit: z
        .union([z.boolean(), z.number().gt(0).lt(1)])
        .default(false)
        .transform((v) => (v === true ? 0.5 : v === false ? 0 : v)),
      explanations: z.enum(['after-submit', 'after-close']).default('after-submit'),
      issuer: z.string().trim().min(2).max(60).optional(),
    })
    .strict()
    .superRefine((e, ctx) => {
      if (e.from.getTime() >= e.to.getTime()) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束时间必须晚于开始时间（from < to）' });
    });
}

function perTypeOf(o: { single?: number; multi?: number; multiple?: number; judge?: number }): TypeNumbers {
  const out: TypeNumbers = {};
  if (o.single !== undefined) out.single = o.single;
  if (o.multi !== undefined || o.multiple !== undefined) out.multiple = o.multi ?? o.multiple;
  if (o.judge !== undefined) out.judge = o.judge;
  return out;
}

/** 'paper.counts.single', 'audience.departments[0]'. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${String(k)}`;
  return out || '(文件)';
}

/** Parses the exam file's JSON value; every problem is returned, each naming its field. */
export function parseExamFile(value: unknown, timeZone: string): { ok: true; spec: ExamSpec } | { ok: false; issues: ExamIssue[] } {
  const r = fileSchema(timeZone).safeParse(value, { error: z.locales.zhCN().localeError });
  if (!r.success) return { ok: false, issues: r.error.issues.map((i) => ({ path: pathText(i.path), message: i.message })) };
  return { ok: true, spec: r.data };
}
