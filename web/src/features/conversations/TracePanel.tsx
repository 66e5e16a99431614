import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bot, Calculator, CircleHelp, CreditCard, Hand, History, Link2, Search, ShoppingCart, TriangleAlert, Wrench, type LucideIcon } from 'lucide-react';
import type { CartLine, Message, TraceStep } from '../../api/conversations';
import { formatMoney } from '../../lib/money';
import { formatQuantity } from './model';

const KNOWN = ['search', 'faq', 'cart', 'quote', 'checkout', 'payment_link', 'handoff', 'llm', 'tool', 'context', 'fallback'] as const;
type KnownStep = (typeof KNOWN)[number];

const ICONS: Record<KnownStep, LucideIcon> = {
  search: Search,
  faq: CircleHelp,
  cart: ShoppingCart,
  quote: Calculator,
  checkout: CreditCard,
  payment_link: Link2,
  handoff: Hand,
  llm: Bot,
  tool: Wrench,
  context: History,
  fallback: TriangleAlert,
};

const CART_ACTIONS = ['add', 'set_quantity', 'remove', 'clear', 'new_cart_after_payment'] as const;

/** item/variant id → a readable name, from the search results and cart lines the page knows. */
export type NameIndex = Map<string, string>;

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];
}
function compactJson(v: unknown, max = 400): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-2 text-sm">
      <dt className="shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-800">{children}</dd>
    </div>
  );
}

function Lines({ lines, currency }: { lines: Record<string, unknown>[]; currency: string | undefined }) {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <ul className="mt-1 space-y-0.5 text-sm" data-testid="trace-lines">
      {lines.map((raw, i) => {
        const l = raw as Partial<CartLine> & { total_minor?: number; line?: Partial<CartLine> };
        const line = l.line ?? l;
        const qty = num(line.quantity_milli) !== undefined ? formatQuantity(line.quantity_milli!, lng) : str((line as { quantity?: unknown }).quantity) ?? '1';
        const cur = line.currency ?? currency;
        const total = num(l.total_minor) ?? (num(line.unit_price_minor) !== undefined && num(line.quantity_milli) !== undefined ? Math.round((line.unit_price_minor! * line.quantity_milli!) / 1000) : undefined);
        return (
          <li key={`${line.variant_id ?? ''}-${i}`} className="flex justify-between gap-2">
            <span className="min-w-0">
              {qty} × {line.name}
              {line.variant_label ? <span className="text-slate-500"> · {line.variant_label}</span> : null}
            </span>
            {total !== undefined ? <span className="shrink-0 tabular-nums">{formatMoney(total, cur, lng)}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** One trace step, by kind (docs: search | faq | cart | quote | checkout | handoff | llm | tool | fallback). */
export function TraceStepView({ step, currency, names }: { step: TraceStep; currency?: string | undefined; names?: NameIndex | undefined }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const kind = (KNOWN as readonly string[]).includes(step.step) ? (step.step as KnownStep) : null;
  const Icon = kind ? ICONS[kind] : Wrench;
  const notUnderstood = kind === 'fallback' && step.from === undefined && num(step.not_understood) !== undefined;
  const title = notUnderstood ? t('playground.steps.not_understood') : kind ? t(`playground.steps.${kind}`) : t('playground.steps.other', { step: step.step });
  const nameOf = (variantId: unknown, itemId: unknown) => names?.get(str(variantId) ?? '') ?? names?.get(str(itemId) ?? '') ?? str(itemId) ?? str(variantId);
  const cur = str(step.currency) ?? currency;
  const money = (v: unknown) => (num(v) !== undefined ? formatMoney(num(v)!, cur, lng) : undefined);
  let body: ReactNode = null;

  switch (kind) {
    case 'search': {
      const results = arr(step.results ?? step.hits ?? step.items);
      body = (
        <>
          <Row label={t('playground.query')}>“{str(step.query) ?? str(step.text) ?? ''}”</Row>
          {results.length === 0 ? (
            <p className="text-sm text-slate-500">{t('playground.noResults')}</p>
          ) : (
            <ol className="mt-1 space-y-0.5 text-sm" data-testid="trace-results">
              {results.map((r, i) => {
                const score = num(r.score);
                const price = money(r.price_minor ?? r.unit_price_minor);
                return (
                  <li key={`${str(r.item_id) ?? ''}-${i}`} className="flex justify-between gap-2">
                    <span className="min-w-0 truncate">
                      {i + 1}. {str(r.name) ?? str(r.item_id)}
                      {str(r.variant_label) ? <span className="text-slate-500"> · {str(r.variant_label)}</span> : null}
                      {price ? <span className="text-slate-500"> · {price}</span> : null}
                    </span>
                    {score !== undefined ? (
                      <span className="shrink-0 text-xs text-slate-500 tabular-nums">{t('playground.score', { score: score.toFixed(2) })}</span>
                    ) : null}
                  </li>
                );
              })}
            </ol>
          )}
        </>
      );
      break;
    }
    case 'faq':
      body = (
        <dl className="space-y-0.5">
          {str(step.question) ? <Row label={t('playground.question')}>{str(step.question)}</Row> : null}
          {str(step.answer) ? <Row label={t('playground.answer')}>{str(step.answer)}</Row> : null}
          {num(step.score) !== undefined ? <Row label={t('playground.details')}>{t('playground.score', { score: num(step.score)!.toFixed(2) })}</Row> : null}
        </dl>
      );
      break;
    case 'cart': {
      const cart = step.cart as { lines?: unknown } | undefined;
      const lines = arr(step.lines ?? cart?.lines);
      const action = str(step.action ?? step.op);
      const known = action && (CART_ACTIONS as readonly string[]).includes(action);
      const what = step.variant_id !== undefined || step.item_id !== undefined ? nameOf(step.variant_id, step.item_id) : str(step.name);
      body = (
        <>
          <dl className="space-y-0.5">
            {action ? <Row label={t('playground.action')}>{known ? t(`playground.cartActions.${action as (typeof CART_ACTIONS)[number]}`) : action}</Row> : null}
            {what ? <Row label={t('playground.item')}>{what}</Row> : null}
            {num(step.quantity_milli) !== undefined ? <Row label={t('playground.quantity')}>{formatQuantity(num(step.quantity_milli)!, lng)}</Row> : null}
            {str(step.error) ? <Row label={t('playground.error')}>{str(step.error)}</Row> : null}
          </dl>
          {lines.length ? <Lines lines={lines} currency={cur} /> : null}
        </>
      );
      break;
    }
    case 'quote':
      body = (
        <>
          {arr(step.lines).length ? <Lines lines={arr(step.lines)} currency={cur} /> : null}
          <dl className="mt-1 space-y-0.5">
            {num(step.lines) !== undefined ? <Row label={t('playground.lineCount')}>{num(step.lines)}</Row> : null}
            {money(step.subtotal_minor) ? <Row label={t('convo.subtotal')}>{money(step.subtotal_minor)}</Row> : null}
            {num(step.delivery_minor) ? <Row label={t('convo.delivery')}>{money(step.delivery_minor)}</Row> : null}
            {money(step.total_minor) ? (
              <Row label={t('convo.total')}>
                <strong data-testid="trace-total">{money(step.total_minor)}</strong>
              </Row>
            ) : null}
          </dl>
        </>
      );
      break;
    case 'checkout':
    case 'payment_link': {
      const url = str(step.url ?? step.payment_url);
      body = (
        <dl className="space-y-0.5">
          {str(step.order_id) ? <Row label={t('playground.order')}>{str(step.order_id)}</Row> : null}
          {money(step.total_minor) ? <Row label={t('convo.total')}>{money(step.total_minor)}</Row> : null}
          {str(step.error) ? <Row label={t('playground.error')}>{str(step.error)}</Row> : null}
          {url ? (
            <Row label={t('playground.paymentLink')}>
              <a href={url} target="_blank" rel="noreferrer" className="break-all text-brand-700 underline">
                {url}
              </a>
            </Row>
          ) : null}
        </dl>
      );
      break;
    }
    case 'handoff':
    case 'fallback':
      body = (
        <dl className="space-y-0.5">
          {str(step.from) ? <Row label={t('playground.engine')}>{`${str(step.from)} → ${str(step.to) ?? 'guided'}`}</Row> : null}
          {notUnderstood ? <Row label={t('playground.attempts')}>{num(step.not_understood)}</Row> : null}
          {str(step.reason) ? <Row label={t('playground.reason')}>{str(step.reason)}</Row> : null}
          {str(step.error) ? <Row label={t('playground.error')}>{str(step.error)}</Row> : null}
        </dl>
      );
      break;
    case 'llm': {
      const calls = arr(step.tool_calls);
      const tokens =
        num(step.tokens) ??
        num((step.usage as { total_tokens?: unknown } | undefined)?.total_tokens) ??
        (num(step.prompt_tokens) !== undefined || num(step.completion_tokens) !== undefined ? (num(step.prompt_tokens) ?? 0) + (num(step.completion_tokens) ?? 0) : undefined);
      body = (
        <dl className="space-y-0.5">
          {num(step.round) !== undefined ? <Row label={t('playground.round')}>{num(step.round)}</Row> : null}
          {str(step.model) ? <Row label={t('playground.model')}>{str(step.model)}</Row> : null}
          {tokens !== undefined ? <Row label={t('playground.tokens')}>{tokens}</Row> : null}
          {calls.length ? (
            <Row label={t('playground.toolCalls')}>
              {calls.map((c, i) => (
                <code key={i} className="mr-1 block text-xs">
                  {str(c.name) ?? str((c.function as { name?: unknown } | undefined)?.name)}({compactJson(c.arguments ?? (c.function as { arguments?: unknown } | undefined)?.arguments ?? '', 120)})
                </code>
              ))}
            </Row>
          ) : null}
        </dl>
      );
      break;
    }
    case 'context':
      body = (
        <dl className="space-y-0.5">
          {num(step.history_kept) !== undefined ? (
            <Row label={t('playground.history')}>{t('playground.historyKept', { kept: num(step.history_kept) ?? 0, dropped: num(step.history_dropped) ?? 0 })}</Row>
          ) : null}
          {num(step.estimated_tokens) !== undefined ? (
            <Row label={t('playground.tokens')}>
              {num(step.estimated_tokens)}
              {num(step.budget_tokens) !== undefined ? ` / ${num(step.budget_tokens)}` : ''}
            </Row>
          ) : null}
        </dl>
      );
      break;
    case 'tool':
      body = (
        <dl className="space-y-0.5">
          <Row label={t('playground.toolCalls')}>
            <code className="text-xs">{str(step.name ?? step.tool)}</code>
          </Row>
          {step.arguments ?? step.args ? (
            <Row label={t('playground.arguments')}>
              <code className="text-xs">{compactJson(step.arguments ?? step.args, 200)}</code>
            </Row>
          ) : null}
          {step.result !== undefined ? (
            <Row label={t('playground.result')}>
              <code className="text-xs">{compactJson(step.result, 300)}</code>
            </Row>
          ) : null}
          {str(step.error) ? <Row label={t('playground.error')}>{str(step.error)}</Row> : null}
        </dl>
      );
      break;
    default:
      body = null;
  }

  return (
    <li className="rounded-xl border border-slate-200 bg-white p-3" data-testid="trace-step" data-step={step.step}>
      <p className="mb-1.5 flex items-center gap-2 text-sm font-semibold text-slate-900">
        <Icon className="size-4 text-brand-600" aria-hidden="true" />
        {title}
      </p>
      {body}
      <details className="mt-1.5 text-xs text-slate-500">
        <summary className="cursor-pointer select-none">{t('playground.details')}</summary>
        <pre className="mt-1 max-h-48 overflow-auto rounded-lg bg-slate-50 p-2 whitespace-pre-wrap break-all">{JSON.stringify(step, null, 2)}</pre>
      </details>
    </li>
  );
}

/** Every assistant message with a trace, newest first, headed by the customer message it answers. */
export function TracePanel({ messages, currency, cartLines = [] }: { messages: Message[]; currency?: string | undefined; cartLines?: CartLine[] }) {
  const { t } = useTranslation();
  const names: NameIndex = new Map();
  for (const m of messages) {
    for (const s of m.trace ?? []) {
      if (s.step !== 'search') continue;
      for (const r of arr(s.results ?? s.hits)) if (str(r.item_id) && str(r.name)) names.set(str(r.item_id)!, str(r.name)!);
    }
  }
  for (const l of cartLines) {
    if (l.item_id) names.set(l.item_id, l.name);
    if (l.variant_id) names.set(l.variant_id, l.variant_label ? `${l.name} · ${l.variant_label}` : l.name);
  }
  const turns: { reply: Message; prompt: Message | undefined }[] = [];
  let lastIn: Message | undefined;
  for (const m of messages) {
    if (m.direction === 'in') lastIn = m;
    else if (m.author === 'assistant' && m.trace && m.trace.length > 0) turns.push({ reply: m, prompt: lastIn });
  }
  if (turns.length === 0) return <p className="text-sm text-slate-500" data-testid="trace-empty">{t('playground.traceEmpty')}</p>;
  return (
    <ol className="space-y-4" data-testid="trace-turns">
      {turns.reverse().map(({ reply, prompt }) => (
        <li key={reply.id} data-testid="trace-turn">
          <p className="mb-2 truncate text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {prompt ? t('playground.replyTo', { text: prompt.text.length > 60 ? `${prompt.text.slice(0, 60)}…` : prompt.text }) : t('playground.reply')}
          </p>
          <ol className="space-y-2">
            {reply.trace!.map((s, i) => (
              <TraceStepView key={i} step={s} currency={currency} names={names} />
            ))}
          </ol>
        </li>
      ))}
    </ol>
  );
}
