import { describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../i18n';
import { msg } from '../../test/conversations';
import type { TraceStep } from '../../api/conversations';
import { TracePanel, TraceStepView } from './TracePanel';

function renderStep(step: TraceStep, lng: 'en' | 'ru' = 'en') {
  return render(
    <I18nextProvider i18n={createI18n(lng)}>
      <ul>
        <TraceStepView step={step} currency="EUR" />
      </ul>
    </I18nextProvider>,
  );
}

describe('trace steps', () => {
  it('search: query and results with scores', () => {
    renderStep({ step: 'search', query: 'red roses', results: [{ item_id: 'itm_1', name: 'Red roses bouquet', score: 0.934 }, { item_id: 'itm_2', name: 'Rose vase', score: 0.41, price_minor: 1500 }] });
    const step = screen.getByTestId('trace-step');
    expect(step).toHaveAttribute('data-step', 'search');
    expect(step).toHaveTextContent('Catalogue search');
    expect(step).toHaveTextContent('“red roses”');
    const results = within(screen.getByTestId('trace-results')).getAllByRole('listitem');
    expect(results[0]).toHaveTextContent('1. Red roses bouquet');
    expect(results[0]).toHaveTextContent('score 0.93');
    expect(results[1]).toHaveTextContent('€15.00');
  });

  it('search with no results', () => {
    renderStep({ step: 'search', query: 'tulips', results: [] });
    expect(screen.getByText('Nothing found.')).toBeInTheDocument();
  });

  it('cart: action and lines with totals', () => {
    renderStep({
      step: 'cart',
      action: 'add',
      lines: [{ item_id: 'itm_1', variant_id: 'var_1', name: 'Red roses bouquet', variant_label: 'M', unit_price_minor: 2990, currency: 'EUR', quantity_milli: 2000 }],
    });
    const step = screen.getByTestId('trace-step');
    expect(step).toHaveTextContent('Cart');
    expect(step).toHaveTextContent('Added');
    expect(within(screen.getByTestId('trace-lines')).getByRole('listitem')).toHaveTextContent('2 × Red roses bouquet · M€59.80');
  });

  it('quote: subtotal and total', () => {
    renderStep({ step: 'quote', currency: 'EUR', subtotal_minor: 5980, delivery_minor: 0, total_minor: 5980, lines: [] });
    expect(screen.getByTestId('trace-total')).toHaveTextContent('€59.80');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Subtotal€59.80');
  });

  it('checkout: order and payment link', () => {
    renderStep({ step: 'checkout', order_id: 'ord_1', total_minor: 5980, url: 'http://localhost/pay/sandbox/ps_1' });
    const link = screen.getByRole('link', { name: 'http://localhost/pay/sandbox/ps_1' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('ord_1');
  });

  it('faq: the matched question and answer', () => {
    renderStep({ step: 'faq', question: 'Do you deliver?', answer: 'Yes, within the city.', score: 0.8 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('FAQ answer');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Do you deliver?');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Yes, within the city.');
  });

  it('handoff and fallback: the reason', () => {
    renderStep({ step: 'handoff', reason: 'asked for a human' });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Handoff to a human');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('asked for a human');
  });

  it('fallback: the error', () => {
    renderStep({ step: 'fallback', error: 'llm: unavailable' });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Fell back to the guided engine');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('llm: unavailable');
  });

  it('llm: round, model and tool calls', () => {
    renderStep({ step: 'llm', round: 2, model: 'gpt-test', tool_calls: [{ name: 'search_catalogue', arguments: { query: 'roses' } }] });
    const step = screen.getByTestId('trace-step');
    expect(step).toHaveTextContent('Language model');
    expect(step).toHaveTextContent('gpt-test');
    expect(step).toHaveTextContent('search_catalogue({"query":"roses"})');
  });

  it('tool: name, arguments and result', () => {
    renderStep({ step: 'tool', name: 'add_to_cart', arguments: { variant_id: 'var_1', quantity: 2 }, result: { ok: true } });
    const step = screen.getByTestId('trace-step');
    expect(step).toHaveTextContent('add_to_cart');
    expect(step).toHaveTextContent('{"variant_id":"var_1","quantity":2}');
    expect(step).toHaveTextContent('{"ok":true}');
  });

  it('the shapes the engines write: payment link, context, not understood, token counts, line count', () => {
    renderStep({ step: 'payment_link', order_id: 'ord_9', url: 'http://localhost/pay/sandbox/ps_9', total_minor: 5980, currency: 'EUR' });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Payment link');
    expect(screen.getByRole('link', { name: 'http://localhost/pay/sandbox/ps_9' })).toBeInTheDocument();
    cleanup();
    renderStep({ step: 'payment_link', error: 'no payment provider is configured' });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('no payment provider is configured');
    cleanup();
    renderStep({ step: 'context', history_kept: 12, history_dropped: 3, estimated_tokens: 900, budget_tokens: 4000 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('12 messages kept, 3 left out');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('900 / 4000');
    cleanup();
    renderStep({ step: 'fallback', not_understood: 2 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Did not understand');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Turns in a row2');
    cleanup();
    renderStep({ step: 'fallback', from: 'llm', to: 'guided', code: 'unavailable', error: 'connection refused' });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('llm → guided');
    cleanup();
    renderStep({ step: 'llm', round: 1, tool_calls: [{ id: 'c1', name: 'view_cart', arguments: '{}' }], finish_reason: 'tool_calls', prompt_tokens: 300, completion_tokens: 20 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Tokens320');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('view_cart({})');
    cleanup();
    renderStep({ step: 'quote', total_minor: 5980, currency: 'EUR', lines: 2 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Lines2');
    expect(screen.getByTestId('trace-total')).toHaveTextContent('€59.80');
  });

  it('cart steps name the item from earlier search results', () => {
    const messages = [
      msg('m1', 1, { text: 'roses' }),
      msg('m2', 2, { direction: 'out', author: 'assistant', text: 'Found', trace: [{ step: 'search', query: 'roses', results: [{ item_id: 'itm_1', name: 'Red roses bouquet', score: 1 }] }] }),
      msg('m3', 3, { text: '2' }),
      msg('m4', 4, { direction: 'out', author: 'assistant', text: 'Added', trace: [{ step: 'cart', action: 'add', item_id: 'itm_1', variant_id: 'var_9', quantity_milli: 2000 }] }),
    ];
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <TracePanel messages={messages} currency="EUR" />
      </I18nextProvider>,
    );
    const cart = screen.getAllByTestId('trace-step').find((s) => s.dataset.step === 'cart')!;
    expect(cart).toHaveTextContent('ActionAdded');
    expect(cart).toHaveTextContent('ItemRed roses bouquet');
    expect(cart).toHaveTextContent('Quantity2');
  });

  it('an unknown step shows its name and raw details', () => {
    renderStep({ step: 'slots', count: 3 });
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Step “slots”');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('"count": 3');
  });

  it('Russian labels', () => {
    renderStep({ step: 'search', query: 'розы', results: [] }, 'ru');
    expect(screen.getByTestId('trace-step')).toHaveTextContent('Поиск по каталогу');
  });
});

describe('trace panel', () => {
  it('groups steps under the customer message they answer, newest first', () => {
    const messages = [
      msg('m1', 1, { text: 'red roses' }),
      msg('m2', 2, { direction: 'out', author: 'assistant', text: 'We have…', trace: [{ step: 'search', query: 'red roses', results: [] }] }),
      msg('m3', 3, { text: 'two please' }),
      msg('m4', 4, { direction: 'out', author: 'assistant', text: 'Added', trace: [{ step: 'cart', lines: [] }, { step: 'quote', total_minor: 100 }] }),
      msg('m5', 5, { direction: 'out', author: 'assistant', text: 'no trace' }),
    ];
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <TracePanel messages={messages} currency="EUR" />
      </I18nextProvider>,
    );
    const turns = screen.getAllByTestId('trace-turn');
    expect(turns).toHaveLength(2);
    expect(turns[0]).toHaveTextContent('Reply to “two please”');
    expect(within(turns[0]!).getAllByTestId('trace-step').map((s) => s.dataset.step)).toEqual(['cart', 'quote']);
    expect(turns[1]).toHaveTextContent('Reply to “red roses”');
  });

  it('explains itself when there is nothing yet', () => {
    render(
      <I18nextProvider i18n={createI18n('en')}>
        <TracePanel messages={[]} />
      </I18nextProvider>,
    );
    expect(screen.getByTestId('trace-empty')).toBeInTheDocument();
  });
});
