/**
 * exceljs, loaded on first use. It is a large package (about a second of CPU to load, most of it zip and stream
 * libraries) that only imports and exports need: the server and the command line start without it.
 */
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/** The exceljs module (imported once, then shared). */
export function loadExcelJS(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS));
  return loading;
}
