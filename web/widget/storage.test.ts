import { describe, expect, it } from 'vitest';
import { browserStore, clearToken, isTokenShape, loadOpen, loadToken, memoryStore, saveOpen, saveToken, tokenKey } from './storage';

const TOKEN = `v${'a'.repeat(22)}.${'B'.repeat(43)}`;

describe('visitor token storage', () => {
  it('keeps one token per widget key', () => {
    const store = memoryStore();
    saveToken(store, 'wc_one', TOKEN);
    expect(loadToken(store, 'wc_one')).toBe(TOKEN);
    expect(loadToken(store, 'wc_two')).toBeNull();
    clearToken(store, 'wc_one');
    expect(loadToken(store, 'wc_one')).toBeNull();
  });

  it('ignores a stored value that is not a token', () => {
    const store = memoryStore();
    store.setItem(tokenKey('wc_one'), 'garbage');
    expect(loadToken(store, 'wc_one')).toBeNull();
    expect(isTokenShape(TOKEN)).toBe(true);
    expect(isTokenShape(`${TOKEN}x`)).toBe(false);
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveToken(broken, 'wc_one', TOKEN)).not.toThrow();
    expect(loadToken(broken, 'wc_one')).toBeNull();
    expect(loadOpen(broken, 'wc_one')).toBe(false);
    const fallback = browserStore({
      get localStorage(): Storage {
        throw new Error('SecurityError');
      },
    });
    saveToken(fallback, 'wc_one', TOKEN);
    expect(loadToken(fallback, 'wc_one')).toBe(TOKEN);
  });

  it('uses localStorage when it works', () => {
    const store = browserStore(window);
    saveToken(store, 'wc_ls', TOKEN);
    expect(window.localStorage.getItem(tokenKey('wc_ls'))).toBe(TOKEN);
    saveOpen(store, 'wc_ls', true);
    expect(loadOpen(store, 'wc_ls')).toBe(true);
    saveOpen(store, 'wc_ls', false);
    expect(loadOpen(store, 'wc_ls')).toBe(false);
  });
});
