/** Chat messages as the widget keeps them: server messages ordered by seq, the visitor's own
 * not-yet-confirmed messages (shown optimistically) after them. Pure functions, no DOM. */

export interface ChatButton {
  title: string;
  payload: string;
}

export interface ChatAttachment {
  kind: string;
  url: string;
  mime_type: string;
  file_name: string;
}

export interface ChatMessage {
  /** msg_… for server messages, "local:<client_id>" until the server confirms. */
  id: string;
  /** 0 until the server confirms. */
  seq: number;
  direction: string; // in | out
  author: string; // customer | assistant | human | system
  text: string;
  buttons: ChatButton[];
  media_urls: string[];
  attachments: ChatAttachment[];
  created_at: number;
  /** Local state of the visitor's own messages. */
  client_id?: string;
  pending?: boolean;
  failed?: boolean;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A server Message (docs/design/conversations.md, "JSON shapes") or null when it is not one. Notes
 * (direction "note") never reach a visitor; they are dropped here too. */
export function parseMessage(raw: unknown): ChatMessage | null {
  const m = record(raw);
  if (!m) return null;
  const id = str(m.id);
  const seq = typeof m.seq === 'number' && Number.isFinite(m.seq) ? m.seq : 0;
  if (!id || seq <= 0 || m.direction === 'note') return null;
  const buttons: ChatButton[] = [];
  for (const b of array(m.buttons)) {
    const button = record(b);
    if (button && str(button.title)) buttons.push({ title: str(button.title), payload: str(button.payload) || str(button.title) });
  }
  const attachments: ChatAttachment[] = [];
  for (const a of array(m.attachments)) {
    const attachment = record(a);
    if (attachment && str(attachment.url)) {
      attachments.push({
        kind: str(attachment.kind),
        url: str(attachment.url),
        mime_type: str(attachment.mime_type),
        file_name: str(attachment.file_name),
      });
    }
  }
  return {
    id,
    seq,
    direction: str(m.direction) || 'out',
    author: str(m.author) || 'assistant',
    text: str(m.text),
    buttons,
    media_urls: array(m.media_urls).filter((u): u is string => typeof u === 'string' && u !== ''),
    attachments,
    created_at: typeof m.created_at === 'number' ? m.created_at : 0,
  };
}

/** The visitor's message as shown before the server answered. */
export function localMessage(clientId: string, text: string, now: number): ChatMessage {
  return {
    id: `local:${clientId}`,
    seq: 0,
    direction: 'in',
    author: 'customer',
    text,
    buttons: [],
    media_urls: [],
    attachments: [],
    created_at: now,
    client_id: clientId,
    pending: true,
  };
}

function isLocal(m: ChatMessage): boolean {
  return m.seq <= 0;
}

function ordered(list: ChatMessage[]): ChatMessage[] {
  // Stable: server messages by seq, local ones after them in the order they were written.
  return list
    .map((m, i) => ({ m, i }))
    .sort((a, b) => {
      const la = isLocal(a.m);
      const lb = isLocal(b.m);
      if (la !== lb) return la ? 1 : -1;
      if (!la && a.m.seq !== b.m.seq) return a.m.seq - b.m.seq;
      return a.i - b.i;
    })
    .map(({ m }) => m);
}

/**
 * Merges server messages into the list: the same id replaces (a newer status), a customer message
 * that matches a pending local one by text takes its place (it arrived over the socket or a poll
 * before the POST answered), anything else is added. The result is ordered.
 */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const list = current.slice();
  for (const message of incoming) {
    if (message.direction === 'note') continue;
    const same = list.findIndex((m) => m.id === message.id);
    if (same >= 0) {
      list[same] = { ...message, client_id: list[same]?.client_id };
      continue;
    }
    if (message.direction === 'in') {
      const local = list.findIndex((m) => isLocal(m) && !m.failed && m.text === message.text);
      if (local >= 0) {
        list[local] = { ...message, client_id: list[local]?.client_id };
        continue;
      }
    }
    list.push(message);
  }
  return ordered(list);
}

/** The POST answered: the local message becomes the server's (or merges with it if already there). */
export function confirmLocal(current: ChatMessage[], clientId: string, server: ChatMessage): ChatMessage[] {
  const withoutLocal = current.filter((m) => m.client_id !== clientId || !isLocal(m));
  if (withoutLocal.some((m) => m.id === server.id)) return ordered(withoutLocal);
  return ordered([...withoutLocal, { ...server, client_id: clientId }]);
}

/** The POST failed: keep the text, offer a retry. */
export function markFailed(current: ChatMessage[], clientId: string, failed = true): ChatMessage[] {
  return current.map((m) => (m.client_id === clientId && isLocal(m) ? { ...m, failed, pending: !failed } : m));
}

/** The highest seq the widget has seen: the `after` of the next catch-up. */
export function lastSeq(list: ChatMessage[]): number {
  return list.reduce((max, m) => (m.seq > max ? m.seq : max), 0);
}

/** A button whose payload is a web address is a link (the payment link), not a quick reply. */
export function isLinkPayload(payload: string): boolean {
  return /^https?:\/\//i.test(payload);
}

/** Quick replies belong to the newest message only, and only while it is the business's. */
export function quickRepliesOwner(list: ChatMessage[]): string | null {
  const last = list[list.length - 1];
  if (!last || last.direction !== 'out') return null;
  return last.buttons.some((b) => !isLinkPayload(b.payload)) ? last.id : null;
}

/** Waiting for an answer: the newest message is the visitor's. */
export function awaitingReply(list: ChatMessage[]): boolean {
  const last = list[list.length - 1];
  return !!last && last.direction === 'in' && !last.failed;
}

const VIDEO = /\.(mp4|webm|mov|m4v)(\?|#|$)/i;

export function isVideoUrl(url: string): boolean {
  return VIDEO.test(url);
}

/** Only http(s) addresses are rendered as images, videos or links. */
export function isSafeUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** An http(s) address for `url`, resolved against the X8 server: media the server stores itself come as
 * server-relative paths ("/media/…"), which must not resolve against the embedding site. */
export function resolveUrl(url: string, apiBase: string): string | null {
  try {
    const resolved = new URL(url, `${apiBase}/`);
    return resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.href : null;
  } catch {
    return null;
  }
}

/** A random RFC 4122 v4 id (crypto.randomUUID exists only in secure contexts). */
export function newClientId(source: Pick<Crypto, 'getRandomValues'> | undefined = globalThis.crypto): string {
  const bytes = new Uint8Array(16);
  if (source) source.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
