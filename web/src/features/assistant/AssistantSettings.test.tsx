import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, bodyOf, json, mockFetch, renderApp, sessionRoutes } from '../../test/utils';
import { FakeWebSocket } from '../../test/conversations';
import { ApiError } from '../../api/client';
import type { AssistantSettings } from '../../api/conversations';
import { fieldForServer, formFromSettings, formToInput, mapServerErrors, PROMPT_MAX, validateForm } from './AssistantSettingsPage';

const company = { id: 'cmp_1', code: 'COMP001', account_id: 'acc_1', name: 'Flower shop', type: 'PRODUCT', status: 'ACTIVE', timezone: 'UTC', currency: 'EUR', created_at: 1, updated_at: 1 };
const settings: AssistantSettings = {
  company_id: 'cmp_1',
  engine: 'guided',
  llm_available: false,
  debounce_ms: 3000,
  retention_days: 365,
  default_language: 'en',
  prompts: { greeting: 'Hello from the flower shop!' },
  version: 4,
  updated_at: Date.now() - 60_000,
};
const SNIPPET = '<script src="http://localhost/widget.js" data-key="wc_abc" async></script>';

beforeEach(() => vi.stubGlobal('WebSocket', FakeWebSocket));
afterEach(() => vi.unstubAllGlobals());

describe('settings form mapping', () => {
  it('converts between the API and the form (seconds ↔ ms)', () => {
    const f = formFromSettings(settings);
    expect(f).toMatchObject({ engine: 'guided', debounce: '3', retention: '365', language: 'en' });
    expect(f.prompts.greeting).toBe('Hello from the flower shop!');
    expect(f.prompts.rules).toBe('');
    expect(formToInput({ ...f, debounce: '1,5' })).toMatchObject({ debounce_ms: 1500, retention_days: 365, default_language: 'en', engine: 'guided' });
  });

  it('validates ranges, the LLM availability and prompt length', () => {
    const f = formFromSettings(settings);
    expect(validateForm(f, false)).toEqual({});
    expect(validateForm({ ...f, debounce: '61', retention: '0' }, false)).toEqual({
      debounce: 'assistantSettings.debounceInvalid',
      retention: 'assistantSettings.retentionInvalid',
    });
    expect(validateForm({ ...f, debounce: '', retention: '2.5' }, true)).toMatchObject({ debounce: expect.any(String), retention: expect.any(String) });
    expect(validateForm({ ...f, engine: 'llm' }, false)).toEqual({ engine: 'assistantSettings.llmUnavailable' });
    expect(validateForm({ ...f, engine: 'llm' }, true)).toEqual({});
    expect(validateForm({ ...f, prompts: { ...f.prompts, rules: 'x'.repeat(PROMPT_MAX + 1) } }, false)).toEqual({ 'prompt.rules': 'assistantSettings.tooLong' });
  });

  it('maps error.details.field to form fields', () => {
    expect(fieldForServer('debounce_ms')).toBe('debounce');
    expect(fieldForServer('retention_days')).toBe('retention');
    expect(fieldForServer('default_language')).toBe('language');
    expect(fieldForServer('engine')).toBe('engine');
    expect(fieldForServer('prompts.greeting')).toBe('prompt.greeting');
    expect(fieldForServer('prompts/after_payment')).toBe('prompt.after_payment');
    expect(fieldForServer('prompts[handoff]')).toBe('prompt.handoff');
    expect(fieldForServer('checkout')).toBe('prompt.checkout');
    expect(fieldForServer('something_else')).toBeNull();
    expect(mapServerErrors(new ApiError(400, 'invalid_argument', 'retention_days must be 1–3650', { field: 'retention_days' }))).toEqual({ retention: 'retention_days must be 1–3650' });
    expect(mapServerErrors(new ApiError(400, 'invalid_argument', 'bad', { fields: { 'prompts.rules': 'too long' } }))).toEqual({ 'prompt.rules': 'too long' });
  });
});

describe('assistant settings page', () => {
  function routes(extra = {}) {
    return {
      ...sessionRoutes('CLIENT'),
      '/api/v1/companies': json({ items: [company], next_cursor: null }),
      'GET /api/v1/companies/cmp_1/assistant-settings': json(settings),
      'PUT /api/v1/companies/cmp_1/assistant-settings': (_url: string, init: RequestInit) => json({ ...settings, ...JSON.parse(String(init.body)), version: 5 }),
      '/api/v1/companies/cmp_1/webchat': json({ channel_id: 'chn_1', widget_key: 'wc_abc', snippet: SNIPPET }),
      ...extra,
    };
  }

  it('shows the settings, disables the LLM engine with a reason, counts characters, saves', async () => {
    const fetchMock = mockFetch(routes());
    renderApp('/app/assistant');
    expect(await screen.findByTestId('settings-version')).toHaveTextContent('Version 4');
    expect(screen.getByTestId('engine-llm')).toBeDisabled();
    expect(screen.getByTestId('engine-guided')).toBeChecked();
    expect(screen.getByText(/no AI provider configured/)).toBeInTheDocument();
    expect(screen.getByLabelText('Wait before replying (seconds)')).toHaveValue('3');
    expect(screen.getByTestId('as-prompt-greeting-count')).toHaveTextContent(`27 / ${PROMPT_MAX}`);

    await userEvent.type(screen.getByLabelText('General rules'), 'Be kind');
    expect(screen.getByTestId('as-prompt-rules-count')).toHaveTextContent(`7 / ${PROMPT_MAX}`);
    const debounce = screen.getByLabelText('Wait before replying (seconds)');
    await userEvent.clear(debounce);
    await userEvent.type(debounce, '0');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-saved')).toHaveTextContent('Saved — version 5.');
    expect(bodyOf(fetchMock, 'PUT', '/api/v1/companies/cmp_1/assistant-settings')).toEqual({
      engine: 'guided',
      debounce_ms: 0,
      retention_days: 365,
      default_language: 'en',
      prompts: { rules: 'Be kind', greeting: 'Hello from the flower shop!', selection: '', checkout: '', after_payment: '', handoff: '' },
    });
  });

  it('blocks invalid values locally and shows server field errors under the field', async () => {
    const fetchMock = mockFetch(
      routes({ 'PUT /api/v1/companies/cmp_1/assistant-settings': apiError(400, 'invalid_argument', 'Retention must be at most 3650 days', { field: 'retention_days' }) }),
    );
    renderApp('/app/assistant');
    const debounce = await screen.findByLabelText('Wait before replying (seconds)');
    await userEvent.clear(debounce);
    await userEvent.type(debounce, '99');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(screen.getByTestId('as-debounce-error')).toHaveTextContent('Enter a number of seconds from 0 to 60.');
    expect(debounce).toHaveAttribute('aria-invalid', 'true');
    expect(debounce).toHaveFocus();
    expect(fetchMock.mock.calls.some(([, i]) => i?.method === 'PUT')).toBe(false);

    await userEvent.clear(debounce);
    await userEvent.type(debounce, '2');
    await userEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('as-retention-error')).toHaveTextContent('Retention must be at most 3650 days');
  });

  it('shows the web chat snippet with a copy button', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    mockFetch(routes());
    renderApp('/app/assistant');
    const snippet = await screen.findByTestId('webchat-snippet');
    expect(snippet).toHaveValue(SNIPPET);
    expect(screen.getByTestId('webchat-key')).toHaveTextContent('wc_abc');
    await userEvent.click(screen.getByTestId('webchat-copy'));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SNIPPET));
    expect(screen.getByTestId('webchat-copy')).toHaveTextContent('Copied');
  });

  it('is in Russian', async () => {
    mockFetch(routes());
    renderApp('/app/assistant', { lng: 'ru' });
    expect(await screen.findByTestId('settings-version')).toHaveTextContent('Версия 4');
    expect(screen.getByText('Сценарные подсказки')).toBeInTheDocument();
  });
});
