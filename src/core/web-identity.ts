/**
 * The in-client sign-in port (web-signin.md §1.2, §2.3): a platform turns a one-time code from its client into
 * the member's userid. The web app knows no platform details beyond this; channels/<platform>/web-identity.ts
 * implement it over the platforms' APIs, and tests run them against the fake platforms.
 */

/** What a code was worth: a member's userid, someone who is not a member (a WeChat user), or a bad code. */
export type IdentityResult =
  | { readonly kind: 'member'; readonly userId: string }
  | { readonly kind: 'not-member' }
  /** Unknown, used or expired (WeCom 40029, DingTalk 40078): the page may start the flow again. */
  | { readonly kind: 'bad-code'; readonly errcode: number };

export type IdentityExchange = (code: string) => Promise<IdentityResult>;

/** What the web app needs of each configured platform to sign people in inside its client. */
export interface WebSignInPlatforms {
  /** WeCom OAuth2 网页授权 (snsapi_base): the corp and app the authorize URL names, and the code exchange. */
  readonly wecom?: { readonly corpId: string; readonly agentId: number; readonly exchange: IdentityExchange };
  /** DingTalk H5 免登: the app's clientId (the page's requestAuthCode needs it) and the code exchange. */
  readonly dingtalk?: { readonly clientId: string; readonly exchange: IdentityExchange };
  /** 浙政钉 免登 (gdt-jsapi getAuthCode → /rpc/oauth2/dingtalk_app_user.json): the code exchange; the userid is the accountId. */
  readonly zhengding?: { readonly exchange: IdentityExchange };
}
