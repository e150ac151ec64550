/** Unknown configuration variables: every unknown name in .env, and names with our prefixes in the environment. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { VARIABLE_LABELS, knownVariables, nearestVariable, unknownVariableWarnings } from '../../../src/config/variables.js';
import { ROOT } from '../../helpers/test-deps.js';

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

describe('.env.example', () => {
  test('every variable it lists is explained in Chinese in the comments above it', () => {
    const lines = readFileSync(`${ROOT}.env.example`, 'utf8').split('\n');
    const unexplained: string[] = [];
    let block: string[] = [];
    for (const line of lines) {
      const m = /^#?\s?([A-Z][A-Z0-9_]+)=/.exec(line);
      if (m && knownVariables().includes(m[1]!)) {
        if (!block.some((b) => /[\u4e00-\u9fff]/.test(b))) unexplained.push(m[1]!);
        block = [];
      } else if (line.startsWith('#')) block.push(line);
      else block = [];
    }
    expect(unexplained).toEqual([]);
  });
});
