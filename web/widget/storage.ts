/** The visitor token, kept per widget key in localStorage so a returning visitor resumes the same
 * conversation. Storage can be missing or throw (privacy modes, sandboxed frames): then the token lives
 * in memory for this page view. */

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** localStorage when usable, else an in-memory store. */
export function browserStore(win: Pick<Window, 'localStorage'> | undefined = globalThis.window): KeyValueStore {
  try {
    const storage = win?.localStorage;
    if (storage) {
      const probe = 'x8.webchat.probe';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
      return storage;
    }
  } catch {
    // fall through
  }
  return memoryStore();
}

export function tokenKey(widgetKey: string): string {
  return `x8.webchat.${widgetKey}.visitor`;
}

export function openKey(widgetKey: string): string {
  return `x8.webchat.${widgetKey}.open`;
}

/** "v" + 22 base62 characters, a dot, an unpadded base64url MAC (43 characters). */
const TOKEN = /^v[0-9A-Za-z]{22}\.[A-Za-z0-9_-]{43}$/;

export function isTokenShape(token: string): boolean {
  return TOKEN.test(token);
}

function guard<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function loadToken(store: KeyValueStore, widgetKey: string): string | null {
  const token = guard(() => store.getItem(tokenKey(widgetKey)), null);
  return token && isTokenShape(token) ? token : null;
}

export function saveToken(store: KeyValueStore, widgetKey: string, token: string): void {
  guard(() => store.setItem(tokenKey(widgetKey), token), undefined);
}

export function clearToken(store: KeyValueStore, widgetKey: string): void {
  guard(() => store.removeItem(tokenKey(widgetKey)), undefined);
}

export function loadOpen(store: KeyValueStore, widgetKey: string): boolean {
  return guard(() => store.getItem(openKey(widgetKey)), null) === '1';
}

export function saveOpen(store: KeyValueStore, widgetKey: string, open: boolean): void {
  guard(() => (open ? store.setItem(openKey(widgetKey), '1') : store.removeItem(openKey(widgetKey))), undefined);
}
