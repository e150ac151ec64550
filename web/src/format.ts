/** Number formats of the pages. */
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
export const fixed1 = (x: number): string => x.toFixed(1);
