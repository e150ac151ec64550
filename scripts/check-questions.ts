// Temporary authoring aid: `npx tsx scripts/check-questions.ts questions/<file>.json` checks one file
// (schema, citations, key facts) and prints every error and warning. The full check is `npm run pufa -- check-bank`.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadStatuteLibrary } from '../src/statutes/statute-library.js';
import { checkBank } from '../src/bank/check-bank.js';
import { formatIssue } from '../src/bank/load-bank.js';

const laws = await loadStatuteLibrary(new URL('../laws', import.meta.url).pathname);
let failed = false;
for (const path of process.argv.slice(2)) {
  const report = checkBank([{ name: basename(path), content: JSON.parse(await readFile(path, 'utf8')) }], laws);
  for (const e of report.errors) console.log(`ERROR   ${formatIssue(e)}`);
  for (const w of report.warnings) console.log(`warning ${formatIssue(w)}`);
  console.log(`${path}: ${report.questions.length} valid questions, ${report.errors.length} errors, ${report.warnings.length} warnings`);
  if (report.errors.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
