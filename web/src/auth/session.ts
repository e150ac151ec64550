/** Who is signed in (GET /api/me), shared by every page; roles decide which pages the menu shows. */
import { reactive } from 'vue';
import { api, setCsrfToken } from '../api/client';

export type Role = 'member' | 'leader' | 'admin';

export interface SignedIn {
  readonly signedIn: true;
  readonly person: { id: string; name: string; department: string | null };
  readonly roles: readonly Role[];
  readonly csrf: string;
  readonly home: string;
  readonly scope: { all: boolean; departments: Array<{ id: string; name: string; parentId: string | null }> | null };
}

export interface SignedOut {
  readonly signedIn: false;
  readonly client: 'wecom' | 'zhengding' | 'dingtalk' | 'browser';
  readonly signIn: { wecom: boolean; dingtalk: { clientId: string; corpId: string | null } | null; zhengding?: boolean };
}

export type Me = SignedIn | SignedOut;

export const session = reactive<{ me: Me | null }>({ me: null });

/** Loads (or reloads) /api/me. */
export async function loadMe(force = false): Promise<Me> {
  if (session.me && !force) return session.me;
  const me = await api.get<Me>('/api/me');
  if (me.signedIn) setCsrfToken(me.csrf);
  session.me = me;
  return me;
}

export function hasAnyRole(me: Me | null, roles: readonly Role[] | undefined): boolean {
  if (!roles || roles.length === 0) return me?.signedIn === true;
  return me?.signedIn === true && roles.some((r) => me.roles.includes(r));
}

export async function logout(): Promise<void> {
  await api.post('/auth/logout');
  session.me = null;
  location.assign('/signin');
}
