/**
 * Quiz questions as WeCom template cards (wecom.md §3): `vote_interaction` for 单选/多选 (checkbox mode 0/1),
 * `button_interaction` for 判断 (buttons 对/错); the card result replaces the tapped card with a grayed-out
 * button card showing the verdict and the 解析. The question ref travels in `task_id` (hex, since task_id
 * allows only `[0-9a-zA-Z_-@]`), so every template_card_event names its question. Pure.
 */
import type { QuestionCard } from '../../core/message.js';

/** The JSON `template_card` object of message/send and update_template_card (only the fields we use). */
export interface TemplateCard {
  readonly card_type: 'vote_interaction' | 'button_interaction';
  readonly task_id: string;
  readonly source: { readonly desc: string };
  readonly main_title: { readonly title: string; readonly desc?: string };
  readonly sub_title_text?: string;
  readonly checkbox?: {
    readonly question_key: string;
    readonly mode: 0 | 1;
    readonly option_list: ReadonlyArray<{ readonly id: string; readonly text: string; readonly is_checked: boolean }>;
  };
  readonly submit_button?: { readonly text: string; readonly key: string };
  readonly button_list?: ReadonlyArray<{ readonly type: 0; readonly text: string; readonly style: number; readonly key: string }>;
  /** Grays out the buttons with this text (update_template_card). */
  readonly replace_text?: string;
}

const SOURCE = { desc: '普法答题' };
const TASK_PREFIX = 'pq_';
const RESULT_PREFIX = 'pr_';
const ACTION_PREFIX = 'pa_';
/** Button keys of a judge card: the QuestionCard judge options A=对, B=错. */
const JUDGE_TEXT: Readonly<Record<string, string>> = { A: '对', B: '错' };
/** The key of the grayed-out button on a result card (a tap on it is ignored). */
export const DONE_KEY = 'pufa_done';
// Suggested limits from the official field docs (copied in zsmhub/workweixin, 2024): beyond them the
// client may cut text, so the full question text goes first as a message.
const DESC_MAX = 44;
const OPTION_MAX = 17;
const SUBTITLE_MAX = 160;

/** `pq_<hex(ref)>_<unique>`: unique per app (WeCom requires it), ≤ 128 bytes. */
export function taskIdFor(ref: string, unique: string): string {
  if (!/^[0-9a-zA-Z]{1,24}$/.test(unique)) throw new RangeError('unique must be 1–24 letters or digits');
  const id = `${TASK_PREFIX}${Buffer.from(ref, 'utf8').toString('hex')}_${unique}`;
  if (id.length > 128) throw new RangeError(`question ref "${ref}" is too long for a task_id`);
  return id;
}

/** The question ref of a task_id we made, or undefined for a card that is not a question card. */
export function refFromTaskId(taskId: string): string | undefined {
  const m = /^pq_((?:[0-9a-f]{2})+)_[0-9a-zA-Z]+$/.exec(taskId);
  return m ? Buffer.from(m[1]!, 'hex').toString('utf8') : undefined;
}

/** A task_id for a result card (never parsed back as a question). */
export function resultTaskId(unique: string): string {
  return `${RESULT_PREFIX}${unique}`;
}

/** A task_id for an action card (buttons that send commands). */
export function actionTaskId(unique: string): string {
  return `${ACTION_PREFIX}${unique}`;
}

/** True for the task_id of an action card. */
export function isActionTask(taskId: string): boolean {
  return taskId.startsWith(ACTION_PREFIX);
}

/** A button key carrying a command, hex-encoded so keys stay ASCII (`c_<hex>`). */
export function commandKey(command: string): string {
  return `c_${Buffer.from(command, 'utf8').toString('hex')}`;
}

/** The command of a button key made by commandKey, else undefined. */
export function commandFromKey(key: string): string | undefined {
  const m = /^c_((?:[0-9a-f]{2})+)$/.exec(key);
  return m ? Buffer.from(m[1]!, 'hex').toString('utf8') : undefined;
}

const chars = (s: string) => [...s].length;
const cut = (s: string, n: number) => (chars(s) <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

/**
 * Renders a question as a card. `preface` is true when the stem or an option is longer than the card
 * shows well: the sender then sends the question's full text first and the card shortens its labels.
 */
export function renderQuestionCard(card: QuestionCard, taskId: string): { templateCard: TemplateCard; preface: boolean } {
  if (card.kind === 'judge') {
    const preface = chars(card.stem) > SUBTITLE_MAX;
    return {
      preface,
      templateCard: {
        card_type: 'button_interaction',
        task_id: taskId,
        source: SOURCE,
        main_title: { title: card.title },
        sub_title_text: preface ? '请阅读上一条消息中的题目，判断对错。' : card.stem,
        button_list: card.options.map((o, i) => ({ type: 0 as const, text: o.text, style: i === 0 ? 1 : 2, key: o.key })),
      },
    };
  }
  const preface = chars(card.stem) > DESC_MAX || card.options.some((o) => chars(o.text) + 3 > OPTION_MAX);
  return {
    preface,
    templateCard: {
      card_type: 'vote_interaction',
      task_id: taskId,
      source: SOURCE,
      main_title: { title: card.title, desc: preface ? '题目见上一条消息，请选择后提交' : card.stem },
      checkbox: {
        question_key: 'answer',
        mode: card.kind === 'multiple' ? 1 : 0,
        option_list: card.options.map((o) => ({ id: o.key, text: cut(`${o.key}. ${o.text}`, OPTION_MAX), is_checked: false })),
      },
      submit_button: { text: card.kind === 'multiple' ? '提交（可多选）' : '提交', key: 'submit' },
    },
  };
}

/** A prompt with command buttons (e.g. the daily push's 开始答题) as a button card; ≤ 6 buttons. */
export function renderActionCard(m: { title: string; text: string; actions: ReadonlyArray<{ label: string; command: string }> }, taskId: string): TemplateCard {
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    source: SOURCE,
    main_title: { title: cut(m.title, 36) },
    sub_title_text: m.text,
    button_list: m.actions.slice(0, 6).map((a, i) => ({ type: 0 as const, text: cut(a.label, 10), style: i === 0 ? 1 : 2, key: commandKey(a.command) })),
  };
}

/** The card that replaces an answered question card: verdict as title, result text below, buttons grayed. */
export function renderResultCard(result: { verdict: string; text: string }, taskId: string): TemplateCard {
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    source: SOURCE,
    main_title: { title: result.verdict },
    sub_title_text: result.text,
    button_list: [{ type: 0, text: '已作答', style: 1, key: DONE_KEY }],
    replace_text: result.verdict,
  };
}

/**
 * The answer a card tap means, as the text a typed answer would be: sorted option letters for a vote card
 * ('AC'), 对/错 for a judge button. Undefined when the event carries no answer.
 */
export function answerFromCardEvent(e: {
  cardType?: string;
  eventKey?: string;
  selected?: ReadonlyArray<{ QuestionKey: string; OptionIds?: { OptionId: readonly string[] } }>;
}): string | undefined {
  if (e.cardType === 'button_interaction') return e.eventKey ? JUDGE_TEXT[e.eventKey] : undefined;
  const ids = (e.selected ?? []).flatMap((s) => s.OptionIds?.OptionId ?? []);
  const letters = [...new Set(ids.filter((id) => /^[A-H]$/.test(id)))].sort().join('');
  return letters || undefined;
}
