/**
 * The playground page as served: multi-line input (Enter sends, Shift+Enter is a new line, an input method's
 * Enter is not a send), a header that wraps at phone width, and a CJK + emoji font stack. The page's script
 * runs in node:vm against a small fake DOM (no browser here); a multi-line message reaches the bot whole.
 */
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, test } from 'vitest';
import { makeTestDeps, startServer } from '../helpers/test-deps.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** An element of the fake DOM: the properties and listeners the page's script uses. */
function element() {
  const listeners = new Map<string, (e: unknown) => void>();
  return {
    value: '',
    style: {} as Record<string, string>,
    scrollHeight: 24,
    dataset: {},
    children: [] as unknown[],
    selectedOptions: [{ textContent: '张三' }],
    onsubmit: undefined as undefined | ((e: unknown) => void),
    addEventListener: (type: string, fn: (e: unknown) => void) => listeners.set(type, fn),
    appendChild(c: unknown) {
      this.children.push(c);
    },
    fire: (type: string, e: unknown) => listeners.get(type)?.(e),
  };
}

describe('playground page', () => {
  test('Enter sends, Shift+Enter and composing Enter add a line; the header wraps at 375 px; fonts fall back to CJK and emoji', async () => {
    const { deps } = await makeTestDeps();
    const srv = await startServer(deps);
    closers.push(srv.close);
    const html = await (await fetch(`${srv.url}/`)).text();

    expect(html).toMatch(/<textarea id="t"/);
    expect(html).toContain('Shift+Enter 换行');
    expect(html).toMatch(/--font:[^;]*"Noto Sans CJK SC"[^;]*"WenQuanYi Micro Hei"[^;]*sans-serif[^;]*"Noto Color Emoji"/);
    expect(html).toMatch(/@media \(max-width: 480px\)[\s\S]*header h1 \{[^}]*flex-basis: 100%/);
    expect(html).toMatch(/header h1 \{[^}]*min-width: 0;[^}]*overflow-wrap: anywhere/);

    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const els = { log: element(), user: element(), t: element(), f: element() };
    els.user.value = 'zhangsan';
    const sent: string[] = [];
    const context = {
      document: {
        getElementById: (id: keyof typeof els) => els[id],
        querySelectorAll: () => [],
        createElement: () => element(),
        createTextNode: (text: string) => ({ text }),
      },
      fetch: async (url: string, init?: { body?: string }) => {
        if (url === '/playground/messages') sent.push((JSON.parse(init!.body!) as { text: string }).text);
        return { ok: true, json: async () => ({ users: [], replies: [], messages: [] }) };
      },
      setInterval: () => 0,
      Math,
      JSON,
      encodeURIComponent,
    };
    runInNewContext(script, context);
    const key = (extra: Record<string, unknown>) => {
      let prevented = false;
      els.t.fire('keydown', { key: 'Enter', shiftKey: false, isComposing: false, ...extra, preventDefault: () => (prevented = true) });
      return prevented;
    };
    els.t.value = '发布 学习专题\n第一行';
    expect(key({ shiftKey: true })).toBe(false); // the browser inserts the new line
    expect(key({ isComposing: true })).toBe(false); // choosing a word in the input method
    expect(sent).toEqual([]);
    expect(key({})).toBe(true);
    expect(sent).toEqual(['发布 学习专题\n第一行']);
    expect(els.t.value).toBe('');

    // The whole multi-line text reaches the bot as one message.
    const r = await fetch(`${srv.url}/playground/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'zhangsan', text: '答题\n' }),
    });
    expect(((await r.json()) as { replies: Array<{ text: string }> }).replies[0]!.text).toBe('今日答题共 5 题，开始吧！');
  });
});
