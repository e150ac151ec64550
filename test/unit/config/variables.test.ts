/** Unknown configuration variables: every unknown name in .env, and names with our prefixes in the environment. */
import { describe, expect, test } from 'vitest';
import { VARIABLE_LABELS, knownVariables, nearestVariable, unknownVariableWarnings } from '../../../src/config/variables.js';

describe('unknown variables', () => {
  test('a misspelt WECOM_/DINGTALK_ variable is named with the variable probably meant', () => {
    expect(unknownVariableWarnings({ WECOM_CORPID: 'ww1', DINGTALK_CLIENTID: 'x', WECOM_CORP_ID: 'ww1' })).toEqual([
      '环境变量中的 DINGTALK_CLIENTID 不是 pufa-bot 的配置变量，已忽略。您是不是想写 DINGTALK_CLIENT_ID（钉钉应用 Client ID）？',
      '环境变量中的 WECOM_CORPID 不是 pufa-bot 的配置变量，已忽略。您是不是想写 WECOM_CORP_ID（企业微信企业ID）？',
    ]);
    expect(nearestVariable('QUIZSIZE')).toBe('QUIZ_SIZE');
    expect(nearestVariable('WECOM_FOO_BAR_BAZ')).toBeUndefined();
  });

  test('the environment is checked only for our prefixes; .env is checked for every name', () => {
    const env = { PATH: '/bin', HOME: '/root', NODE_ENV: 'production', WECOM_NOPE: '1', POTR: '4311' };
    expect(unknownVariableWarnings(env)).toEqual(['环境变量中的 WECOM_NOPE 不是 pufa-bot 的配置变量，已忽略（可用的变量见 .env.example）。']);
    expect(unknownVariableWarnings(env, new Set(['POTR', 'NODE_ENV']))).toContain(
      '.env 中的 POTR 不是 pufa-bot 的配置变量，已忽略。您是不是想写 PORT（HTTP 端口）？',
    );
  });

  test('every variable the configuration reads has a Chinese label', () => {
    expect(knownVariables().filter((k) => !VARIABLE_LABELS[k])).toEqual([]);
  });
});
