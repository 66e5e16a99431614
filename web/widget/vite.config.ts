/// <reference types="vitest/config" />
// Builds /widget.js (one self-contained IIFE, no React) into web/dist next to the app, and runs the
// widget's own tests. `npm run build:widget` / `npm run test:widget` from web/.
import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The script must read the same whatever charset the embedding page or a proxy assumes: every
 * non-ASCII character (Russian strings, "…", "×") becomes a \u escape, valid in strings, templates and
 * regular expressions alike. */
function asciiOnly(): Plugin {
  return {
    name: 'x8-ascii-only',
    // After minification (the minifier turns escapes back into characters).
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') {
          chunk.code = chunk.code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        }
      }
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [asciiOnly()],
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    // The app's build empties dist first; the widget is added beside it.
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    minify: true,
    // Visitors' browsers, not the business's: stay a little behind the newest syntax.
    target: 'es2019',
    lib: {
      entry: fileURLToPath(new URL('main.ts', import.meta.url)),
      name: 'x8WebChatWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
  test: {
    root: here,
    environment: 'jsdom',
    include: ['*.test.ts'],
    restoreMocks: true,
  },
});
