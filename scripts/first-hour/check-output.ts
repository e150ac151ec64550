/**
 * What the first-hour run must never show an operator: an English error sentence or a stack trace. Chinese
 * text with commands, file names, codes in brackets (`错误 [store.locked]：…`) and option names is fine.
 */

/** English words that only appear in untranslated messages. */
const ENGLISH_ERROR =
  /\b(?:error|errors|unknown|wrote|cannot|can't|invalid|failed|failure|must|expected|undefined|not found|no such|denied|usage:|exception)\b/i;
/** A stack frame (`    at fn (file:1:2)`) or a Node error header. */
const STACK = /^\s+at\s+\S+.*(?:\(|:\d+:\d+)|^(?:Type|Reference|Syntax|Range)?Error: /m;

/** The offending lines of `text`, each with why; empty when the text is fit to show. */
export function problemsIn(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (STACK.test(line)) out.push(`调用栈：${line.trim()}`);
    else if (ENGLISH_ERROR.test(line.replace(/`[^`]*`|--[\w-]+|\[[\w.]+\]|[\w./-]+\.(?:csv|xlsx|json|txt|log|md)\b/g, '')))
      out.push(`英文报错：${line.trim()}`);
  }
  return out;
}
