/**
 * Conversations, Playground, orders (payments log) and assistant settings — the business side of
 * docs/design/conversations.md ("HTTP API", "JSON shapes"). Times are unix ms, money minor units.
 */
import { api } from './client';
import { itemsOf } from './accounts';

const enc = encodeURIComponent;

export const OUTCOMES = ['none', 'cart', 'link_sent', 'paid', 'expired', 'cancelled', 'refunded', 'handoff'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const PAYMENT_STATUSES = ['no_payment_link', 'payment_link_sent', 'paid', 'expired', 'cancelled', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const CHANNEL_KINDS = ['webchat', 'playground', 'telegram', 'whatsapp', 'instagram', 'messenger', 'email'] as const;
export type ConversationStatus = 'open' | 'closed';
export type ConversationMode = 'assistant' | 'human';

export interface CartLine {
  item_id: string;
  variant_id: string;
  name: string;
  variant_label?: string;
  unit?: string;
  unit_price_minor: number;
  currency?: string;
  quantity_milli: number;
  image_url?: string;
  total_minor?: number;
  quantity?: number;
}

export interface Conversation {
  id: string;
  company_id: string;
  channel: { id: string; kind: string; name: string };
  contact: { id: string; name: string | null; external_id: string; source?: string | null; campaign?: string | null };
  status: ConversationStatus;
  mode: ConversationMode;
  needs_human: boolean;
  payment_status: PaymentStatus;
  outcome: Outcome;
  language?: string | null;
  handled_by_user_id: string | null;
  last_message_at: number | null;
  last_message_preview: string | null;
  message_count: number;
  unread_count: number;
  cart: { lines: CartLine[] } | null;
  total_minor: number | null;
  currency: string | null;
  created_at: number;
  updated_at: number;
}

export type MessageDirection = 'in' | 'out' | 'note';
export type MessageAuthor = 'customer' | 'assistant' | 'human' | 'system';

export interface TraceStep {
  step: string;
  [key: string]: unknown;
}

export interface Message {
  id: string;
  conversation_id: string;
  seq: number;
  direction: MessageDirection;
  author: MessageAuthor;
  author_user_id?: string | null;
  /** Sent by some servers for human replies and notes. */
  author_name?: string | null;
  text: string;
  buttons?: { title: string; payload: string }[];
  media_urls?: string[];
  attachments?: { kind: string; url: string; mime_type?: string; file_name?: string }[];
  trace?: TraceStep[] | null;
  status: 'received' | 'queued' | 'sent' | 'failed';
  error?: string | null;
  created_at: number;
  sent_at?: number | null;
}

export interface OrderLine {
  item_id: string;
  variant_id: string;
  name: string;
  variant_label?: string;
  unit?: string;
  quantity?: number;
  quantity_milli: number;
  unit_price_minor: number;
  total_minor: number;
}

export interface Order {
  id: string;
  company_id: string;
  conversation_id: string | null;
  contact_id: string | null;
  customer_name: string | null;
  payment_status: PaymentStatus;
  currency: string;
  subtotal_minor: number;
  delivery_minor: number;
  total_minor: number;
  lines: OrderLine[];
  provider: string;
  payment_url: string | null;
  expires_at: number | null;
  paid_at: number | null;
  cancelled_at: number | null;
  refunded_at: number | null;
  created_at: number;
  updated_at: number;
}

export const PROMPT_KEYS = ['rules', 'greeting', 'selection', 'checkout', 'after_payment', 'handoff'] as const;
export type PromptKey = (typeof PROMPT_KEYS)[number];

export interface AssistantSettings {
  company_id: string;
  engine: 'guided' | 'llm';
  llm_available: boolean;
  debounce_ms: number;
  retention_days: number;
  default_language: 'en' | 'ru';
  prompts: Partial<Record<PromptKey, string>>;
  version: number;
  updated_at: number | null;
}

export type AssistantSettingsInput = Partial<Omit<AssistantSettings, 'company_id' | 'llm_available' | 'version' | 'updated_at'>>;

export interface WebchatConfig {
  channel_id: string;
  widget_key: string;
  snippet: string;
}

export interface CursorPage<T> {
  items: T[];
  next_cursor: string | null;
}

function pageOf<T>(body: unknown): CursorPage<T> {
  const next = body && typeof body === 'object' ? (body as { next_cursor?: unknown }).next_cursor : null;
  return { items: itemsOf<T>(body), next_cursor: typeof next === 'string' && next ? next : null };
}

function messagesOf(body: unknown): Message[] {
  if (body && typeof body === 'object' && Array.isArray((body as { messages?: unknown }).messages)) {
    return (body as { messages: Message[] }).messages;
  }
  return itemsOf<Message>(body);
}

/** An answer that is either the object itself or `{conversation: …}` / `{order: …}` / `{message: …}`. */
function unwrap<T>(body: unknown, key: string): T {
  if (body && typeof body === 'object' && key in body) return (body as Record<string, unknown>)[key] as T;
  return body as T;
}

// --- conversations -------------------------------------------------------------

export interface ConversationFilters {
  channel?: string;
  status?: string;
  outcome?: string;
  mode?: string;
  q?: string;
}

/** `channel=&status=&outcome=&mode=&q=&cursor=&limit=` — empty values are left out. */
export function conversationQuery(filters: ConversationFilters, cursor?: string | null, limit = 30): string {
  const params = new URLSearchParams();
  for (const key of ['channel', 'status', 'outcome', 'mode'] as const) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  const q = filters.q?.trim();
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return params.toString();
}

export const conversationsKey = (companyId: string, filters?: ConversationFilters) =>
  filters ? (['conversations', companyId, filters] as const) : (['conversations', companyId] as const);
export const conversationKey = (id: string) => ['conversation', id] as const;
export const messagesKey = (id: string) => ['conversation-messages', id] as const;

export async function fetchConversations(companyId: string, filters: ConversationFilters, cursor: string | null, signal?: AbortSignal) {
  return pageOf<Conversation>(await api.get<unknown>(`/companies/${enc(companyId)}/conversations?${conversationQuery(filters, cursor)}`, { signal }));
}

export async function fetchConversation(id: string, signal?: AbortSignal): Promise<Conversation> {
  return unwrap<Conversation>(await api.get<unknown>(`/conversations/${enc(id)}`, { signal }), 'conversation');
}

export async function fetchMessages(id: string, { before, limit = 100 }: { before?: number; limit?: number } = {}, signal?: AbortSignal) {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before !== undefined) params.set('before', String(before));
  const body = await api.get<unknown>(`/conversations/${enc(id)}/messages?${params.toString()}`, { signal });
  const next = body && typeof body === 'object' ? (body as { next_cursor?: unknown }).next_cursor : null;
  const items = messagesOf(body);
  // `next_cursor` is the `before` of the older page ("42"), null on the oldest page.
  const cursor = typeof next === 'string' && /^\d+$/.test(next) ? Number(next) : undefined;
  return { items, hasMore: typeof next === 'string' ? next !== '' : next === undefined && items.length >= limit, nextBefore: cursor };
}

export async function sendReply(id: string, text: string): Promise<Message> {
  return unwrap<Message>(await api.post<unknown>(`/conversations/${enc(id)}/messages`, { text }), 'message');
}

export async function addNote(id: string, text: string): Promise<Message> {
  return unwrap<Message>(await api.post<unknown>(`/conversations/${enc(id)}/notes`, { text }), 'message');
}

export type ConversationAction = 'take-over' | 'hand-back' | 'read' | 'close';

export async function conversationAction(id: string, action: ConversationAction): Promise<Conversation | undefined> {
  const body = await api.post<unknown>(`/conversations/${enc(id)}/${action}`);
  const conv = unwrap<Conversation | undefined>(body, 'conversation');
  return conv && typeof conv === 'object' && 'id' in conv ? conv : undefined;
}

// --- playground ----------------------------------------------------------------

export async function startPlayground(companyId: string): Promise<Conversation> {
  return unwrap<Conversation>(await api.post<unknown>(`/companies/${enc(companyId)}/playground`), 'conversation');
}

export async function sendPlaygroundMessage(conversationId: string, text: string): Promise<Message | undefined> {
  const body = await api.post<unknown>(`/playground/${enc(conversationId)}/messages`, { text });
  const msg = unwrap<Message | undefined>(body, 'message');
  return msg && typeof msg === 'object' && 'id' in msg ? msg : undefined;
}

// --- orders (payments log) -----------------------------------------------------

export const ordersKey = (companyId: string, status?: string, q?: string) =>
  status === undefined ? (['orders', companyId] as const) : (['orders', companyId, status, q ?? ''] as const);

export function orderQuery(status: string, q: string, cursor?: string | null, limit = 50): string {
  const params = new URLSearchParams();
  if (status) params.set('payment_status', status);
  if (q.trim()) params.set('q', q.trim());
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return params.toString();
}

export async function fetchOrders(companyId: string, status: string, q: string, cursor: string | null, signal?: AbortSignal) {
  return pageOf<Order>(await api.get<unknown>(`/companies/${enc(companyId)}/orders?${orderQuery(status, q, cursor)}`, { signal }));
}

export async function orderAction(id: string, action: 'cancel' | 'refund'): Promise<Order | undefined> {
  const body = await api.post<unknown>(`/orders/${enc(id)}/${action}`);
  const order = unwrap<Order | undefined>(body, 'order');
  return order && typeof order === 'object' && 'id' in order ? order : undefined;
}

// --- assistant settings, web chat ---------------------------------------------

export const settingsKey = (companyId: string) => ['assistant-settings', companyId] as const;
export const webchatKey = (companyId: string) => ['webchat', companyId] as const;

export async function fetchAssistantSettings(companyId: string, signal?: AbortSignal): Promise<AssistantSettings> {
  return unwrap<AssistantSettings>(await api.get<unknown>(`/companies/${enc(companyId)}/assistant-settings`, { signal }), 'settings');
}

export async function saveAssistantSettings(companyId: string, input: AssistantSettingsInput): Promise<AssistantSettings> {
  return unwrap<AssistantSettings>(await api.put<unknown>(`/companies/${enc(companyId)}/assistant-settings`, input), 'settings');
}

export function fetchWebchat(companyId: string, signal?: AbortSignal): Promise<WebchatConfig> {
  return api.get<WebchatConfig>(`/companies/${enc(companyId)}/webchat`, { signal });
}
