/**
 * 浙政钉 免登 (zhengding.md §4.2): inside the 浙政钉 client (UA `TaurusApp(…)`) the page asks the official JSAPI
 * (npm gdt-jsapi, its getAuthCode module only, loaded only there) for a one-time code and posts it to the
 * server, which exchanges it at /rpc/oauth2/dingtalk_app_user.json for the person's accountId. The field is
 * `code` on some clients and `auth_code` on others. A `getAuthCode` already on the page (a test double) is used
 * as it is.
 */
import { api } from '../api/client';

type GetAuthCode = (p: { corpId?: string }) => Promise<{ code?: string; auth_code?: string }>;

async function loadGetAuthCode(): Promise<GetAuthCode> {
  const existing = (window as unknown as { gdtGetAuthCode?: GetAuthCode }).gdtGetAuthCode;
  if (existing) return existing;
  return (await import('gdt-jsapi/es/getAuthCode')).default as GetAuthCode;
}

/** Signs in with 浙政钉 免登; resolves to the path to open next. */
export async function signInWithZhengding(returnTo: string): Promise<string> {
  const getAuthCode = await loadGetAuthCode();
  const r = await getAuthCode({});
  const code = r.code ?? r.auth_code;
  if (!code) throw new Error('浙政钉没有返回免登授权码');
  const answer = await api.post<{ returnTo: string }>('/auth/zhengding', { code, returnTo });
  return answer.returnTo;
}
