import { describe, expect, test } from 'vitest';
import { loadDingtalkConfig } from '../../../src/channels/dingtalk/config.js';
import type { AppError } from '../../../src/core/errors.js';

describe('loadDingtalkConfig', () => {
  test('undefined when DingTalk is not configured', () => {
    expect(loadDingtalkConfig({ PORT: '3000' })).toBeUndefined();
  });

  test('defaults: stream mode, public hosts, robotCode = client id', () => {
    expect(loadDingtalkConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's3cret' })).toEqual({
      clientId: 'dingabc',
      clientSecret: 's3cret',
      robotCode: 'dingabc',
      mode: 'stream',
      apiBase: 'https://api.dingtalk.com',
      oapiBase: 'https://oapi.dingtalk.com',
      webhook: undefined,
    });
  });

  test('explicit values, trailing slashes trimmed, custom robot', () => {
    const c = loadDingtalkConfig({
      DINGTALK_CLIENT_ID: 'dingabc',
      DINGTALK_CLIENT_SECRET: 's',
      DINGTALK_ROBOT_CODE: 'robot1',
      DINGTALK_MODE: 'http',
      DINGTALK_API_BASE: 'http://127.0.0.1:9/',
      DINGTALK_OAPI_BASE: 'http://127.0.0.1:8',
      DINGTALK_WEBHOOK_TOKEN: 'tok',
      DINGTALK_WEBHOOK_SECRET: 'SECabc',
    });
    expect(c).toMatchObject({
      robotCode: 'robot1',
      mode: 'http',
      apiBase: 'http://127.0.0.1:9',
      webhook: { token: 'tok', secret: 'SECabc', oapiBase: 'http://127.0.0.1:8' },
    });
  });

  test.each([
    [{ DINGTALK_CLIENT_ID: 'dingabc' }, 'DINGTALK_CLIENT_SECRET'],
    [{ DINGTALK_CLIENT_SECRET: 's' }, 'DINGTALK_CLIENT_ID'],
    [{ DINGTALK_CLIENT_ID: 'a', DINGTALK_CLIENT_SECRET: 's', DINGTALK_MODE: 'webhook' }, 'DINGTALK_MODE'],
    [{ DINGTALK_CLIENT_ID: 'a', DINGTALK_CLIENT_SECRET: 's', DINGTALK_API_BASE: 'not a url' }, 'DINGTALK_API_BASE'],
    [{ DINGTALK_WEBHOOK_SECRET: 'SECx' }, 'DINGTALK_WEBHOOK_TOKEN'],
    [{ DINGTALK_WEBHOOK_TOKEN: 't', DINGTALK_WEBHOOK_SECRET: 'nope' }, 'DINGTALK_WEBHOOK_SECRET'],
  ])('rejects %j naming %s', (env, variable) => {
    let error: AppError | undefined;
    try {
      loadDingtalkConfig(env);
    } catch (err) {
      error = err as AppError;
    }
    expect(error?.code).toBe('config.invalid');
    expect(error?.details.variables).toContain(variable);
  });
});
