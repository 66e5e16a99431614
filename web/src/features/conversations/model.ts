/** Pure helpers of the inbox and the Playground: merging live events into cached lists. */
import type { InfiniteData } from '@tanstack/react-query';
import type { Conversation, ConversationFilters, CursorPage, Message } from '../../api/conversations';

/** Messages by id (the newer copy wins: status, error, sent_at change), ordered by seq then time. */
export function mergeMessages(existing: readonly Message[] | undefined, incoming: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of existing ?? []) byId.set(m.id, m);
  for (const m of incoming) {
    const old = byId.get(m.id);
    // Keep a trace we already have when an event copy comes without one.
    byId.set(m.id, old && old.trace && !m.trace ? { ...m, trace: old.trace } : m);
  }
  return [...byId.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.created_at - b.created_at || a.id.localeCompare(b.id));
}

export function activityOf(c: Conversation): number {
  return c.last_message_at ?? c.updated_at ?? c.created_at ?? 0;
}

/** Newest activity first, like the server. */
export function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => activityOf(b) - activityOf(a));
}

/** Whether a conversation belongs in a list filtered this way (`q` is the server's call: unknown here). */
export function matchesFilters(c: Conversation, f: ConversationFilters): boolean {
  if (f.channel && c.channel?.kind !== f.channel) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.outcome && c.outcome !== f.outcome) return false;
  if (f.mode && c.mode !== f.mode) return false;
  return true;
}

/**
 * A conversation event applied to a cached (infinite) list: replaced where it is, or added when it
 * matches the filters (not when a search is active — only the server knows what `q` matches),
 * removed when it no longer matches; the first page is re-sorted so fresh activity goes on top.
 */
export function upsertConversation(
  data: InfiniteData<CursorPage<Conversation>> | undefined,
  conv: Conversation,
  filters: ConversationFilters,
): InfiniteData<CursorPage<Conversation>> | undefined {
  if (!data || data.pages.length === 0) return data;
  const present = data.pages.some((p) => p.items.some((c) => c.id === conv.id));
  const keep = matchesFilters(conv, filters) && (present || !filters.q?.trim());
  const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== conv.id) }));
  if (keep) {
    const first = pages[0]!;
    pages[0] = { ...first, items: sortConversations([conv, ...first.items]) };
  }
  return { ...data, pages };
}

/** Applies a message event to the list's copy of its conversation (preview, time, unread). */
export function touchConversation(
  data: InfiniteData<CursorPage<Conversation>> | undefined,
  message: Message,
  { open }: { open: boolean },
): InfiniteData<CursorPage<Conversation>> | undefined {
  if (!data) return data;
  let found: Conversation | undefined;
  for (const p of data.pages) found ??= p.items.find((c) => c.id === message.conversation_id);
  if (!found) return data;
  if ((found.last_message_at ?? 0) > message.created_at) return data;
  const updated: Conversation = {
    ...found,
    last_message_at: message.created_at,
    last_message_preview: message.direction === 'note' ? found.last_message_preview : message.text,
    unread_count: message.direction === 'in' && !open ? found.unread_count + 1 : found.unread_count,
  };
  const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.id !== updated.id) }));
  pages[0] = { ...pages[0]!, items: sortConversations([updated, ...pages[0]!.items]) };
  return { ...data, pages };
}

/** 1500 → "1.5", 2000 → "2" in the UI language. */
export function formatQuantity(quantityMilli: number, lng: string): string {
  return new Intl.NumberFormat(lng, { maximumFractionDigits: 3 }).format(quantityMilli / 1000);
}

/** A button whose payload starts with http is a link (the payment link). */
export function isLinkButton(b: { payload: string }): boolean {
  return /^https?:\/\//i.test(b.payload);
}

/** Cart total from lines (the server's `total_minor` wins when sent). */
export function cartTotal(lines: readonly { unit_price_minor: number; quantity_milli: number; total_minor?: number }[]): number {
  return lines.reduce((sum, l) => sum + (l.total_minor ?? Math.round((l.unit_price_minor * l.quantity_milli) / 1000)), 0);
}
