/** Fixtures for the inbox / Playground tests (docs/design/conversations.md JSON shapes). */
import type { Conversation, Message } from '../api/conversations';

export function msg(id: string, seq: number, extra: Partial<Message> = {}): Message {
  return {
    id,
    conversation_id: 'conv_1',
    seq,
    direction: 'in',
    author: 'customer',
    author_user_id: null,
    text: `text ${id}`,
    buttons: [],
    media_urls: [],
    attachments: [],
    trace: null,
    status: 'received',
    error: null,
    created_at: 1_700_000_000_000 + seq * 1000,
    sent_at: null,
    ...extra,
  };
}

export function conv(id: string, at: number, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    company_id: 'cmp_1',
    channel: { id: 'chn_1', kind: 'webchat', name: 'Web chat' },
    contact: { id: `ctc_${id}`, name: null, external_id: `v_${id}abcd`, source: null, campaign: null },
    status: 'open',
    mode: 'assistant',
    needs_human: false,
    payment_status: 'no_payment_link',
    outcome: 'none',
    language: 'en',
    handled_by_user_id: null,
    last_message_at: at,
    last_message_preview: 'hi',
    message_count: 1,
    unread_count: 0,
    cart: { lines: [] },
    total_minor: 0,
    currency: 'EUR',
    created_at: at,
    updated_at: at,
    ...extra,
  };
}

type Listener = ((e: { data: string }) => void) | null;

/** A stand-in for the browser WebSocket: records what the page sends, lets a test push frames. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: Listener = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public url: string) {
    FakeWebSocket.instances.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
  /** Opens the socket; the page then subscribes. */
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** Confirms every subscription the page asked for. */
  confirm() {
    for (const f of this.sent as { type: string; topic: string }[]) if (f.type === 'subscribe') this.receive({ type: 'subscribed', topic: f.topic });
  }
  static last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!ws) throw new Error('no WebSocket opened');
    return ws;
  }
}
