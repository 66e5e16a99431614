import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { tokenStore } from '../api/client';

beforeEach(() => {
  window.localStorage.clear();
  tokenStore.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
