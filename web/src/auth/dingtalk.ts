/**
 * DingTalk H5 免登 (web-signin.md §2.2): inside DingTalk the page asks the client for a one-time code
 * (requestAuthCode, 5 minutes, single use) and posts it to the server, which exchanges it for the userid.
 * The client's JSAPI comes from the dingtalk-jsapi package, loaded only inside DingTalk; a `dd` already on
 * the page (DingTalk's script build, or a test double) is used as it is.
 */
import { api } from '../api/client';

interface DdLike {
  requestAuthCode?: (p: { corpId: string; clientId: string }) => Promise<{ code?: string; authCode?: string }>;
  runtime?: { permission?: { requestAuthCode?: (p: { corpId: string }) => Promise<{ code: string }> } };
}

async function getDd(): Promise<DdLike> {
  const existing = (window as unknown as { dd?: DdLike }).dd;
  if (existing) return existing;
  return (await import('dingtalk-jsapi')) as unknown as DdLike;
}

/** The corpId: `?corpid=` from the 工作台 URL (the client fills in $CORPID$), else the server's setting. */
export function corpIdOf(configured: string | null): string | null {
  const fromUrl = new URLSearchParams(location.search).get('corpid');
  return fromUrl && fromUrl !== '$CORPID$' ? fromUrl : configured;
}

/** Signs in with 免登; resolves to the path to open next. */
export async function signInWithDingtalk(clientId: string, corpId: string, returnTo: string): Promise<string> {
  const dd = await getDd();
  let code: string | undefined;
  if (dd.requestAuthCode) {
    const r = await dd.requestAuthCode({ corpId, clientId });
    code = r.code ?? r.authCode;
  } else if (dd.runtime?.permission?.requestAuthCode) {
    code = (await dd.runtime.permission.requestAuthCode({ corpId })).code;
  }
  if (!code) throw new Error('钉钉没有返回免登授权码');
  const r = await api.post<{ returnTo: string }>('/auth/dingtalk', { code, returnTo });
  return r.returnTo;
}
