/**
 * Roster import: `import-roster <file.xlsx|file.csv> [--skip-invalid] [--deactivate-missing]`.
 * read-sheet (file → rows) → parse-rows (rows → entries + row errors) → plan (→ changes) → import-roster (apply).
 */
export { type ImportRosterOptions, type RosterReport, type RosterStore, formatRosterReport, importRoster } from './import-roster.js';
export { type ParsedRoster, type RosterEntry, type RowError, formatRowError, parseRoster, splitPath } from './parse-rows.js';
export { type PlanOptions, type RosterPlan, planRoster } from './plan.js';
export { RosterFileError, type SheetRow, parseCsv, readRosterRows } from './read-sheet.js';
