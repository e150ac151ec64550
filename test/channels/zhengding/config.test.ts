/** ZZD_* variables validated at start-up through the platform registry (config/schema.ts), with Chinese messages. */
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { isAppError } from '../../../src/core/errors.js';

const FULL = { ZZD_APP_KEY: 'ak', ZZD_APP_SECRET: 'sk', ZZD_TENANT_ID: '196729', ZZD_API_BASE: 'https://openplatform-pro.ding.zj.gov.cn/' };

function failure(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err, 'config.invalid')) return err;
    throw err;
  }
  throw new Error('expected config.invalid');
}

describe('浙政钉 config', () => {
  test('not configured: absent from the platforms', () => {
    expect(loadConfig({}).zhengding).toBeUndefined();
  });

  test('all four: the config, the gateway without its trailing slash, no default host', () => {
    expect(loadConfig(FULL).zhengding).toEqual({
      appKey: 'ak',
      appSecret: 'sk',
      tenantId: '196729',
      apiBase: 'https://openplatform-pro.ding.zj.gov.cn',
      webhook: undefined,
    });
  });

  test('a partial set names each missing variable in Chinese, ZZD_API_BASE included (no default host)', () => {
    const err = failure({ ZZD_APP_KEY: 'ak', ZZD_APP_SECRET: 'sk', ZZD_TENANT_ID: '196729' });
    expect(err.details.variables).toEqual(['ZZD_API_BASE']);
    expect(err.message).toContain('接入浙政钉还需要填写它');
    expect(failure({ ZZD_APP_KEY: 'ak' }).details.variables).toEqual(['ZZD_APP_SECRET', 'ZZD_TENANT_ID', 'ZZD_API_BASE']);
  });

  test('a tenant id that is not a number, a gateway that is not a URL, a robot secret without SEC', () => {
    expect(failure({ ...FULL, ZZD_TENANT_ID: 'abc' }).message).toContain('须为浙政钉租户 ID');
    expect(failure({ ...FULL, ZZD_API_BASE: 'openplatform-pro' }).details.variables).toEqual(['ZZD_API_BASE']);
    expect(failure({ ...FULL, ZZD_WEBHOOK_TOKEN: 't', ZZD_WEBHOOK_SECRET: 'abc' }).details.variables).toEqual(['ZZD_WEBHOOK_SECRET']);
    expect(loadConfig({ ...FULL, ZZD_WEBHOOK_TOKEN: 't', ZZD_WEBHOOK_SECRET: 'SECabc' }).zhengding?.webhook).toEqual({ token: 't', secret: 'SECabc' });
  });
});
