/** What the embedding page told the widget (its own script tag) and the addresses it talks to. */
import { pickLanguage, type Language } from './i18n';

export interface WidgetConfig {
  /** The widget key (wc_…): which business's web chat this is. */
  key: string;
  /** Where the script came from: the X8 server the API and the WebSocket live on. */
  apiBase: string;
  lang: Language;
  /** Accent colour (launcher, header, the visitor's bubbles); null: the default. */
  color: string | null;
  /** Header title; null: the business's name. */
  title: string | null;
}

/** The widget's own script tag: document.currentScript while it first runs, else the tag that names
 * a widget key and loads widget.js (async scripts may run after currentScript is cleared). */
export function findScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.dataset.key) return current;
  const candidates = Array.from(doc.querySelectorAll<HTMLScriptElement>('script[data-key]'));
  return candidates.find((s) => /\/widget\.js(\?|#|$)/.test(s.src)) ?? null;
}

const KEY = /^wc_[A-Za-z0-9_-]{4,100}$/;
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NAMED = /^[a-z]{3,20}$/i;
const FUNCTIONAL = /^(?:rgb|rgba|hsl|hsla)\(\s*[0-9.,%\s/]+\)$/i;

/** A colour safe to put into a style sheet, or null. */
export function safeColor(value: string | undefined | null): string | null {
  const v = (value ?? '').trim();
  return HEX.test(v) || NAMED.test(v) || FUNCTIONAL.test(v) ? v : null;
}

export function readConfig(
  script: Pick<HTMLScriptElement, 'src' | 'dataset'>,
  baseUri: string,
  languages: readonly string[],
): WidgetConfig | null {
  const key = (script.dataset.key ?? '').trim();
  if (!KEY.test(key)) return null;
  let apiBase: string;
  try {
    apiBase = new URL(script.src, baseUri).origin;
  } catch {
    return null;
  }
  if (!apiBase.startsWith('http')) return null;
  const title = (script.dataset.title ?? '').trim().slice(0, 60);
  return {
    key,
    apiBase,
    lang: pickLanguage(script.dataset.lang, languages),
    color: safeColor(script.dataset.color),
    title: title || null,
  };
}

function widgetPath(base: string, key: string): string {
  return `${base}/api/v1/webchat/${encodeURIComponent(key)}`;
}

export function sessionsUrl(base: string, key: string): string {
  return `${widgetPath(base, key)}/sessions`;
}

export function messagesUrl(base: string, key: string): string {
  return `${widgetPath(base, key)}/messages`;
}

export function historyUrl(base: string, key: string, token: string, after: number): string {
  const query = new URLSearchParams({ visitor_token: token, after: String(Math.max(0, Math.floor(after))) });
  return `${messagesUrl(base, key)}?${query.toString()}`;
}

/** ws://host/ws for http, wss://host/ws for https. */
export function socketUrl(base: string): string {
  return `${base.replace(/^http/i, 'ws')}/ws`;
}

export function visitorTopic(token: string): string {
  return `webchat.${token}`;
}
