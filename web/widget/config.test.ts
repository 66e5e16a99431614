import { describe, expect, it } from 'vitest';
import { findScript, historyUrl, messagesUrl, readConfig, safeColor, sessionsUrl, socketUrl, visitorTopic } from './config';
import { pickLanguage } from './i18n';

function script(src: string, data: Record<string, string>) {
  return { src, dataset: data as DOMStringMap };
}

describe('readConfig', () => {
  it('takes the API origin from the script address and the options from data attributes', () => {
    const config = readConfig(
      script('https://chat.example.com/widget.js?v=2', { key: 'wc_abc123', lang: 'ru', color: '#0f766e', title: ' Flowers ' }),
      'https://shop.example.org/page',
      ['en-US'],
    );
    expect(config).toEqual({ key: 'wc_abc123', apiBase: 'https://chat.example.com', lang: 'ru', color: '#0f766e', title: 'Flowers' });
  });

  it('resolves a relative src against the page and falls back to defaults', () => {
    const config = readConfig(script('/widget.js', { key: 'wc_abc123' }), 'http://localhost:8080/shop/', ['ru-RU', 'en']);
    expect(config).toMatchObject({ apiBase: 'http://localhost:8080', lang: 'ru', color: null, title: null });
  });

  it('refuses a missing or malformed key', () => {
    expect(readConfig(script('https://x/widget.js', {}), 'https://x/', [])).toBeNull();
    expect(readConfig(script('https://x/widget.js', { key: 'abc' }), 'https://x/', [])).toBeNull();
    expect(readConfig(script('https://x/widget.js', { key: 'wc_"><script>' }), 'https://x/', [])).toBeNull();
  });

  it('lets only plain colours into the style sheet', () => {
    expect(safeColor('#fff')).toBe('#fff');
    expect(safeColor('teal')).toBe('teal');
    expect(safeColor('rgb(10, 20, 30)')).toBe('rgb(10, 20, 30)');
    expect(safeColor('red;}body{display:none')).toBeNull();
    expect(safeColor('url(https://evil)')).toBeNull();
    expect(safeColor(undefined)).toBeNull();
  });
});

describe('pickLanguage', () => {
  it('prefers data-lang, then the browser, then English', () => {
    expect(pickLanguage('ru', ['en-US'])).toBe('ru');
    expect(pickLanguage('de', ['de-DE', 'ru'])).toBe('ru');
    expect(pickLanguage(undefined, ['fr'])).toBe('en');
  });
});

describe('URLs', () => {
  it('builds the API and socket addresses', () => {
    expect(sessionsUrl('https://a.test', 'wc_k')).toBe('https://a.test/api/v1/webchat/wc_k/sessions');
    expect(messagesUrl('https://a.test', 'wc_k')).toBe('https://a.test/api/v1/webchat/wc_k/messages');
    expect(historyUrl('https://a.test', 'wc_k', 'vX.s-_', 7.9)).toBe(
      'https://a.test/api/v1/webchat/wc_k/messages?visitor_token=vX.s-_&after=7',
    );
    expect(socketUrl('https://a.test')).toBe('wss://a.test/ws');
    expect(socketUrl('http://localhost:8080')).toBe('ws://localhost:8080/ws');
    expect(visitorTopic('v1.x')).toBe('webchat.v1.x');
  });
});

describe('findScript', () => {
  it('finds the widget tag when currentScript is gone', () => {
    document.body.innerHTML =
      '<script src="/other.js" data-key="wc_nope1"></script><script src="https://x8.test/widget.js" data-key="wc_mine1"></script>';
    expect(findScript(document)?.dataset.key).toBe('wc_mine1');
    document.body.innerHTML = '';
    expect(findScript(document)).toBeNull();
  });
});
