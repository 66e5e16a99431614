/// <reference types="vitest/config" />
// Builds /widget.js (one self-contained IIFE, no React) into web/dist next to the app, and runs the
// widget's own tests. `npm run build:widget` / `npm run test:widget` from web/.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
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
