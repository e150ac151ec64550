/**
 * The small server-rendered pages of the sign-in: the one-time link's confirmation ("确认登录为 张三？" with a
 * button that POSTs: a chat link preview or a scanner that GETs the URL cannot use the link up) and the
 * messages for links that are used, expired or unknown, and for in-client sign-in failures. No scripts.
 */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${escapeHtml(title)} · 普法学习</title>
<style>
body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f7f8fa;color:#323233}
main{max-width:420px;margin:12vh auto;padding:28px 24px;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.06);text-align:center}
h1{font-size:20px;margin:0 0 12px}p{color:#646566;line-height:1.6;margin:8px 0}
button{width:100%;margin-top:20px;padding:12px;font-size:16px;color:#fff;background:#1989fa;border:0;border-radius:8px;cursor:pointer}
</style></head><body><main>${body}</main></body></html>`;
}

/** The confirmation page of a valid link. `action` is the link's own path. */
export function confirmPage(name: string, department: string | undefined, action: string): string {
  return page(
    '确认登录',
    `<h1>普法学习 · 网页后台</h1><p>确认以 <b>${escapeHtml(name)}</b>${department ? `（${escapeHtml(department)}）` : ''} 的身份登录？</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit" id="confirm">确认登录</button></form>
<p style="font-size:13px">链接 10 分钟内有效，只能使用一次。不是您本人请求的，请关闭本页。</p>`,
  );
}

/** Why a link cannot be used, and what to do. */
export function linkProblemPage(reason: 'unknown' | 'used' | 'expired'): string {
  const why = { unknown: '登录链接无效。', used: '该登录链接已经使用过（每个链接只能使用一次）。', expired: '登录链接已过期（10 分钟内有效）。' }[reason];
  return page('无法登录', `<h1>无法登录</h1><p>${why}</p><p>请在企业微信或钉钉中向普法答题机器人发送“后台”，获取新的登录链接。</p>`);
}

/** A sign-in that failed inside the client (not a member, left, platform error). */
export function signInProblemPage(message: string): string {
  return page('无法登录', `<h1>无法登录</h1><p>${escapeHtml(message)}</p>`);
}
