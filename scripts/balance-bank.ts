// Places the options of the shipped bank's choice questions so that the answer key cannot be guessed from position
// (questions/README.md, "Structural rules"): single-choice answers are spread evenly over A–D, and the correct options
// of a multiple-choice question are not listed first. Explanations name options by content, never by letter, so
// moving an option changes nothing a person reads.
//
//   npx tsx scripts/balance-bank.ts            rewrites questions/*.json (idempotent: a second run changes nothing)
//   npx tsx scripts/balance-bank.ts --check    exits 1 if a file would change
//   --dir <folder>                              another bank folder (default questions/)
//
// The placement is a pure function of the question id and the option texts, so it does not depend on the order the
// options were written in, and re-running it is a no-op.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface ChoiceQuestion {
  id: string;
  type: 'single' | 'multiple' | 'judge';
  options?: string[];
  answer: string;
}

const LETTERS = 'ABCDEFGH';
const root = new URL('..', import.meta.url).pathname;
const dirFlag = process.argv.indexOf('--dir');
const dir = dirFlag > 0 ? process.argv[dirFlag + 1]! : join(root, 'questions');
const check = process.argv.includes('--check');

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);

/** Options in a canonical order: by a hash of (question id, option text). */
function canonical(q: ChoiceQuestion): string[] {
  return [...q.options!].sort((a, b) => hash(q.id, a) - hash(q.id, b) || a.localeCompare(b));
}

function lettersOf(options: readonly string[], correct: ReadonlySet<string>): string {
  return options.map((o, i) => (correct.has(o) ? LETTERS[i] : '')).join('');
}

const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'citations.lock.json');
const docs = files.map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));
const parsed = docs.map((d) => ({ ...d, json: JSON.parse(d.text) as { bank: string; questions: ChoiceQuestion[] } }));

// Single choice: rank by a hash of the id and deal target letters A, B, C, D in turn (even to within one).
const singles = parsed
  .flatMap((d) => d.json.questions)
  .filter((q) => q.type === 'single' && q.options)
  .sort((a, b) => hash(a.id) - hash(b.id) || a.id.localeCompare(b.id));
const targets = new Map<string, number>();
let turn = 0;
for (const q of singles) {
  const n = Math.min(4, q.options!.length);
  targets.set(q.id, turn % n);
  turn++;
}

let changed = 0;
for (const d of parsed) {
  for (const q of d.json.questions) {
    if (q.type === 'judge' || !q.options) continue;
    const correct = new Set([...q.answer].map((l) => q.options![LETTERS.indexOf(l)]!));
    let options: string[];
    if (q.type === 'single') {
      const right = [...correct][0]!;
      options = canonical(q).filter((o) => o !== right);
      options.splice(targets.get(q.id)!, 0, right);
    } else {
      options = canonical(q);
      // With a wrong option present, a canonical order that happens to list every correct option first is rotated.
      for (let r = 0; correct.size < options.length && LETTERS.startsWith(lettersOf(options, correct)) && r < options.length; r++) {
        options = [...options.slice(1), options[0]!];
      }
    }
    const answer = lettersOf(options, correct);
    if (answer !== q.answer || options.some((o, i) => o !== q.options![i])) {
      q.options = options;
      q.answer = answer;
      changed++;
    }
  }
  const text = `${JSON.stringify(d.json, null, 2)}\n`;
  if (text !== d.text && !check) writeFileSync(join(dir, d.file), text);
}
console.log(`${changed} question(s) ${check ? 'would be' : ''} re-placed`.replace('  ', ' '));
if (check && changed > 0) process.exit(1);
