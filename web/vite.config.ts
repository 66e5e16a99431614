/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The x8 server (C++) listens on :8080 in development.
const backend = process.env.X8_DEV_BACKEND ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    // The x8 server serves web/dist: /assets/* with long-lived cache headers
    // (file names carry a content hash), index.html with no-cache.
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    // Keep everything (fonts, favicon) content-hashed under /assets/.
    assetsInlineLimit: 4096,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend },
      '/readyz': { target: backend },
      '/ws': { target: backend, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
      '/readyz': { target: backend },
      '/ws': { target: backend, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
  },
});
