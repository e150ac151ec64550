/**
 * `CALENDAR_FILE`: the operator's override of the holiday calendar, for a year the bundled chinese-days data
 * does not know yet (or a local day off). JSON of real dates:
 *
 *   { "note": "2027 国务院办公厅通知", "holidays": ["2027-01-01", …], "workdays": ["2027-02-20", …] }
 *
 * `holidays` are days off, `workdays` are working days (调休 weekends); both are merged over the library.
 * A bad file stops the start with every problem listed (AppError 'calendar.invalid'); nothing is guessed.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from './errors.js';
import { type QuizDay, isQuizDay } from './quiz-day.js';

/** The override, ready for lookups. */
export interface CalendarOverride {
  readonly holidays: ReadonlySet<QuizDay>;
  readonly workdays: ReadonlySet<QuizDay>;
  /** Years the file lists holidays for: the file is taken to carry those years' arrangement. */
  readonly years: ReadonlySet<number>;
  /** Where it came from (for logs and /healthz). */
  readonly source: string;
}

const date = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'must be written YYYY-MM-DD')
  .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isQuizDay(s), 'is not a real calendar date')
  .refine((s) => !isQuizDay(s) || (s >= '2000-01-01' && s <= '2100-12-31'), 'must lie in 2000-01-01..2100-12-31');

const FileSchema = z
  .object({
    note: z.string().max(500).optional(),
    holidays: z.array(date).max(5000).default([]),
    workdays: z.array(date).max(5000).default([]),
  })
  .strict();

/** Parses and checks the file's text; `source` names it in errors. Pure. */
export function parseCalendarFile(text: string, source: string): CalendarOverride {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('calendar.invalid', `CALENDAR_FILE ${source} is not valid JSON: ${(err as Error).message}`, { file: source });
  }
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const at = i.path.length ? i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '(the file)';
      const value = i.path.length === 2 ? ` "${String((json as Record<string, unknown[]>)[i.path[0] as string]?.[i.path[1] as number])}"` : '';
      return `  ${at.replace(/^\./, '')}${value}: ${i.message}`;
    });
    throw new AppError(
      'calendar.invalid',
      `CALENDAR_FILE ${source} has ${problems.length} problem(s) (expected {"holidays": ["YYYY-MM-DD", …], "workdays": [...]}):\n${problems.join('\n')}`,
      { file: source, problems },
    );
  }
  const holidays = new Set(parsed.data.holidays as QuizDay[]);
  const workdays = new Set(parsed.data.workdays as QuizDay[]);
  const both = [...holidays].filter((d) => workdays.has(d)).sort();
  if (both.length > 0) {
    throw new AppError('calendar.invalid', `CALENDAR_FILE ${source} lists ${both.join(', ')} both as a holiday and as a workday; keep one`, {
      file: source,
      dates: both,
    });
  }
  return { holidays, workdays, years: new Set([...holidays].map((d) => Number(d.slice(0, 4)))), source };
}

/** Reads and parses the file at `path` (start-up). */
export async function readCalendarFile(path: string): Promise<CalendarOverride> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new AppError(
      'calendar.invalid',
      `CALENDAR_FILE ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      { file: path },
      { cause: err },
    );
  }
  return parseCalendarFile(text, path);
}
