/** Card rendering and card-answer decoding (pure), config parsing, byte limits. */
import { describe, expect, test } from 'vitest';
import type { QuestionCard } from '../../../src/core/message.js';
import {
  DONE_KEY,
  answerFromCardEvent,
  refFromTaskId,
  renderQuestionCard,
  renderResultCard,
  resultTaskId,
  taskIdFor,
} from '../../../src/channels/wecom/cards.js';
import { WecomEnvSchema, wecomConfigFromEnv } from '../../../src/channels/wecom/config.js';
import { cutBytes, splitBytes } from '../../../src/channels/wecom/limits.js';

const single: QuestionCard = {
  ref: '2026-11-24.0',
  title: '今日答题 1/5 · 单选题',
  stem: '违法行为在多长时间内未被发现的，一般不再给予行政处罚？',
  kind: 'single',
  options: [
    { key: 'A', text: '一年' },
    { key: 'B', text: '二年' },
    { key: 'C', text: '三年' },
    { key: 'D', text: '五年' },
  ],
};

describe('task ids', () => {
  test('carry the question ref in hex, only allowed characters, ≤ 128 bytes, and parse back', () => {
    const id = taskIdFor('2026-11-24.0', 'lq3x9a1b2c3d');
    expect(id).toMatch(/^[0-9a-zA-Z_\-@]{1,128}$/);
    expect(refFromTaskId(id)).toBe('2026-11-24.0');
    expect(refFromTaskId(resultTaskId('abc'))).toBeUndefined();
    expect(refFromTaskId('taskid111')).toBeUndefined();
    expect(() => taskIdFor('x'.repeat(80), 'u')).toThrow(RangeError);
    expect(() => taskIdFor('r', 'no-dashes')).toThrow(RangeError);
  });
});

describe('question cards', () => {
  test('single choice → vote_interaction mode 0, options keyed by letter', () => {
    const { templateCard, preface } = renderQuestionCard(single, 'T1');
    expect(preface).toBe(false);
    expect(templateCard).toMatchObject({
      card_type: 'vote_interaction',
      task_id: 'T1',
      main_title: { title: single.title, desc: single.stem },
      checkbox: { question_key: 'answer', mode: 0, option_list: [{ id: 'A', text: 'A. 一年', is_checked: false }, { id: 'B' }, { id: 'C' }, { id: 'D' }] },
      submit_button: { key: 'submit' },
    });
  });

  test('multiple choice → mode 1; a long stem or option asks for the text first and shortens labels', () => {
    const long = {
      ...single,
      kind: 'multiple' as const,
      stem: '长'.repeat(60),
      options: [...single.options, { key: 'E', text: '一二三四五六七八九十一二三四五六七八' }],
    };
    const { templateCard, preface } = renderQuestionCard(long, 'T2');
    expect(preface).toBe(true);
    expect(templateCard.checkbox?.mode).toBe(1);
    expect(templateCard.main_title.desc).not.toContain('长长');
    expect([...templateCard.checkbox!.option_list[4]!.text].length).toBeLessThanOrEqual(17);
  });

  test('judge → button_interaction with 对 (A) and 错 (B)', () => {
    const judge: QuestionCard = {
      ...single,
      kind: 'judge',
      options: [
        { key: 'A', text: '对' },
        { key: 'B', text: '错' },
      ],
    };
    const { templateCard } = renderQuestionCard(judge, 'T3');
    expect(templateCard).toMatchObject({
      card_type: 'button_interaction',
      sub_title_text: single.stem,
      button_list: [
        { text: '对', key: 'A' },
        { text: '错', key: 'B' },
      ],
    });
  });

  test('result card: verdict as title, the result text below, buttons grayed out', () => {
    expect(renderResultCard({ verdict: '✅ 回答正确', text: '✅ 回答正确！\n解析：…' }, 'R1')).toMatchObject({
      card_type: 'button_interaction',
      task_id: 'R1',
      main_title: { title: '✅ 回答正确' },
      sub_title_text: '✅ 回答正确！\n解析：…',
      replace_text: '✅ 回答正确',
      button_list: [{ key: DONE_KEY }],
    });
  });
});

describe('card answers', () => {
  test.each([
    [{ cardType: 'vote_interaction', selected: [{ QuestionKey: 'answer', OptionIds: { OptionId: ['C', 'A', 'C'] } }] }, 'AC'],
    [{ cardType: 'vote_interaction', selected: [{ QuestionKey: 'answer', OptionIds: { OptionId: ['B'] } }] }, 'B'],
    [{ cardType: 'vote_interaction', selected: [] }, undefined],
    [{ cardType: 'vote_interaction', selected: [{ QuestionKey: 'answer', OptionIds: { OptionId: ['evil'] } }] }, undefined],
    [{ cardType: 'button_interaction', eventKey: 'A' }, '对'],
    [{ cardType: 'button_interaction', eventKey: 'B' }, '错'],
    [{ cardType: 'button_interaction', eventKey: 'Z' }, undefined],
  ])('%o → %s', (event, expected) => {
    expect(answerFromCardEvent(event)).toBe(expected);
  });
});

describe('config', () => {
  const app = {
    WECOM_CORP_ID: 'ww1436e0e65a779aee',
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 's',
    WECOM_TOKEN: 'tok',
    WECOM_ENCODING_AES_KEY: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  };

  test('all five app settings give a config with defaults; none gives no channel', () => {
    expect(wecomConfigFromEnv(WecomEnvSchema.parse(app))).toEqual({
      corpId: 'ww1436e0e65a779aee',
      agentId: 1000002,
      secret: 's',
      token: 'tok',
      encodingAesKey: app.WECOM_ENCODING_AES_KEY,
      apiBase: 'https://qyapi.weixin.qq.com',
      webhookKey: undefined,
      cards: true,
    });
    expect(wecomConfigFromEnv(WecomEnvSchema.parse({}))).toBeUndefined();
    expect(wecomConfigFromEnv(WecomEnvSchema.parse({ ...app, WECOM_CARDS: 'false', WECOM_API_BASE: 'http://127.0.0.1:9/' }))).toMatchObject({
      cards: false,
      apiBase: 'http://127.0.0.1:9',
    });
  });

  test('a partial app config names the missing variables; a 42-character AES key is refused', () => {
    const partial = WecomEnvSchema.safeParse({ WECOM_CORP_ID: `ww1${'a'.repeat(5)}` });
    expect(partial.success).toBe(false);
    expect(partial.error?.issues.map((i) => i.path[0])).toEqual(['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY']);
    const short = WecomEnvSchema.safeParse({ ...app, WECOM_ENCODING_AES_KEY: app.WECOM_ENCODING_AES_KEY.slice(1) });
    expect(short.error?.issues.map((i) => i.path[0])).toEqual(['WECOM_ENCODING_AES_KEY']);
  });
});

describe('byte limits', () => {
  test('cutBytes keeps whole characters and marks the cut', () => {
    expect(cutBytes('普法答题', 12)).toBe('普法答题');
    expect(cutBytes('普法答题', 11)).toBe('普法…');
    expect(Buffer.byteLength(cutBytes('字'.repeat(1000), 2048))).toBeLessThanOrEqual(2048);
  });

  test('splitBytes splits at lines, and inside an over-long line', () => {
    expect(splitBytes('aa\nbb\ncc', 5)).toEqual(['aa\nbb', 'cc']);
    const parts = splitBytes('字'.repeat(10), 9);
    expect(parts).toEqual(['字字字', '字字字', '字字字', '字']);
  });
});
