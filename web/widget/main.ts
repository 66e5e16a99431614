/** /widget.js: <script src="https://<x8 server>/widget.js" data-key="wc_…" async></script>.
 * Optional: data-lang="en|ru", data-color="#0f766e", data-title="Flower shop". */
import { browserStore, memoryStore } from './storage';
import { findScript, readConfig } from './config';
import { ChatWidget } from './widget';

declare global {
  interface Window {
    x8WebChat?: ChatWidget;
  }
}

function boot(script: HTMLScriptElement): void {
  if (window.x8WebChat) return; // pasted twice
  const config = readConfig(script, document.baseURI, navigator.languages?.length ? navigator.languages : [navigator.language]);
  if (!config) {
    console.warn('[x8] web chat: the script tag needs data-key="wc_…" (copy the snippet from X8 → Web chat)');
    return;
  }
  let tabStore;
  try {
    tabStore = window.sessionStorage ?? memoryStore();
  } catch {
    tabStore = memoryStore();
  }
  const widget = new ChatWidget(config, {
    fetch: (input, init) => window.fetch(input, init),
    store: browserStore(window),
    tabStore,
  });
  window.x8WebChat = widget;
  widget.mount();
}

const script = findScript(document);
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script), { once: true });
}
