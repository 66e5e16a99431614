import { describe, expect, it } from 'vitest';
import type { InfiniteData } from '@tanstack/react-query';
import { conversationQuery, orderQuery, type Conversation, type CursorPage } from '../../api/conversations';
import { parseFrame, socketUrl } from '../../api/realtime';
import { formatMoney } from '../../lib/money';
import { formatRelative } from '../../lib/format';
import { conv, msg } from '../../test/conversations';
import { cartTotal, formatQuantity, isLinkButton, matchesFilters, mergeMessages, touchConversation, upsertConversation } from './model';

function pages(...lists: Conversation[][]): InfiniteData<CursorPage<Conversation>> {
  return { pages: lists.map((items, i) => ({ items, next_cursor: i < lists.length - 1 ? `c${i}` : null })), pageParams: lists.map((_, i) => (i ? `c${i - 1}` : null)) };
}

describe('mergeMessages (WebSocket events into the history)', () => {
  it('appends new messages in seq order and drops duplicates by id', () => {
    const base = [msg('a', 1), msg('b', 2)];
    const merged = mergeMessages(base, [msg('d', 4), msg('c', 3), msg('b', 2)]);
    expect(merged.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
    // The same event twice changes nothing.
    expect(mergeMessages(merged, [msg('d', 4)]).map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes the newer copy (status/error) but keeps a trace the event lacks', () => {
    const trace = [{ step: 'search', query: 'roses', results: [] }];
    const base = [msg('a', 1, { direction: 'out', author: 'assistant', status: 'queued', trace })];
    const [m] = mergeMessages(base, [msg('a', 1, { direction: 'out', author: 'assistant', status: 'failed', error: 'timeout', trace: undefined })]);
    expect(m!.status).toBe('failed');
    expect(m!.error).toBe('timeout');
    expect(m!.trace).toEqual(trace);
  });

  it('starts from nothing', () => {
    expect(mergeMessages(undefined, [msg('x', 5)]).map((m) => m.id)).toEqual(['x']);
  });
});

describe('conversation list updates', () => {
  const a = conv('a', 3000);
  const b = conv('b', 2000);
  const c = conv('c', 1000);

  it('moves an updated conversation to the top without duplicating it', () => {
    const data = pages([a, b], [c]);
    const out = upsertConversation(data, { ...c, last_message_at: 5000, last_message_preview: 'new' }, {})!;
    expect(out.pages[0]!.items.map((x) => x.id)).toEqual(['c', 'a', 'b']);
    expect(out.pages[1]!.items).toEqual([]);
    expect(out.pages[0]!.items[0]!.last_message_preview).toBe('new');
  });

  it('adds a new conversation that matches the filters, not one that does not', () => {
    const data = pages([a, b]);
    const fresh = conv('n', 9000, { channel: { id: 'x', kind: 'telegram', name: 'TG' } });
    expect(upsertConversation(data, fresh, {})!.pages[0]!.items[0]!.id).toBe('n');
    expect(upsertConversation(data, fresh, { channel: 'webchat' })!.pages[0]!.items.map((x) => x.id)).toEqual(['a', 'b']);
    // With a search only the server knows what matches: existing rows update, new ones wait.
    expect(upsertConversation(data, fresh, { q: 'rose' })!.pages[0]!.items.map((x) => x.id)).toEqual(['a', 'b']);
    expect(upsertConversation(data, { ...b, last_message_at: 9999 }, { q: 'rose' })!.pages[0]!.items.map((x) => x.id)).toEqual(['b', 'a']);
  });

  it('drops a conversation that no longer matches (e.g. closed while filtering open)', () => {
    const out = upsertConversation(pages([a, b]), { ...a, status: 'closed' }, { status: 'open' })!;
    expect(out.pages[0]!.items.map((x) => x.id)).toEqual(['b']);
  });

  it('matchesFilters checks channel, status, outcome and mode', () => {
    const x = conv('x', 1, { outcome: 'paid', mode: 'human' });
    expect(matchesFilters(x, { outcome: 'paid', mode: 'human', channel: 'webchat', status: 'open' })).toBe(true);
    expect(matchesFilters(x, { outcome: 'cart' })).toBe(false);
    expect(matchesFilters(x, { mode: 'assistant' })).toBe(false);
  });

  it('a message event bumps the preview, time and unread count (not for the open one)', () => {
    const data = pages([a, b]);
    const m = msg('m', 9, { conversation_id: 'b', text: 'two roses please', created_at: 9000 });
    const out = touchConversation(data, m, { open: false })!;
    expect(out.pages[0]!.items.map((x) => x.id)).toEqual(['b', 'a']);
    expect(out.pages[0]!.items[0]).toMatchObject({ last_message_preview: 'two roses please', unread_count: 1, last_message_at: 9000 });
    expect(touchConversation(data, m, { open: true })!.pages[0]!.items[0]!.unread_count).toBe(0);
  });
});

describe('inbox filters → query string', () => {
  it('leaves out empty filters and trims the search', () => {
    expect(conversationQuery({ channel: '', status: 'open', outcome: 'paid', mode: '', q: '  roses ' })).toBe('status=open&outcome=paid&q=roses&limit=30');
    expect(conversationQuery({ channel: 'webchat', mode: 'human' }, 'cur_2', 10)).toBe('channel=webchat&mode=human&cursor=cur_2&limit=10');
    expect(conversationQuery({})).toBe('limit=30');
  });
  it('orders use payment_status', () => {
    expect(orderQuery('paid', ' Ann ', 'c1')).toBe('payment_status=paid&q=Ann&cursor=c1&limit=50');
    expect(orderQuery('', '')).toBe('limit=50');
  });
});

describe('money, quantity and time formatting', () => {
  it('formats money by currency and UI language', () => {
    expect(formatMoney(5980, 'EUR', 'en')).toBe('€59.80');
    expect(formatMoney(5980, 'EUR', 'ru').replace(/\s/g, ' ')).toBe('59,80 €');
    expect(formatMoney(250000, 'RUB', 'ru').replace(/\s/g, ' ')).toBe('2 500,00 ₽');
    expect(formatMoney(1200, 'JPY', 'en')).toBe('¥1,200');
    expect(formatMoney(null, 'EUR', 'en')).toBe('—');
  });
  it('formats quantities and cart totals', () => {
    expect(formatQuantity(1500, 'en')).toBe('1.5');
    expect(formatQuantity(1500, 'ru')).toBe('1,5');
    expect(formatQuantity(2000, 'en')).toBe('2');
    expect(cartTotal([{ unit_price_minor: 2990, quantity_milli: 2000 }, { unit_price_minor: 1000, quantity_milli: 1500 }])).toBe(7480);
    expect(cartTotal([{ unit_price_minor: 1, quantity_milli: 1, total_minor: 42 }])).toBe(42);
  });
  it('relative times in both languages', () => {
    const now = 1_700_000_000_000;
    expect(formatRelative(now - 5 * 60_000, 'en', now)).toBe('5 minutes ago');
    expect(formatRelative(now - 5 * 60_000, 'ru', now)).toBe('5 минут назад');
    expect(formatRelative(now + 2 * 3600_000, 'en', now)).toBe('in 2 hours');
  });
  it('link buttons', () => {
    expect(isLinkButton({ payload: 'https://x8.test/pay/sandbox/ps_1' })).toBe(true);
    expect(isLinkButton({ payload: 'add:itm_1' })).toBe(false);
  });
});

describe('WebSocket frames', () => {
  const topic = 'company.cmp_1.inbox';
  it('parses events of the topic only', () => {
    const m = msg('a', 1);
    expect(parseFrame(JSON.stringify({ type: 'event', topic, data: { kind: 'message', conversation_id: 'conv_1', message: m } }), topic)).toEqual({
      type: 'event',
      data: { kind: 'message', conversation_id: 'conv_1', message: m },
    });
    const c = conv('a', 1);
    expect(parseFrame(JSON.stringify({ type: 'event', topic, data: { kind: 'conversation', conversation: c } }), topic)).toEqual({ type: 'event', data: { kind: 'conversation', conversation: c } });
    expect(parseFrame(JSON.stringify({ type: 'event', topic: 'company.other.inbox', data: { kind: 'message', message: m } }), topic).type).toBe('other');
    expect(parseFrame(JSON.stringify({ type: 'subscribed', topic }), topic).type).toBe('subscribed');
    expect(parseFrame(JSON.stringify({ type: 'error', error: { code: 'forbidden' } }), topic).type).toBe('error');
    expect(parseFrame('not json', topic).type).toBe('other');
    expect(parseFrame(JSON.stringify({ type: 'event', topic: 'system', data: { type: 'resync' } }), topic)).toEqual({ type: 'event', data: { kind: 'resync' } });
    expect(parseFrame(JSON.stringify({ type: 'event', topic: 'system', data: { notice: 'restart' } }), topic).type).toBe('other');
  });
  it('builds the socket URL with the access token', () => {
    expect(socketUrl({ protocol: 'https:', host: 'x8.example' }, 'a b')).toBe('wss://x8.example/ws?access_token=a%20b');
    expect(socketUrl({ protocol: 'http:', host: 'localhost:5173' }, null)).toBe('ws://localhost:5173/ws');
  });
});
