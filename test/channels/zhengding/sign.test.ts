/**
 * 浙政钉 signing against the four worked examples of zhengding.md §3.4 (computed by running the official SDK's
 * Signature.class): secret `demo-app-secret`, timestamp 2024-03-01T09:30:00.000+08:00.
 */
import { afterEach, describe, expect, test } from 'vitest';
import {
  type ZzdParam,
  canonicalParams,
  zzdFormBody,
  zzdSignature,
  zzdSignedHeaders,
  zzdStringToSign,
  zzdTimestamp,
} from '../../../src/channels/zhengding/sign.js';

const SECRET = 'demo-app-secret';
const TS = '2024-03-01T09:30:00.000+08:00';
const AT = new Date('2024-03-01T01:30:00.000Z');

const VECTORS: Array<{ name: string; method: 'GET' | 'POST'; path: string; nonce: string; params: ZzdParam[]; line: string; signature: string }> = [
  {
    name: '1 gettoken',
    method: 'GET',
    path: '/gettoken.json',
    nonce: '23443207405364321',
    params: [
      ['appkey', 'demo-app-key'],
      ['appsecret', 'demo-app-secret'],
    ],
    line: 'appkey=demo-app-key&appsecret=demo-app-secret',
    signature: 'km2Wc/FZMiq36DxPV3MBCBjR+wJMGgBmlu+SXmkz8Uo=',
  },
  {
    name: '2 免登',
    method: 'POST',
    path: '/rpc/oauth2/dingtalk_app_user.json',
    nonce: '23445277457234321',
    params: [
      ['access_token', 'app_0123456789abcdef'],
      ['auth_code', '0a1b2c3d4e5f'],
    ],
    line: 'access_token=app_0123456789abcdef&auth_code=0a1b2c3d4e5f',
    signature: 'jGnnyPdWvUU7uo7BMfo0RNQmsTN2Zlv/d6UXujWFeWs=',
  },
  {
    name: '3 工作通知 (Chinese and JSON raw)',
    method: 'POST',
    path: '/message/workNotification',
    nonce: '23445285186124321',
    params: [
      ['tenantId', '196729'],
      ['receiverIds', '100135'],
      ['bizMsgId', 'quiz-2024-03-01-100135'],
      ['msg', '{"msgtype":"text","text":{"content":"今日普法答题已开始"}}'],
    ],
    line: 'bizMsgId=quiz-2024-03-01-100135&msg={"msgtype":"text","text":{"content":"今日普法答题已开始"}}&receiverIds=100135&tenantId=196729',
    signature: 'YTV0HK7TYTmmy51ihC7/9qq9JMpRpTYDXbNjxQ/2x7c=',
  },
  {
    name: '4 case-insensitive keys, sorted repeated values',
    method: 'POST',
    path: '/mozi/employee/listEmployeesByCodes',
    nonce: '23445295930544321',
    params: [
      ['tenantId', '196729'],
      ['employeeCodes', 'GE_b'],
      ['employeeCodes', 'GE_a'],
      ['EmployeeStatus', 'A'],
    ],
    line: 'employeeCodes=GE_a&employeeCodes=GE_b&EmployeeStatus=A&tenantId=196729',
    signature: 'b2M+fiK23wO2Jg/Q5jqpQJOwtF5Tr4P7XavDnajeHJM=',
  },
];

describe('浙政钉 signature (zhengding.md §3.4 vectors)', () => {
  test.each(VECTORS)('vector $name', (v) => {
    const s = zzdStringToSign(v.method, TS, v.nonce, v.path, v.params);
    expect(s).toBe(`${v.method}\n${TS}\n${v.nonce}\n${v.path}\n${v.line}`);
    expect(zzdSignature(SECRET, s)).toBe(v.signature);
    const headers = zzdSignedHeaders({ appKey: 'demo-app-key', appSecret: SECRET, method: v.method, path: v.path, params: v.params, now: AT, nonce: v.nonce });
    expect(headers).toEqual({
      apiKey: 'demo-app-key',
      'X-Hmac-Auth-Timestamp': TS,
      'X-Hmac-Auth-Nonce': v.nonce,
      'X-Hmac-Auth-Version': '1.0',
      'X-Hmac-Auth-Signature': v.signature,
    });
  });

  test('empty names and values are dropped from the signature and the body; no parameter line without parameters', () => {
    const params: ZzdParam[] = [
      ['tenantId', '196729'],
      ['organizationCodes', ''],
      ['', 'x'],
    ];
    expect(canonicalParams(params)).toBe('tenantId=196729');
    expect(zzdFormBody(params)).toBe('tenantId=196729');
    expect(zzdStringToSign('GET', TS, '1', '/auth/scopesV2', [])).toBe(`GET\n${TS}\n1\n/auth/scopesV2`);
    expect(zzdStringToSign('GET', TS, '1', '/x', [['a', '']])).toBe(`GET\n${TS}\n1\n/x`);
  });

  test('the body percent-encodes and repeats list keys; the signature uses the raw values', () => {
    const params: ZzdParam[] = [
      ['employeeCodes', 'GE_b'],
      ['employeeCodes', 'GE_a'],
      ['msg', '{"a":"普法 答题&"}'],
    ];
    expect(zzdFormBody(params)).toBe('employeeCodes=GE_b&employeeCodes=GE_a&msg=%7B%22a%22%3A%22%E6%99%AE%E6%B3%95+%E7%AD%94%E9%A2%98%26%22%7D');
    expect(canonicalParams(params)).toBe('employeeCodes=GE_a&employeeCodes=GE_b&msg={"a":"普法 答题&"}');
  });

  test('keys differing only in case are one key (TreeMap with CASE_INSENSITIVE_ORDER), values sorted case-sensitively', () => {
    expect(
      canonicalParams([
        ['b', '1'],
        ['A', 'z'],
        ['a', 'Y'],
        ['_x', '0'],
      ]),
    ).toBe('_x=0&A=Y&A=z&b=1');
  });
});

describe('+08:00 millisecond timestamps whatever the server time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  test.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(zzdTimestamp(AT)).toBe(TS);
    expect(zzdTimestamp(new Date('2024-02-29T16:00:00.007Z'))).toBe('2024-03-01T00:00:00.007+08:00');
    expect(zzdTimestamp(new Date('2024-12-31T23:59:59.999Z'))).toBe('2025-01-01T07:59:59.999+08:00');
  });

  test('the time zone really changed in this process (the test above is not vacuous)', () => {
    process.env.TZ = 'America/Los_Angeles';
    const la = new Date('2024-03-01T01:30:00Z').getTimezoneOffset();
    process.env.TZ = 'Asia/Shanghai';
    expect(new Date('2024-03-01T01:30:00Z').getTimezoneOffset()).toBe(-480);
    expect(la).toBe(480);
  });
});
