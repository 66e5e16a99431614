import { useCallback, useEffect, useRef, useState } from 'react';
import { useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import {
  conversationKey,
  fetchConversation,
  fetchMessages,
  messagesKey,
  type Conversation,
  type ConversationFilters,
  type CursorPage,
  type Message,
} from '../../api/conversations';
import type { InboxEvent } from '../../api/realtime';
import { mergeMessages, touchConversation, upsertConversation } from './model';

export interface MessagesState {
  items: Message[];
  hasMore: boolean;
  /** The server's cursor for the older page (a seq), when it sent one. */
  nextBefore?: number | undefined;
}

type ListData = InfiniteData<CursorPage<Conversation>>;

/** Merges one WebSocket event into every cache it touches (no refetch, no duplicates). */
export function applyInboxEvent(qc: QueryClient, companyId: string, event: InboxEvent, openId?: string): void {
  if (event.kind === 'resync') {
    // Events may have been missed: refetch the list and the open conversation.
    void qc.invalidateQueries({ queryKey: ['conversations', companyId] });
    if (openId) {
      void qc.invalidateQueries({ queryKey: conversationKey(openId) });
      void qc.invalidateQueries({ queryKey: messagesKey(openId) });
    }
  } else if (event.kind === 'message') {
    const { message } = event;
    const id = event.conversation_id || message.conversation_id;
    qc.setQueryData<MessagesState>(messagesKey(id), (prev) => (prev ? { ...prev, items: mergeMessages(prev.items, [message]) } : prev));
    for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: ['conversations', companyId] })) {
      qc.setQueryData<ListData>(key, touchConversation(data, { ...message, conversation_id: id }, { open: id === openId }));
    }
  } else {
    const conv = event.conversation;
    qc.setQueryData<Conversation>(conversationKey(conv.id), (prev) => (prev && prev.updated_at > conv.updated_at ? prev : conv));
    for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: ['conversations', companyId] })) {
      const filters = (key[2] ?? {}) as ConversationFilters;
      qc.setQueryData<ListData>(key, upsertConversation(data, conv, filters));
    }
  }
}

/** A conversation and its messages; `poll` (ms) refetches while the socket is down. */
export function useConversationData(id: string | undefined, poll: number | false) {
  const qc = useQueryClient();
  const conversation = useQuery({
    queryKey: conversationKey(id ?? ''),
    queryFn: ({ signal }) => fetchConversation(id!, signal),
    enabled: !!id,
    refetchInterval: poll,
  });
  const messages = useQuery({
    queryKey: messagesKey(id ?? ''),
    queryFn: async ({ signal }): Promise<MessagesState> => {
      const page = await fetchMessages(id!, { limit: 100 }, signal);
      const prev = qc.getQueryData<MessagesState>(messagesKey(id!));
      return prev
        ? { items: mergeMessages(prev.items, page.items), hasMore: prev.hasMore, nextBefore: prev.nextBefore }
        : { items: mergeMessages(undefined, page.items), hasMore: page.hasMore, nextBefore: page.nextBefore };
    },
    enabled: !!id,
    refetchInterval: poll,
  });
  // A new outgoing message (a reply, the payment link) usually changes the cart or payment status:
  // refresh the conversation once in case its own event is late or missing.
  const items = messages.data?.items;
  const lastOutId = items ? [...items].reverse().find((m) => m.direction === 'out')?.id : undefined;
  const loaded = items !== undefined;
  const seenOut = useRef<{ id: string | undefined } | null>(null);
  const refetchConversation = conversation.refetch;
  useEffect(() => {
    if (!loaded) return;
    if (seenOut.current && seenOut.current.id !== lastOutId) void refetchConversation();
    seenOut.current = { id: lastOutId };
  }, [loaded, lastOutId, refetchConversation]);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const loadEarlier = useCallback(async () => {
    if (!id) return;
    const prev = qc.getQueryData<MessagesState>(messagesKey(id));
    const first = prev?.items[0];
    if (!first) return;
    setLoadingEarlier(true);
    try {
      const page = await fetchMessages(id, { before: prev?.nextBefore ?? first.seq, limit: 100 });
      qc.setQueryData<MessagesState>(messagesKey(id), (p) => ({ items: mergeMessages(p?.items, page.items), hasMore: page.hasMore, nextBefore: page.nextBefore }));
    } finally {
      setLoadingEarlier(false);
    }
  }, [id, qc]);
  const addMessages = useCallback(
    (list: Message[]) => {
      if (!id) return;
      qc.setQueryData<MessagesState>(messagesKey(id), (p) => ({ items: mergeMessages(p?.items, list), hasMore: p?.hasMore ?? false, nextBefore: p?.nextBefore }));
    },
    [id, qc],
  );
  const setConversation = useCallback(
    (c: Conversation) => {
      qc.setQueryData(conversationKey(c.id), c);
    },
    [qc],
  );
  return { conversation, messages, loadEarlier, loadingEarlier, addMessages, setConversation };
}
