/**
 * WebSocket `/ws` (docs/design/conversations.md, platform/http/websocket_hub.h):
 *   client → {"type":"subscribe","topic":"company.<id>.inbox"}
 *   server → {"type":"subscribed","topic"} | {"type":"event","topic","data"} | {"type":"error",…}
 * Browsers cannot set an Authorization header on a WebSocket, so the access token travels as
 * `?access_token=` on the upgrade request. A socket that fails or is refused reconnects with
 * back-off; `live` is false meanwhile, and pages fall back to polling.
 */
import { useEffect, useRef, useState } from 'react';
import { tokenStore } from './client';
import type { Conversation, Message } from './conversations';

export type InboxEvent =
  | { kind: 'message'; conversation_id: string; message: Message }
  | { kind: 'conversation'; conversation: Conversation }
  /** The server may have missed events (its cross-node listener reconnected): refetch what is shown. */
  | { kind: 'resync' };

/** Server notices, e.g. {"type":"resync"} (docs/design/realtime.md). */
export const SYSTEM_TOPIC = 'system';

export function inboxTopic(companyId: string): string {
  return `company.${companyId}.inbox`;
}

export function socketUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location, token = tokenStore.get()): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws${token ? `?access_token=${encodeURIComponent(token)}` : ''}`;
}

/** Parses one server frame; returns the event data when it belongs to `topic`. */
export function parseFrame(text: string, topic: string): { type: 'event'; data: InboxEvent } | { type: 'subscribed' | 'error' | 'other' } {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { type: 'other' };
  }
  if (!frame || typeof frame !== 'object') return { type: 'other' };
  const f = frame as { type?: unknown; topic?: unknown; data?: unknown };
  if (f.type === 'subscribed' && f.topic === topic) return { type: 'subscribed' };
  if (f.type === 'error') return { type: 'error' };
  if (f.type === 'event' && f.topic === SYSTEM_TOPIC && f.data && typeof f.data === 'object') {
    if ((f.data as { type?: unknown }).type === 'resync') return { type: 'event', data: { kind: 'resync' } };
    return { type: 'other' };
  }
  if (f.type === 'event' && f.topic === topic && f.data && typeof f.data === 'object') {
    const d = f.data as Partial<InboxEvent> & { kind?: unknown };
    if (d.kind === 'message' && (d as { message?: unknown }).message) {
      const message = (d as { message: Message }).message;
      const conversation_id = (d as { conversation_id?: string }).conversation_id ?? message.conversation_id;
      return { type: 'event', data: { kind: 'message', conversation_id, message } };
    }
    if (d.kind === 'conversation' && (d as { conversation?: unknown }).conversation) {
      return { type: 'event', data: d as InboxEvent };
    }
  }
  return { type: 'other' };
}

/**
 * Subscribes to `company.<id>.inbox` while mounted. `onEvent` may change between renders.
 * Returns `live`: true once the server confirmed the subscription.
 */
export function useInboxSocket(companyId: string | undefined, onEvent: (event: InboxEvent) => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    setLive(false);
    if (!companyId || typeof WebSocket === 'undefined') return;
    const topic = inboxTopic(companyId);
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let attempts = 0;
    let stopped = false;

    const connect = () => {
      if (stopped) return;
      let ws: WebSocket;
      try {
        ws = new WebSocket(socketUrl());
      } catch {
        schedule();
        return;
      }
      socket = ws;
      ws.onopen = () => {
        ws.send(JSON.stringify({ type: 'subscribe', topic }));
        ws.send(JSON.stringify({ type: 'subscribe', topic: SYSTEM_TOPIC }));
        ping = setInterval(() => {
          if (ws.readyState === 1) ws.send(JSON.stringify({ type: 'ping' }));
        }, 25_000);
      };
      ws.onmessage = (e: MessageEvent) => {
        const frame = parseFrame(String(e.data), topic);
        if (frame.type === 'subscribed') {
          attempts = 0;
          setLive(true);
        } else if (frame.type === 'event') {
          handler.current(frame.data);
        } else if (frame.type === 'error') {
          // Refused (e.g. the topic policy): stay on polling and try again later.
          setLive(false);
          ws.close();
        }
      };
      ws.onclose = () => {
        clearInterval(ping);
        if (socket === ws) socket = null;
        setLive(false);
        schedule();
      };
      ws.onerror = () => {
        /* onclose follows */
      };
    };
    const schedule = () => {
      if (stopped) return;
      attempts += 1;
      timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(attempts - 1, 5)));
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(ping);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
    };
  }, [companyId]);

  return live;
}
