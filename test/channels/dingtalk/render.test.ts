import { describe, expect, test } from 'vitest';
import { GROUP_QUIZ_HINT, dtmdLink, openApiMessage, planGroupReplies, toDingContent, webhookBody } from '../../../src/channels/dingtalk/render.js';
import type { OutboundMessage, QuestionCard } from '../../../src/core/message.js';
import { tapTargets } from '../../fakes/fake-dingtalk.js';

const card = (
  kind: QuestionCard['kind'],
  options = [
    { key: 'A', text: '十五日' },
    { key: 'B', text: '三十日 [含节假日]' },
  ],
): QuestionCard => ({
  ref: '2026-11-24.0',
  title: '今日答题 1/5 · 单选题',
  stem: '行政复议期限为？',
  kind,
  options,
});
const question = (c: QuestionCard): OutboundMessage => ({ kind: 'question', text: 'plain', card: c });

describe('dtmd links', () => {
  test('lower-case host and URL-encoded content', () => {
    expect(dtmdLink('A')).toBe('dtmd://dingtalkclient/sendMessage?content=A');
    expect(dtmdLink('对')).toBe('dtmd://dingtalkclient/sendMessage?content=%E5%AF%B9');
    expect(dtmdLink('A&B')).toBe('dtmd://dingtalkclient/sendMessage?content=A%26B');
  });
});

describe('toDingContent', () => {
  test('single choice: markdown with one tap target per option key', () => {
    const c = toDingContent(question(card('single')), { group: false });
    expect(c.type).toBe('markdown');
    if (c.type !== 'markdown') return;
    expect(c.title).toBe('今日答题 1/5 · 单选题');
    expect(tapTargets(c.text)).toEqual(['A', 'B']);
    expect(c.text).toContain('行政复议期限为？');
    expect(c.text).toContain('三十日 ［含节假日］'); // brackets cannot break the link
  });

  test('judge: taps send 对 / 错', () => {
    const c = toDingContent(
      question(
        card('judge', [
          { key: 'A', text: '对' },
          { key: 'B', text: '错' },
        ]),
      ),
      { group: false },
    );
    expect(c.type === 'markdown' && tapTargets(c.text)).toEqual(['对', '错']);
  });

  test('multiple choice: no single-letter taps, typed answers asked for', () => {
    const c = toDingContent(question(card('multiple')), { group: false });
    expect(c.type === 'markdown' && tapTargets(c.text)).toEqual([]);
    expect(c.type === 'markdown' && c.text).toContain('如 AC');
  });

  test('a question into a group becomes the private-chat hint', () => {
    expect(toDingContent(question(card('single')), { group: true })).toEqual({ type: 'text', content: GROUP_QUIZ_HINT, atUserIds: [] });
  });

  test('card-result is sent as its text; mentions are written into the text', () => {
    expect(toDingContent({ kind: 'card-result', text: '✅', questionRef: 'r', verdict: 'v' }, { group: false })).toEqual({
      type: 'text',
      content: '✅',
      atUserIds: [],
    });
    const c = toDingContent({ kind: 'text', text: '请参学', mentionUserIds: ['zhangsan'] }, { group: true });
    expect(webhookBody(c)).toEqual({ msgtype: 'text', text: { content: '请参学\n@zhangsan' }, at: { atUserIds: ['zhangsan'], isAtAll: false } });
  });

  test('action: dtmd buttons sending each command in 1:1, plain text in groups', () => {
    const m: OutboundMessage = {
      kind: 'action',
      title: '今日答题',
      text: '今天的题目已准备好',
      actions: [
        { label: '开始答题', command: '答题' },
        { label: '看排行', command: '排行榜' },
      ],
    };
    const c = toDingContent(m, { group: false });
    expect(c.type === 'markdown' && tapTargets(c.text)).toEqual(['答题', '排行榜']);
    const g = toDingContent(m, { group: true });
    expect(g.type).toBe('text');
    expect(g.type === 'text' && g.content).toContain('回复“答题”');
  });

  test('OpenAPI form: msgParam is a JSON string', () => {
    expect(openApiMessage({ type: 'text', content: '你好', atUserIds: [] })).toEqual({ msgKey: 'sampleText', msgParam: '{"content":"你好"}' });
    expect(openApiMessage({ type: 'markdown', title: 't', text: 'x', atUserIds: [] })).toEqual({
      msgKey: 'sampleMarkdown',
      msgParam: '{"title":"t","text":"x"}',
    });
  });
});

describe('planGroupReplies', () => {
  test('a batch with a question becomes one hint; other batches pass', () => {
    expect(planGroupReplies([{ kind: 'text', text: '今日答题共 5 题' }, question(card('single'))])).toEqual([{ kind: 'text', text: GROUP_QUIZ_HINT }]);
    const board: OutboundMessage[] = [{ kind: 'text', text: '【本周排行】' }];
    expect(planGroupReplies(board)).toEqual(board);
  });
});
