/**
 * The web sign-in port (issue 16): one-time login links and web sessions, kept apart from the big Store
 * port. Both are durable (a restart keeps people signed in and links usable); only hashes of the secrets
 * are stored (sha256 of the link token and of the session id), so a copied data file signs no one in.
 * Implemented by the state stores (store/state-store.ts; lowdb: DATA_DIR/web-auth.json).
 */

/** A one-time login link (web-signin.md §3.4): valid until `expiresAt`, used at most once. */
export interface LoginLink {
  /** sha256 (base64url) of the token in the URL. */
  readonly hash: string;
  readonly personId: string;
  /** Same-origin path to open after signing in. */
  readonly returnTo: string;
  /** Who asked for it: the chat (`后台`), the command line, or the playground page. */
  readonly issuedVia: 'chat' | 'cli' | 'playground';
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt?: string;
}

/** A signed-in browser. The cookie holds the random id; the store keys the record by its hash. */
export interface WebSession {
  /** sha256 (base64url) of the session id in the cookie. */
  readonly hash: string;
  readonly personId: string;
  /** How the person signed in. */
  readonly via: 'link' | 'wecom' | 'dingtalk' | 'zhengding';
  /** The anti-CSRF token the pages send back in X-CSRF-Token on every POST. */
  readonly csrf: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** What redeeming a link found: the link (now marked used) or why it cannot be used. */
export type LinkUse = { readonly ok: true; readonly link: LoginLink } | { readonly ok: false; readonly reason: 'unknown' | 'used' | 'expired' };

export interface WebAuthStore {
  /** Keeps a new link; the person's older unused links stop working (one live link per person). */
  saveLoginLink(link: LoginLink): Promise<void>;
  /** Links issued to a person since `since` (issuance throttle). */
  loginLinksSince(personId: string, since: Date): Promise<readonly LoginLink[]>;
  /** The link with this hash (used or not), without using it: the confirmation page shows whom it signs in. */
  findLoginLink(hash: string): Promise<LoginLink | undefined>;
  /** Marks the link used, atomically: of two concurrent uses exactly one gets ok. */
  useLoginLink(hash: string, at: Date): Promise<LinkUse>;
  saveSession(session: WebSession): Promise<void>;
  getSession(hash: string): Promise<WebSession | undefined>;
  deleteSession(hash: string): Promise<void>;
  /** Ends every session of a person (e.g. deactivated); returns how many. */
  deleteSessionsOf(personId: string): Promise<number>;
  /** Keys that sign the session cookie (newest first); created on first use and kept, so cookies survive restarts. */
  cookieKeys(): Promise<readonly string[]>;
}

/** Whether a store also implements the web sign-in port. */
export function isWebAuthStore(x: unknown): x is WebAuthStore {
  return typeof (x as WebAuthStore | undefined)?.useLoginLink === 'function' && typeof (x as WebAuthStore).getSession === 'function';
}
