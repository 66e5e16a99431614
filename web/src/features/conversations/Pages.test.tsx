import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { bodyOf, calls, json, mockFetch, renderApp, sessionRoutes } from '../../test/utils';
import { conv, FakeWebSocket, msg } from '../../test/conversations';
import type { Company } from '../../api/types';

const company: Company = {
  id: 'cmp_1',
  code: 'COMP001',
  account_id: 'acc_1',
  name: 'Flower shop',
  type: 'PRODUCT',
  status: 'ACTIVE',
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  created_at: 1,
  updated_at: 1,
};
const TOPIC = 'company.cmp_1.inbox';

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

async function liveSocket() {
  await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
  const ws = FakeWebSocket.last();
  act(() => {
    ws.open();
  });
  expect(ws.sent).toContainEqual({ type: 'subscribe', topic: TOPIC });
  act(() => ws.confirm());
  return ws;
}

describe('inbox', () => {
  const a = conv('conv_a', 3000, { contact: { id: 'ctc_a', name: 'Anna', external_id: 'v1' }, last_message_preview: 'Two roses please', unread_count: 2, outcome: 'link_sent', payment_status: 'payment_link_sent', needs_human: true });
  // The server names web chat visitors (conversations::VisitorName); a contact without a name says so.
  const b = conv('conv_b', 2000, { contact: { id: 'ctc_b', name: 'Visitor 77AB', external_id: 'v_77ab' }, outcome: 'paid' });
  const c = conv('conv_c', 1000, { contact: { id: 'ctc_c', name: null, external_id: '12345' }, outcome: 'none' });

  function routes() {
    return {
      ...sessionRoutes('CLIENT'),
      '/api/v1/companies': json({ items: [company], next_cursor: null }),
      '/api/v1/companies/cmp_1/conversations': json({ items: [a, b, c], next_cursor: 'next1' }),
      '/api/v1/conversations/conv_a': json(a),
      '/api/v1/conversations/conv_a/messages': json({
        items: [
          msg('m1', 1, { conversation_id: 'conv_a', text: 'Two roses please' }),
          msg('m2', 2, { conversation_id: 'conv_a', direction: 'out', author: 'assistant', text: 'Here is your link', buttons: [{ title: 'Pay €59.80', payload: 'http://localhost/pay/sandbox/ps_1' }] }),
          msg('m3', 3, { conversation_id: 'conv_a', direction: 'note', author: 'human', text: 'VIP customer' }),
          msg('m4', 4, { conversation_id: 'conv_a', direction: 'out', author: 'human', text: 'Hello!', status: 'failed', error: 'channel offline' }),
        ],
        next_cursor: null,
      }),
      'POST /api/v1/conversations/conv_a/read': json({ ...a, unread_count: 0 }),
      'POST /api/v1/conversations/conv_a/take-over': json({ ...a, mode: 'human', unread_count: 0 }),
      'POST /api/v1/conversations/conv_a/messages': json(msg('m9', 9, { conversation_id: 'conv_a', direction: 'out', author: 'human', author_user_id: '1', text: 'I will help', status: 'queued' })),
      'POST /api/v1/conversations/conv_a/notes': json(msg('m10', 10, { conversation_id: 'conv_a', direction: 'note', author: 'human', text: 'call back' })),
    };
  }

  it('lists conversations with contact, channel, preview, unread, outcome and needs-human', async () => {
    mockFetch(routes());
    renderApp('/app/inbox');
    const rows = await screen.findAllByTestId('conversation-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByTestId('conversation-contact')).toHaveTextContent('Anna');
    expect(within(rows[0]!).getByTestId('conversation-preview')).toHaveTextContent('Two roses please');
    expect(within(rows[0]!).getByTestId('unread-badge')).toHaveTextContent('2');
    expect(within(rows[0]!).getByTestId('outcome-chip')).toHaveTextContent('Link sent');
    expect(within(rows[0]!).getByTestId('needs-human')).toBeInTheDocument();
    expect(within(rows[0]!).getByTestId('channel-badge')).toHaveTextContent('Web chat');
    expect(within(rows[1]!).getByTestId('conversation-contact')).toHaveTextContent('Visitor 77AB');
    expect(within(rows[1]!).getByTestId('outcome-chip')).toHaveTextContent('Paid');
    expect(within(rows[2]!).getByTestId('conversation-contact')).toHaveTextContent('Customer without a name');
    expect(screen.getByTestId('inbox-load-more')).toBeInTheDocument();
  });

  it('builds the list query from the filters and the debounced search', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/inbox');
    await screen.findAllByTestId('conversation-row');
    await userEvent.selectOptions(screen.getByTestId('filter-channel'), 'webchat');
    await userEvent.selectOptions(screen.getByTestId('filter-outcome'), 'paid');
    await userEvent.selectOptions(screen.getByTestId('filter-mode'), 'human');
    await userEvent.type(screen.getByTestId('inbox-search'), 'rose');
    await waitFor(() => expect(calls(fetchMock)).toContain('GET /api/v1/companies/cmp_1/conversations?channel=webchat&outcome=paid&mode=human&q=rose&limit=30'));
    // Typing is debounced: no request per keystroke.
    expect(calls(fetchMock).filter((c) => c.includes('q=r&') || c.includes('q=ro&'))).toEqual([]);
  });

  it('opens a conversation: history, notes, failed messages, payment link; marks it read; takes over and replies', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/inbox/conv_a?company=cmp_1');
    const view = await screen.findByTestId('conversation-view');
    expect(within(view).getByTestId('conversation-title')).toHaveTextContent('Anna');
    expect(within(view).getByTestId('conversation-payment')).toHaveTextContent('Link sent');
    const messages = await within(view).findAllByTestId('message');
    expect(messages.map((m) => m.dataset.author)).toEqual(['customer', 'assistant', 'note', 'human']);
    expect(messages[2]).toHaveTextContent('Internal note');
    expect(within(messages[3]!).getByTestId('message-failed')).toHaveTextContent('Not delivered: channel offline');
    expect(within(messages[1]!).getByTestId('payment-link')).toHaveAttribute('href', 'http://localhost/pay/sandbox/ps_1');
    await waitFor(() => expect(calls(fetchMock)).toContain('POST /api/v1/conversations/conv_a/read'));

    await userEvent.click(within(view).getByTestId('take-over'));
    await waitFor(() => expect(within(view).getByTestId('conversation-mode')).toHaveAttribute('data-mode', 'human'));
    expect(within(view).getByTestId('hand-back')).toBeInTheDocument();

    await userEvent.type(within(view).getByTestId('reply-input'), 'I will help');
    await userEvent.click(within(view).getByTestId('reply-send'));
    expect(bodyOf(fetchMock, 'POST', '/api/v1/conversations/conv_a/messages')).toEqual({ text: 'I will help' });
    await waitFor(() => expect(within(view).getAllByTestId('message')).toHaveLength(5));
    expect(within(view).getAllByTestId('message')[4]).toHaveTextContent('You');

    await userEvent.click(within(view).getByTestId('composer-tab-note'));
    await userEvent.type(within(view).getByTestId('note-input'), 'call back');
    await userEvent.click(within(view).getByTestId('note-add'));
    expect(bodyOf(fetchMock, 'POST', '/api/v1/conversations/conv_a/notes')).toEqual({ text: 'call back' });
    await waitFor(() => expect(within(view).getAllByTestId('message')).toHaveLength(6));
  });

  it('loads earlier messages with the server cursor', async () => {
    const fetchMock = mockFetch({
      ...routes(),
      '/api/v1/conversations/conv_a/messages': (url: string) =>
        url.includes('before=3')
          ? json({ items: [msg('m1', 1, { conversation_id: 'conv_a', text: 'first' }), msg('m2', 2, { conversation_id: 'conv_a', text: 'second' })], next_cursor: null })
          : json({ items: [msg('m3', 3, { conversation_id: 'conv_a', text: 'third' }), msg('m4', 4, { conversation_id: 'conv_a', text: 'fourth' })], next_cursor: '3' }),
    });
    renderApp('/app/inbox/conv_a?company=cmp_1');
    const view = await screen.findByTestId('conversation-view');
    await userEvent.click(await within(view).findByTestId('load-earlier'));
    await waitFor(() => expect(within(view).getAllByTestId('message').map((m) => m.dataset.messageId)).toEqual(['m1', 'm2', 'm3', 'm4']));
    expect(calls(fetchMock)).toContain('GET /api/v1/conversations/conv_a/messages?limit=100&before=3');
    expect(within(view).queryByTestId('load-earlier')).not.toBeInTheDocument();
  });

  it('applies live events: new messages append once, the list reorders', async () => {
    mockFetch(routes());
    renderApp('/app/inbox/conv_a?company=cmp_1');
    const view = await screen.findByTestId('conversation-view');
    await within(view).findAllByTestId('message');
    const ws = await liveSocket();
    await waitFor(() => expect(screen.getByTestId('live-indicator')).toHaveAttribute('data-live', 'true'));
    const incoming = msg('m5', 5, { conversation_id: 'conv_a', text: 'Is it paid?', created_at: 9000 });
    act(() => {
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'message', conversation_id: 'conv_a', message: incoming } });
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'message', conversation_id: 'conv_a', message: incoming } });
    });
    await waitFor(() => expect(within(view).getAllByTestId('message')).toHaveLength(5));
    expect(within(view).getAllByTestId('message')[4]).toHaveTextContent('Is it paid?');

    // A message in the other conversation moves it to the top of the list.
    act(() => {
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'message', conversation_id: 'conv_b', message: msg('x1', 7, { conversation_id: 'conv_b', text: 'hello again', created_at: 99_000 }) } });
    });
    await waitFor(() => expect(screen.getAllByTestId('conversation-row')[0]).toHaveAttribute('data-conversation-id', 'conv_b'));
    expect(within(screen.getAllByTestId('conversation-row')[0]!).getByTestId('unread-badge')).toHaveTextContent('1');

    // A conversation event (paid) updates the header chips.
    act(() => {
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'conversation', conversation: { ...a, outcome: 'paid', payment_status: 'paid', updated_at: 99_999, last_message_at: 99_999 } } });
    });
    await waitFor(() => expect(within(view).getByTestId('conversation-payment')).toHaveTextContent('Paid'));
    expect(screen.getAllByTestId('conversation-row').map((r) => r.dataset.conversationId)).toEqual(['conv_a', 'conv_b', 'conv_c']);
  });

  it('shows the empty state and Russian labels', async () => {
    mockFetch({ ...routes(), '/api/v1/companies/cmp_1/conversations': json({ items: [], next_cursor: null }) });
    renderApp('/app/inbox', { lng: 'ru' });
    expect(await screen.findByTestId('inbox-empty')).toHaveTextContent('Диалогов пока нет');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Входящие');
  });
});

describe('playground', () => {
  const pg = conv('conv_p', 1000, { channel: { id: 'chn_p', kind: 'playground', name: 'Playground' } });
  let current = pg;
  function routes(extra = {}) {
    current = pg;
    return {
      ...sessionRoutes('CLIENT'),
      '/api/v1/companies': json({ items: [company], next_cursor: null }),
      'POST /api/v1/companies/cmp_1/playground': json(pg),
      '/api/v1/conversations/conv_p': () => json(current),
      '/api/v1/conversations/conv_p/messages': json({ items: [], next_cursor: null }),
      'POST /api/v1/playground/conv_p/messages': json(msg('p1', 1, { conversation_id: 'conv_p', text: 'red roses' }), 202),
      ...extra,
    };
  }

  it('starts a conversation, sends as the customer, shows replies, buttons and the trace live', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/playground');
    await userEvent.click(await screen.findByTestId('playground-start'));
    expect(calls(fetchMock)).toContain('POST /api/v1/companies/cmp_1/playground');
    const input = await screen.findByTestId('playground-input');
    const ws = await liveSocket();
    await userEvent.type(input, 'red roses{Enter}');
    expect(bodyOf(fetchMock, 'POST', '/api/v1/playground/conv_p/messages')).toEqual({ text: 'red roses' });
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(1));
    expect(screen.getByTestId('playground-typing')).toBeInTheDocument();

    const reply = msg('p2', 2, {
      conversation_id: 'conv_p',
      direction: 'out',
      author: 'assistant',
      text: 'We have Red roses bouquet',
      buttons: [{ title: 'Add 2', payload: 'add 2' }, { title: 'Pay', payload: 'http://localhost/pay/sandbox/ps_9' }],
      trace: [{ step: 'search', query: 'red roses', results: [{ name: 'Red roses bouquet', score: 0.9 }] }],
    });
    current = { ...pg, updated_at: 5000, payment_status: 'payment_link_sent', cart: { lines: [{ item_id: 'i', variant_id: 'v', name: 'Red roses bouquet', unit_price_minor: 2990, currency: 'EUR', quantity_milli: 2000 }] }, total_minor: 5980 };
    act(() => {
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'message', conversation_id: 'conv_p', message: reply } });
      ws.receive({ type: 'event', topic: TOPIC, data: { kind: 'conversation', conversation: current } });
    });
    await waitFor(() => expect(screen.getAllByTestId('message')).toHaveLength(2));
    expect(screen.queryByTestId('playground-typing')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('trace-panel')).getByTestId('trace-step')).toHaveTextContent('Red roses bouquet');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('€59.80');
    expect(within(screen.getByTestId('playground-cart')).getByTestId('cart-line')).toHaveTextContent('Red roses bouquet');
    expect(screen.getByTestId('payment-chip')).toHaveTextContent('Link sent');
    const pay = screen.getByTestId('payment-link');
    expect(pay).toHaveAttribute('href', 'http://localhost/pay/sandbox/ps_9');
    expect(pay).toHaveAttribute('target', '_blank');

    // A quick reply sends its payload.
    await userEvent.click(screen.getByTestId('quick-reply'));
    await waitFor(() => expect(fetchMock.mock.calls.filter(([u, i]) => String(u).endsWith('/playground/conv_p/messages') && i?.method === 'POST')).toHaveLength(2));
    expect(JSON.parse(String(fetchMock.mock.calls.filter(([u, i]) => String(u).endsWith('/playground/conv_p/messages') && i?.method === 'POST')[1]![1]!.body))).toEqual({ text: 'add 2' });
  });

  it('falls back to polling every 2 s while the socket is down', async () => {
    let n = 0;
    const fetchMock = mockFetch(
      routes({
        '/api/v1/conversations/conv_p/messages': () => {
          n += 1;
          return json({ items: n > 1 ? [msg('p2', 2, { conversation_id: 'conv_p', direction: 'out', author: 'assistant', text: 'Polled reply' })] : [], next_cursor: null });
        },
      }),
    );
    renderApp('/app/playground?company=cmp_1&c=conv_p');
    await screen.findByTestId('playground-input');
    expect(screen.getByTestId('playground-polling')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Polled reply')).toBeInTheDocument(), { timeout: 4000 });
    expect(calls(fetchMock).filter((c) => c.startsWith('GET /api/v1/conversations/conv_p/messages')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('routes', () => {
  it('old paths redirect: /app/conversations → /app/inbox, /app/assistant/playground → /app/playground', async () => {
    mockFetch({ ...sessionRoutes('CLIENT'), '/api/v1/companies': json({ items: [], next_cursor: null }) });
    renderApp('/app/conversations');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/app/inbox'));
    expect(await screen.findByText('Create a company first')).toBeInTheDocument();
  });

  it('managers have the pages under /manager', async () => {
    mockFetch({ ...sessionRoutes('MANAGER'), '/api/v1/companies': json({ items: [], next_cursor: null }) });
    renderApp('/manager/assistant/playground');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/manager/playground'));
    expect(await screen.findByTestId('section-playground')).toBeInTheDocument();
  });
});

