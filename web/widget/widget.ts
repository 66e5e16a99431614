/** The chat widget: a launcher button and a chat panel in a shadow root, talking to the public web chat
 * API of the X8 server the script came from. */
import { ApiError, fetchMessages, postMessage, startSession, type Fetch } from './api';
import { socketUrl, visitorTopic, type WidgetConfig } from './config';
import { strings, type Strings } from './i18n';
import { Live } from './live';
import {
  awaitingReply,
  confirmLocal,
  isLinkPayload,
  isSafeUrl,
  isVideoUrl,
  lastSeq,
  localMessage,
  markFailed,
  mergeMessages,
  newClientId,
  parseMessage,
  quickRepliesOwner,
  resolveUrl,
  type ChatMessage,
} from './messages';
import { clearToken, loadOpen, loadToken, saveOpen, saveToken, type KeyValueStore } from './storage';
import { styles } from './styles';

export const MAX_TEXT = 4000;
const TYPING_MS = 30_000;
/** The server's default page size for GET …/messages. */
const HISTORY_PAGE = 200;

export interface WidgetDeps {
  fetch: Fetch;
  /** The visitor token (localStorage). */
  store: KeyValueStore;
  /** Whether the panel was open on the previous page of this tab (sessionStorage). */
  tabStore: KeyValueStore;
  socketFactory?: (url: string) => WebSocket;
  now?: () => number;
}

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4 4V5a2 2 0 0 1 2-2z"/></svg>';
const SEND_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5 21 12 3 3.5 3 10l12 2-12 2z"/></svg>';

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

const URL_IN_TEXT = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]])/gi;

/** Text with its http(s) addresses as links; everything else stays text (never HTML). */
export function appendLinkified(doc: Document, parent: HTMLElement, text: string): void {
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0];
    const at = match.index ?? 0;
    if (at > last) parent.append(text.slice(last, at));
    if (isSafeUrl(url)) {
      parent.append(el(doc, 'a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url));
    } else {
      parent.append(url);
    }
    last = at + url.length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

export class ChatWidget {
  readonly host: HTMLElement;
  readonly shadow: ShadowRoot;
  private readonly t: Strings;
  private readonly doc: Document;
  private readonly root: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly dot: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly status: HTMLElement;
  private readonly log: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly rendered = new Map<string, { node: HTMLElement; signature: string }>();

  private messages: ChatMessage[] = [];
  private token: string | null = null;
  private session: Promise<boolean> | null = null;
  private live: Live | null = null;
  private isOpen = false;
  private unavailable = false;
  private lastSentAt = 0;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly config: WidgetConfig,
    private readonly deps: WidgetDeps,
    doc: Document = document,
  ) {
    this.doc = doc;
    this.t = strings(config.lang);
    this.host = el(doc, 'div', { id: 'x8-webchat', 'data-x8-widget': config.key });
    this.shadow = this.host.attachShadow({ mode: 'open' });
    const style = el(doc, 'style', {}, styles(config.color));
    this.root = el(doc, 'div', { class: 'root', lang: config.lang });

    this.launcher = el(doc, 'button', {
      type: 'button',
      class: 'launcher',
      'data-testid': 'x8-launcher',
      'aria-label': this.t.open,
      'aria-expanded': 'false',
      'aria-controls': 'x8-panel',
    });
    this.launcher.innerHTML = CHAT_ICON;
    this.dot = el(doc, 'span', { class: 'dot', hidden: '' });
    this.dot.append(el(doc, 'span', { class: 'sr' }, this.t.newMessage));
    this.launcher.append(this.dot);

    this.panel = el(doc, 'section', {
      id: 'x8-panel',
      class: 'panel',
      role: 'dialog',
      'aria-labelledby': 'x8-title',
      'data-testid': 'x8-panel',
      tabindex: '-1',
      hidden: '',
    });
    const header = el(doc, 'header');
    this.heading = el(doc, 'h2', { id: 'x8-title' }, config.title ?? this.t.title);
    const close = el(doc, 'button', { type: 'button', class: 'close', 'aria-label': this.t.close }, '×');
    header.append(this.heading, close);
    this.status = el(doc, 'div', { class: 'status', role: 'status' });
    this.log = el(doc, 'div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': this.t.messages });
    this.log.append(el(doc, 'p', { class: 'intro' }, this.t.intro));
    this.typing = el(doc, 'div', { class: 'typing', 'data-testid': 'x8-typing', hidden: '' });
    this.typing.append(el(doc, 'span', { class: 'sr' }, this.t.typing), el(doc, 'i'), el(doc, 'i'), el(doc, 'i'));
    this.log.append(this.typing);

    const form = el(doc, 'form');
    this.input = el(doc, 'textarea', {
      'data-testid': 'x8-input',
      'aria-label': this.t.placeholder,
      placeholder: this.t.placeholder,
      rows: '1',
      maxlength: String(MAX_TEXT),
    });
    this.sendButton = el(doc, 'button', { type: 'submit', class: 'send', 'data-testid': 'x8-send', 'aria-label': this.t.send });
    this.sendButton.innerHTML = SEND_ICON;
    form.append(this.input, this.sendButton);
    this.panel.append(header, this.status, this.log, form);
    this.root.append(this.launcher, this.panel);
    this.shadow.append(style, this.root);

    this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitInput();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitInput();
      }
    });
    this.input.addEventListener('input', () => this.autosize());
  }

  /** Puts the widget on the page; resumes a returning visitor's conversation (replies that arrive while
   * the panel is closed light the launcher's dot) and reopens the panel if it was open on the last page. */
  mount(parent: HTMLElement = this.doc.body): void {
    parent.append(this.host);
    if (loadOpen(this.deps.tabStore, this.config.key)) this.open(false);
    else if (loadToken(this.deps.store, this.config.key)) void this.ensureSession();
  }

  get opened(): boolean {
    return this.isOpen;
  }

  get currentMessages(): readonly ChatMessage[] {
    return this.messages;
  }

  open(focus = true): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.t.close);
    this.dot.hidden = true;
    saveOpen(this.deps.tabStore, this.config.key, true);
    void this.ensureSession();
    this.scrollToEnd();
    if (focus) this.input.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.t.open);
    saveOpen(this.deps.tabStore, this.config.key, false);
    this.launcher.focus();
  }

  destroy(): void {
    this.live?.stop();
    this.live = null;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.host.remove();
  }

  /** Starts (or resumes) the visitor's session once: token, history, live updates. */
  ensureSession(): Promise<boolean> {
    this.session ??= this.startSession().then(
      () => true,
      (error: unknown) => {
        this.session = null;
        this.setStatus(error instanceof ApiError && error.status === 404 ? this.t.unavailable : this.t.offline);
        if (error instanceof ApiError && error.status === 404) this.setUnavailable();
        return false;
      },
    );
    return this.session;
  }

  private async startSession(): Promise<void> {
    const { fetch, store } = this.deps;
    const session = await startSession(fetch, this.config.apiBase, this.config.key, loadToken(store, this.config.key));
    this.token = session.visitor_token;
    saveToken(store, this.config.key, session.visitor_token);
    if (!this.config.title && session.company_name) this.heading.textContent = session.company_name;
    this.setStatus('');
    await this.catchUp();
    this.startLive();
  }

  private startLive(): void {
    // Without WebSocket support the socket "fails" at once and Live keeps polling.
    if (!this.token) return;
    this.live?.stop();
    this.live = new Live({
      url: socketUrl(this.config.apiBase),
      topic: visitorTopic(this.token),
      onEvent: (data) => this.onEvent(data),
      // Polling works without the socket, so only a failing poll is worth telling the visitor about.
      poll: () =>
        this.catchUp().then(
          () => {
            if (!this.unavailable) this.setStatus('');
          },
          (error: unknown) => {
            if (!this.unavailable) this.setStatus(this.t.offline);
            throw error;
          },
        ),
      socketFactory: this.deps.socketFactory,
    });
    this.live.start();
  }

  private onEvent(data: unknown): void {
    const event = data as { kind?: unknown; message?: unknown } | null;
    if (!event || event.kind !== 'message') return;
    const message = parseMessage(event.message);
    const seen = lastSeq(this.messages);
    if (message) this.apply([message]);
    // A message without a seq (the server could not read the stored row), or one after a gap (the
    // visitor wrote from another tab; an event was missed), is a cue to catch up over HTTP.
    if (!message || message.seq > seen + 1) void this.catchUp(seen).catch(() => undefined);
  }

  /** Fetches messages after `from` (default: the newest the widget has). */
  private async catchUp(from?: number): Promise<void> {
    if (!this.token) return;
    try {
      // A page holds up to HISTORY_PAGE messages: a long history arrives in a few pages.
      for (let page = 0; page < 20; page += 1) {
        const after = page === 0 && from !== undefined ? from : lastSeq(this.messages);
        const list = await fetchMessages(this.deps.fetch, this.config.apiBase, this.config.key, this.token, after);
        if (list.length) this.apply(list);
        if (list.length < HISTORY_PAGE) break;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await this.renewSession();
      else throw error;
    }
  }

  /** The token stopped verifying (the server's key changed): start over as a new visitor. */
  private async renewSession(): Promise<void> {
    clearToken(this.deps.store, this.config.key);
    this.token = null;
    this.live?.stop();
    this.live = null;
    this.session = null;
    await this.ensureSession();
  }

  private apply(incoming: ChatMessage[]): void {
    const before = lastSeq(this.messages);
    this.messages = mergeMessages(this.messages, incoming);
    if (!this.isOpen && incoming.some((m) => m.direction === 'out' && m.seq > before)) this.dot.hidden = false;
    this.render();
  }

  private submitInput(): void {
    const text = this.input.value.trim();
    if (!text || this.unavailable) return;
    if (text.length > MAX_TEXT) {
      this.setStatus(this.t.tooLong);
      return;
    }
    this.input.value = '';
    this.autosize();
    void this.send(text);
  }

  /** Sends a message as the visitor: shown at once, confirmed (or marked "not sent") when the server
   * answers. A retry reuses the client id, so the server counts it once. */
  async send(text: string, clientId: string = newClientId()): Promise<void> {
    const now = this.deps.now?.() ?? Date.now();
    if (!this.messages.some((m) => m.client_id === clientId)) {
      this.messages = mergeMessages(this.messages, [localMessage(clientId, text, now)]);
    } else {
      this.messages = markFailed(this.messages, clientId, false);
    }
    this.lastSentAt = now;
    this.render();
    if (!(await this.ensureSession()) || !this.token) {
      this.messages = markFailed(this.messages, clientId);
      this.render();
      return;
    }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const { fetch } = this.deps;
        const message = await postMessage(fetch, this.config.apiBase, this.config.key, this.token, text, clientId);
        if (message) this.messages = confirmLocal(this.messages, clientId, message);
        this.render();
        return;
      } catch (error) {
        if (attempt === 0 && error instanceof ApiError && error.status === 401) {
          await this.renewSession();
          if (this.token) continue;
        }
        if (error instanceof ApiError && error.status === 404) this.setUnavailable();
        break;
      }
    }
    this.messages = markFailed(this.messages, clientId);
    this.render();
  }

  private setUnavailable(): void {
    this.unavailable = true;
    this.input.disabled = true;
    this.sendButton.disabled = true;
    this.setStatus(this.t.unavailable);
  }

  private setStatus(text: string): void {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    if (this.input.scrollHeight) this.input.style.height = `${Math.min(this.input.scrollHeight, 120)}px`;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private render(): void {
    const owner = quickRepliesOwner(this.messages);
    const keep = new Set<string>();
    let cursor: ChildNode | null = this.log.firstChild?.nextSibling ?? null; // after the intro
    for (const message of this.messages) {
      keep.add(message.id);
      const signature = JSON.stringify([message, message.id === owner]);
      let entry = this.rendered.get(message.id);
      if (!entry || entry.signature !== signature) {
        const node = this.renderMessage(message, message.id === owner);
        if (entry) {
          if (cursor === entry.node) cursor = node;
          entry.node.replaceWith(node);
        }
        entry = { node, signature };
        this.rendered.set(message.id, entry);
      }
      if (entry.node !== cursor) this.log.insertBefore(entry.node, cursor);
      cursor = entry.node.nextSibling;
    }
    for (const [id, entry] of this.rendered) {
      if (!keep.has(id)) {
        entry.node.remove();
        this.rendered.delete(id);
      }
    }
    const now = this.deps.now?.() ?? Date.now();
    const waiting = awaitingReply(this.messages) && now - this.lastSentAt < TYPING_MS;
    this.typing.hidden = !waiting;
    this.log.append(this.typing);
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = waiting ? setTimeout(() => this.render(), TYPING_MS - (now - this.lastSentAt) + 10) : null;
    this.scrollToEnd();
  }

  private renderMessage(message: ChatMessage, quickReplies: boolean): HTMLElement {
    const doc = this.doc;
    const classes = ['msg', message.direction === 'in' ? 'in' : 'out'];
    if (message.pending) classes.push('pending');
    if (message.failed) classes.push('failed');
    const node = el(doc, 'div', {
      class: classes.join(' '),
      'data-testid': 'x8-message',
      'data-author': message.author,
      'data-id': message.id,
    });
    node.append(el(doc, 'span', { class: 'sr' }, `${message.direction === 'in' ? this.t.you : this.t.them}: `));
    if (message.text) {
      const bubble = el(doc, 'div', { class: 'bubble' });
      appendLinkified(doc, bubble, message.text);
      node.append(bubble);
    }
    const media = [...message.media_urls, ...message.attachments.filter((a) => a.kind === 'image' || a.kind === 'video').map((a) => a.url)];
    for (const raw of media) {
      const url = resolveUrl(raw, this.config.apiBase);
      if (!url) continue;
      node.append(
        isVideoUrl(url)
          ? el(doc, 'video', { class: 'media', src: url, controls: '', preload: 'metadata', playsinline: '' })
          : el(doc, 'img', { class: 'media', src: url, alt: '', loading: 'lazy' }),
      );
    }
    for (const file of message.attachments.filter((a) => a.kind !== 'image' && a.kind !== 'video')) {
      const url = resolveUrl(file.url, this.config.apiBase);
      if (url) node.append(el(doc, 'a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, file.file_name || url));
    }
    const buttons = message.buttons.filter((b) => isLinkPayload(b.payload) ? isSafeUrl(b.payload) : quickReplies);
    if (buttons.length) {
      const row = el(doc, 'div', { class: 'buttons' });
      for (const button of buttons) {
        if (isLinkPayload(button.payload)) {
          const link = el(doc, 'a', {
            class: 'link',
            href: button.payload,
            target: '_blank',
            rel: 'noopener noreferrer',
            'data-testid': 'x8-button',
          }, button.title);
          link.append(el(doc, 'span', { class: 'sr' }, ` ${this.t.opensInNewTab}`));
          row.append(link);
        } else {
          const quick = el(doc, 'button', { type: 'button', class: 'qr', 'data-testid': 'x8-button' }, button.title);
          quick.addEventListener('click', () => {
            // The buttons go away with the next render: keep the focus inside the chat (Esc, Tab).
            this.panel.focus({ preventScroll: true });
            void this.send(button.payload);
          });
          row.append(quick);
        }
      }
      node.append(row);
    }
    if (message.failed && message.client_id) {
      const clientId = message.client_id;
      const retry = el(doc, 'button', { type: 'button', class: 'retry' }, this.t.notSent);
      retry.addEventListener('click', () => void this.send(message.text, clientId));
      node.append(retry);
    }
    return node;
  }
}
