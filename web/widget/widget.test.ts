import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from './config';
import { memoryStore, saveToken, tokenKey } from './storage';
import { FakeSocket } from './testing';
import { appendLinkified, ChatWidget } from './widget';

const TOKEN = `v${'a'.repeat(22)}.${'B'.repeat(43)}`;
const NEW_TOKEN = `v${'b'.repeat(22)}.${'C'.repeat(43)}`;

interface Served {
  id: string;
  seq: number;
  direction: string;
  author: string;
  text: string;
  buttons: { title: string; payload: string }[];
  media_urls: string[];
}

/** The public web chat API in memory. */
function fakeServer() {
  const messages: Served[] = [];
  const requests: { method: string; url: string; body: Record<string, unknown> | null }[] = [];
  const seen = new Map<string, Served>();
  let validToken = TOKEN;
  const state = {
    messages,
    requests,
    failPosts: 0,
    rejectToken: (token: string) => (validToken = token),
    reply(text: string, buttons: Served['buttons'] = [], media: string[] = []): Served {
      const m = { id: `msg_${messages.length + 1}`, seq: messages.length + 1, direction: 'out', author: 'assistant', text, buttons, media_urls: media };
      messages.push(m);
      return m;
    },
    fetch: vi.fn(async (input: string, init?: RequestInit) => {
      const url = new URL(input);
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
      requests.push({ method: init?.method ?? 'GET', url: input, body });
      const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status });
      const unauthorized = () => json({ error: { code: 'unauthenticated', message: 'bad token' } }, 401);
      if (url.pathname.endsWith('/sessions')) {
        const token = body?.visitor_token === validToken ? validToken : validToken === TOKEN && !body?.visitor_token ? TOKEN : NEW_TOKEN;
        validToken = token;
        return json({ visitor_token: token, company: { name: 'Bloom' }, conversation_id: null });
      }
      if (init?.method === 'POST') {
        if (body?.visitor_token !== validToken) return unauthorized();
        if (state.failPosts > 0) {
          state.failPosts -= 1;
          return json({ error: { code: 'unavailable', message: 'down' } }, 503);
        }
        const clientId = String(body.client_id);
        const existing = seen.get(clientId);
        if (existing) return json({ message: existing, duplicate: true }, 202);
        const m = { id: `msg_${messages.length + 1}`, seq: messages.length + 1, direction: 'in', author: 'customer', text: String(body.text), buttons: [], media_urls: [] };
        messages.push(m);
        seen.set(clientId, m);
        return json({ message: m, duplicate: false }, 202);
      }
      if (url.searchParams.get('visitor_token') !== validToken) return unauthorized();
      const after = Number(url.searchParams.get('after'));
      return json({ messages: messages.filter((m) => m.seq > after).slice(0, 200) });
    }),
  };
  return state;
}

const config: WidgetConfig = { key: 'wc_test1', apiBase: 'https://x8.test', lang: 'en', color: null, title: null };

async function settle() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
}

describe('ChatWidget', () => {
  let server: ReturnType<typeof fakeServer>;
  let widget: ChatWidget;
  let store: ReturnType<typeof memoryStore>;

  beforeEach(() => {
    FakeSocket.instances = [];
    server = fakeServer();
    store = memoryStore();
    widget = new ChatWidget(config, { fetch: server.fetch, store, tabStore: memoryStore(), socketFactory: FakeSocket.factory });
    widget.mount();
  });

  afterEach(() => widget.destroy());

  const q = (testid: string) => widget.shadow.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
  const all = (testid: string) => Array.from(widget.shadow.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`));

  it('opens from the launcher, starts a session, loads history and subscribes', async () => {
    server.reply('Welcome back');
    const launcher = q('x8-launcher')!;
    expect(q('x8-panel')!.hidden).toBe(true);
    launcher.click();
    await settle();
    expect(q('x8-panel')!.hidden).toBe(false);
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(widget.shadow.activeElement).toBe(q('x8-input'));
    expect(store.getItem(tokenKey('wc_test1'))).toBe(TOKEN);
    expect(widget.shadow.querySelector('h2')!.textContent).toBe('Bloom');
    expect(all('x8-message').map((m) => m.textContent)).toEqual(['Reply: Welcome back']);
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('wss://x8.test/ws');
    socket.open();
    expect(socket.sent[0]).toEqual({ type: 'subscribe', topic: `webchat.${TOKEN}` });
  });

  it('sends optimistically, confirms, shows typing until the reply comes over the socket', async () => {
    q('x8-launcher')!.click();
    await settle();
    const input = q('x8-input') as HTMLTextAreaElement;
    input.value = '  two roses ';
    q('x8-send')!.click();
    expect(all('x8-message')).toHaveLength(1);
    expect(all('x8-message')[0]!.dataset.author).toBe('customer');
    expect(q('x8-typing')!.hidden).toBe(false);
    await settle();
    expect(server.requests.find((r) => r.method === 'POST' && r.url.endsWith('/messages'))?.body).toMatchObject({
      visitor_token: TOKEN,
      text: 'two roses',
    });
    expect(all('x8-message')[0]!.dataset.id).toBe('msg_1');
    const reply = server.reply('Which size?', [{ title: 'M', payload: 'size M' }, { title: 'Pay', payload: 'https://x8.test/pay/sandbox/ps_1' }]);
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'event', topic: `webchat.${TOKEN}`, data: { kind: 'message', message: reply } });
    socket.frame({ type: 'event', topic: `webchat.${TOKEN}`, data: { kind: 'message', message: reply } });
    expect(all('x8-message').map((m) => m.dataset.author)).toEqual(['customer', 'assistant']);
    expect(q('x8-typing')!.hidden).toBe(true);
    const [quick, link] = all('x8-button');
    expect(link).toBeInstanceOf(HTMLAnchorElement);
    expect((link as HTMLAnchorElement).href).toBe('https://x8.test/pay/sandbox/ps_1');
    expect(link!.getAttribute('target')).toBe('_blank');
    quick!.click();
    await settle();
    expect(server.messages.map((m) => m.text)).toEqual(['two roses', 'Which size?', 'size M']);
    // The quick replies went away with the newer message; the link stays.
    expect(all('x8-button').map((b) => b.tagName)).toEqual(['A']);
  });

  it('catches up over HTTP when an event carries a message without a seq', async () => {
    q('x8-launcher')!.click();
    await settle();
    const reply = server.reply('Paid, thank you!');
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'event', topic: `webchat.${TOKEN}`, data: { kind: 'message', message: { id: reply.id, text: reply.text } } });
    await settle();
    expect(all('x8-message').map((m) => m.dataset.id)).toEqual([reply.id]);
  });

  it('fills a gap in seqs (a message written in another tab) over HTTP', async () => {
    q('x8-launcher')!.click();
    await settle();
    server.messages.push({ id: 'msg_1', seq: 1, direction: 'in', author: 'customer', text: 'from my other tab', buttons: [], media_urls: [] });
    const reply = server.reply('Noted!');
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'event', topic: `webchat.${TOKEN}`, data: { kind: 'message', message: reply } });
    await settle();
    expect(all('x8-message').map((m) => m.dataset.id)).toEqual(['msg_1', 'msg_2']);
  });

  it('marks a message not sent and resends it with the same client id', async () => {
    q('x8-launcher')!.click();
    await settle();
    server.failPosts = 1;
    void widget.send('hello');
    await settle();
    const retry = widget.shadow.querySelector<HTMLButtonElement>('.retry');
    expect(retry).not.toBeNull();
    retry!.click();
    await settle();
    const posts = server.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/messages'));
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body!.client_id).toBe(posts[1]!.body!.client_id);
    expect(widget.shadow.querySelector('.retry')).toBeNull();
    expect(server.messages).toHaveLength(1);
  });

  it('starts over as a new visitor when the stored token no longer verifies', async () => {
    saveToken(store, 'wc_test1', TOKEN);
    server.rejectToken(NEW_TOKEN);
    q('x8-launcher')!.click();
    await settle();
    expect(store.getItem(tokenKey('wc_test1'))).toBe(NEW_TOKEN);
    await widget.send('hi');
    expect(server.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('loads a long history page by page', async () => {
    for (let i = 0; i < 450; i += 1) server.reply(`line ${i}`);
    q('x8-launcher')!.click();
    await settle();
    expect(all('x8-message')).toHaveLength(450);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  it('resumes a returning visitor in the background and lights the launcher on a new reply', async () => {
    widget.destroy();
    saveToken(store, 'wc_test1', TOKEN);
    widget = new ChatWidget(config, { fetch: server.fetch, store, tabStore: memoryStore(), socketFactory: FakeSocket.factory });
    widget.mount();
    await settle();
    expect(widget.opened).toBe(false);
    const dot = widget.shadow.querySelector<HTMLElement>('.dot')!;
    expect(dot.hidden).toBe(true);
    const socket = FakeSocket.latest();
    socket.open();
    socket.frame({ type: 'subscribed', topic: `webchat.${TOKEN}` });
    socket.frame({ type: 'event', topic: `webchat.${TOKEN}`, data: { kind: 'message', message: server.reply('A team member here: your order ships today.') } });
    expect(dot.hidden).toBe(false);
    q('x8-launcher')!.click();
    expect(dot.hidden).toBe(true);
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    q('x8-launcher')!.click();
    await settle();
    q('x8-input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(widget.opened).toBe(false);
    expect(q('x8-panel')!.hidden).toBe(true);
    expect(widget.shadow.activeElement).toBe(q('x8-launcher'));
  });

  it('renders images and never injects HTML from message text', async () => {
    server.reply('<img src=x onerror=alert(1)> see https://x8.test/roses.', [], ['/media/rose.jpg', 'javascript:alert(1)', 'https://x8.test/welcome.mp4']);
    q('x8-launcher')!.click();
    await settle();
    const message = all('x8-message')[0]!;
    expect(message.querySelectorAll('img')).toHaveLength(1);
    expect(message.querySelector('img')!.getAttribute('src')).toBe('https://x8.test/media/rose.jpg');
    expect(message.querySelector('video')!.getAttribute('src')).toBe('https://x8.test/welcome.mp4');
    expect(message.querySelector('.bubble a')!.getAttribute('href')).toBe('https://x8.test/roses');
    expect(message.querySelector('.bubble')!.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('appendLinkified', () => {
  it('keeps trailing punctuation out of links', () => {
    const p = document.createElement('p');
    appendLinkified(document, p, 'Pay here: https://x8.test/pay/ps_1, thanks!');
    expect(p.querySelector('a')!.getAttribute('href')).toBe('https://x8.test/pay/ps_1');
    expect(p.textContent).toBe('Pay here: https://x8.test/pay/ps_1, thanks!');
  });
});
