import { describe, expect, test } from 'vitest';
import { balanceFindings, bankBalance, namesWrongOption, questionRuleFindings } from '../../../src/bank/bank-rules.js';
import type { Question } from '../../../src/bank/question-schema.js';

const single: Question = {
  id: 'xingzheng-chufa-fa-36-9',
  type: 'single',
  stem: '根据《行政处罚法》，违法行为在多长时间内未被发现的，一般不再给予行政处罚？',
  options: ['一年', '二年', '三年', '五年'],
  answer: 'B',
  explanation: '《行政处罚法》第三十六条第一款规定二年；一年、三年都不是该条规定的期限，五年只适用于涉及公民生命健康安全、金融安全且有危害后果的情形。',
  basis: { law: '行政处罚法', articles: ['第三十六条'], paragraph: 1, version: '2021-01-22' },
  tracks: ['全员'],
  topic: '处罚时效',
  difficulty: 1,
};

const messages = (q: Question) => questionRuleFindings(q).map((f) => f.message);

describe('per-question rules', () => {
  test('a question that answers every wrong option and names the law passes', () => {
    expect(messages(single)).toEqual([]);
  });

  test('an explanation that leaves a wrong option unanswered is caught, naming the option', () => {
    const q = { ...single, explanation: '《行政处罚法》第三十六条第一款规定，违法行为在二年内未被发现的，不再给予行政处罚。' };
    expect(messages(q)).toEqual(['解析没有说明错误选项“一年”错在哪里', '解析没有说明错误选项“三年”错在哪里', '解析没有说明错误选项“五年”错在哪里']);
  });

  test('a wrong option counts as named by a part no correct option shares', () => {
    expect(namesWrongOption('期限是十五日，不是七日。', '七日内', ['十五日内'])).toBe(true);
    expect(namesWrongOption('期限是十五日内。', '七日内', ['十五日内'])).toBe(false);
    expect(namesWrongOption('当事人的经济状况不在该款列举之中。', '当事人的经济状况', ['事实', '性质'])).toBe(true);
  });

  test('option letters in an explanation are refused (options are shuffled per person)', () => {
    for (const phrase of ['选项A错误', 'B项不对', '（C）不符合', '答案为D']) {
      expect(messages({ ...single, explanation: `${single.explanation}${phrase}。` })).toContain(
        '解析中用字母指称选项：每人看到的选项顺序不同，请按选项内容说明',
      );
    }
  });

  test('options named by position are refused too', () => {
    expect(messages({ ...single, explanation: `${single.explanation}前三项都不对。` })).toContain(
      '解析中按位置指称选项（前四项…）：每人看到的选项顺序不同，请按选项内容说明',
    );
  });

  test('case questions set out a situation; stems name the law; revised laws name their version', () => {
    expect(messages({ ...single, case: true })).toEqual(['案例题的题干须至少 40 个字说明情境']);
    expect(messages({ ...single, stem: '违法行为在多长时间内未被发现的，一般不再给予行政处罚？' })).toEqual(['题干没有写明法律（根据《行政处罚法》…）']);
    const zhian = {
      ...single,
      stem: '根据《治安管理处罚法》，违反治安管理行为在多长时间内没有被发现的，不再处罚？',
      basis: { ...single.basis, law: '治安管理处罚法' },
    };
    expect(messages(zhian)).toEqual(['《治安管理处罚法》的题目须在题干中写明版本（2025年修订）']);
    expect(messages({ ...zhian, stem: `根据2025年修订的${zhian.stem.slice(2)}` })).toEqual([]);
  });
});

describe('bank-wide balance', () => {
  const make = (i: number, over: Partial<Question>): Question => ({ ...single, id: `q-${i}`, ...over });

  test('figures and the rules they break', () => {
    const questions = [
      make(1, { answer: 'A' }),
      make(2, { answer: 'A' }),
      make(3, { answer: 'B', case: true, difficulty: 3 }),
      make(4, { answer: 'C' }),
      make(5, { type: 'multiple', options: ['甲', '乙', '丙'], answer: 'AB' }),
      make(6, { type: 'multiple', options: ['甲', '乙', '丙'], answer: 'ABC' }),
      make(7, { type: 'judge', options: undefined, answer: '对' }),
    ];
    const b = bankBalance(questions);
    expect(b.singleLetters).toEqual({ A: 0.5, B: 0.25, C: 0.25, D: 0 });
    expect(b.multiWrong.slice(0, 4)).toEqual([0.5, 0.5, 0, 0]);
    expect(b.multiPrefixShare).toBe(1);
    expect(b.caseShare).toBeCloseTo(1 / 7);
    expect(b.judgeTrueShare).toBe(1);
    const findings = balanceFindings(b, ['行政处罚法', '刑法']);
    expect(findings).toEqual(
      expect.arrayContaining([
        '共 7 题，题库至少需要 1000 题',
        '《刑法》只有 0 题，每部随附法律至少需要 15 题',
        '单选题答案为 A 的占 50.0%，每个字母应在 20.0%–30.0% 之间',
        '单选题答案为 D 的占 0.0%，每个字母应在 20.0%–30.0% 之间',
        '有 2 个错误选项的多选题占 0.0%，0–3 个错误选项的各至少应占 10.0%',
        '正确选项排在最前面（A、AB、ABC…）的多选题占 100.0%，最多应占 30.0%',
        '判断题答案为“对”的占 100.0%，应在 40.0%–60.0% 之间',
      ]),
    );
    expect(findings.some((f) => f.startsWith('单选题答案为 B'))).toBe(false);
  });
});
