/** The access token (zhengding.md §4.1): one fetch for concurrent callers, refreshed before 7200 s, dropped on 250027. */
import { describe, expect, test } from 'vitest';
import { ZZD_BAD_TOKEN, type ZzdCall } from '../../../src/channels/zhengding/client.js';
import { createZzdTokens } from '../../../src/channels/zhengding/token.js';
import { fixedClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';

function issuer() {
  const issued: string[] = [];
  const call: ZzdCall = async (method, path, params) => {
    expect([method, path]).toEqual(['GET', '/gettoken.json']);
    expect(params).toEqual([
      ['appkey', 'ak'],
      ['appsecret', 'sk'],
    ]);
    const token = `app_${issued.length + 1}`;
    issued.push(token);
    return { data: { accessToken: token, expiresIn: 7200 } };
  };
  return { issued, call };
}

describe('createZzdTokens', () => {
  test('concurrent callers share one fetch; refreshed 10 minutes before expiry, not earlier', async () => {
    const clock = fixedClock('2026-11-24T00:00:00Z');
    const { issued, call } = issuer();
    const tokens = createZzdTokens(call, { appKey: 'ak', appSecret: 'sk' }, clock);
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['app_1', 'app_1', 'app_1']);
    clock.advance(7200_000 - 10 * 60_000 - 1);
    expect(await tokens.get()).toBe('app_1');
    clock.advance(1);
    expect(await tokens.get()).toBe('app_2');
    expect(issued).toHaveLength(2);
  });

  test('a rejected token (250027) is dropped and the call retried once with a new one', async () => {
    const clock = fixedClock('2026-11-24T00:00:00Z');
    const { issued, call } = issuer();
    const tokens = createZzdTokens(call, { appKey: 'ak', appSecret: 'sk' }, clock);
    const seen: string[] = [];
    const result = await tokens.withToken(async (t) => {
      seen.push(t);
      if (t === 'app_1') throw new AppError('platform.api_error', 'bad token', { responseCode: ZZD_BAD_TOKEN, auth: true });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(seen).toEqual(['app_1', 'app_2']);
    expect(issued).toHaveLength(2);
  });
});
