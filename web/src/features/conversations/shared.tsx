import { useEffect, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { TFunction } from 'i18next';
import { AlertTriangle, Building2, ExternalLink, Paperclip, Radio, RefreshCw, StickyNote } from 'lucide-react';
import { fetchCompanies } from '../../api/accounts';
import type { Company } from '../../api/types';
import type { CartLine, Conversation, Message, Outcome, PaymentStatus } from '../../api/conversations';
import { useSession } from '../../auth/session';
import { Badge, type BadgeTone } from '../../components/Badge';
import { SelectField } from '../../components/Form';
import { formatMoney } from '../../lib/money';
import { ROLE_BASE } from '../../nav/navigation';
import { cartTotal, formatQuantity, isLinkButton } from './model';

/** `/app`, `/manager` or `/admin`. */
export function useRoleBase(): string {
  const { user } = useSession();
  return ROLE_BASE[user?.role ?? 'CLIENT'];
}

/** The companies the user may see and the one chosen with `?company=` (else the first). */
export function useCompanySelection() {
  const [params, setParams] = useSearchParams();
  const companies = useQuery({
    queryKey: ['companies', 'all-for-kb'],
    queryFn: async ({ signal }) => (await fetchCompanies({}, signal)).items,
  });
  const list = companies.data ?? [];
  const companyId = params.get('company') ?? list[0]?.id ?? '';
  const company = list.find((c) => c.id === companyId);
  const select = (id: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('company', id);
        return next;
      },
      { replace: true },
    );
  return { companies, list, companyId, company, select, params, setParams };
}

export function CompanyPicker({ list, companyId, company, onSelect, id = 'company-picker' }: {
  list: Company[];
  companyId: string;
  company: Company | undefined;
  onSelect: (id: string) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  if (list.length <= 1 && company) {
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="company-name">
        <Building2 className="size-4 text-slate-400" aria-hidden="true" />
        <span className="font-mono text-xs font-semibold text-brand-700">{company.code}</span> {company.name}
      </p>
    );
  }
  return (
    <div className="w-full max-w-xs">
      <SelectField id={id} label={t('convo.companyLabel')} value={companyId} onChange={(e) => onSelect(e.target.value)} data-testid="company-picker">
        {company ? null : <option value={companyId}>{t('convo.chooseCompany')}</option>}
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.code} · {c.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

const KNOWN_CHANNELS = ['webchat', 'playground', 'telegram', 'whatsapp', 'instagram', 'messenger', 'email'] as const;

export function channelLabel(kind: string | undefined, t: TFunction): string {
  return (KNOWN_CHANNELS as readonly string[]).includes(kind ?? '')
    ? t(`convo.channels.${kind as (typeof KNOWN_CHANNELS)[number]}`)
    : (kind ?? '—');
}

/** The server names every contact (web chat visitors "Visitor 4A8L" until they give a name). */
export function contactName(c: Pick<Conversation, 'contact'>, t: TFunction): string {
  return c.contact?.name?.trim() || t('convo.unnamed');
}

export function ChannelBadge({ kind }: { kind: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Badge tone={kind === 'playground' ? 'violet' : 'blue'} className="shrink-0">
      <span data-testid="channel-badge">{channelLabel(kind, t)}</span>
    </Badge>
  );
}

const OUTCOME_TONE: Record<Outcome, BadgeTone> = {
  none: 'gray',
  cart: 'blue',
  link_sent: 'amber',
  paid: 'green',
  expired: 'gray',
  cancelled: 'gray',
  refunded: 'violet',
  handoff: 'red',
};

export function OutcomeChip({ outcome }: { outcome: Outcome | string | undefined }) {
  const { t } = useTranslation();
  if (!outcome || outcome === 'none') return null;
  const known = outcome in OUTCOME_TONE;
  return (
    <span data-testid="outcome-chip" data-outcome={outcome}>
      <Badge tone={known ? OUTCOME_TONE[outcome as Outcome] : 'gray'}>{known ? t(`convo.outcomes.${outcome as Outcome}`) : outcome}</Badge>
    </span>
  );
}

export const PAYMENT_TONE: Record<PaymentStatus, BadgeTone> = {
  no_payment_link: 'gray',
  payment_link_sent: 'amber',
  paid: 'green',
  expired: 'gray',
  cancelled: 'gray',
  refunded: 'violet',
};

export function PaymentChip({ status, testId = 'payment-chip' }: { status: PaymentStatus | string | undefined; testId?: string }) {
  const { t } = useTranslation();
  if (!status) return null;
  const known = status in PAYMENT_TONE;
  return (
    <span data-testid={testId} data-status={status}>
      <Badge tone={known ? PAYMENT_TONE[status as PaymentStatus] : 'gray'}>
        {known ? t(`convo.paymentStatuses.${status as PaymentStatus}`) : status}
      </Badge>
    </span>
  );
}

export function NeedsHumanFlag() {
  const { t } = useTranslation();
  return (
    <span data-testid="needs-human">
      <Badge tone="red">
        <AlertTriangle className="size-3" aria-hidden="true" />
        {t('convo.needsHuman')}
      </Badge>
    </span>
  );
}

export function LiveIndicator({ live }: { live: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex items-center gap-1.5 text-xs font-medium ${live ? 'text-emerald-700' : 'text-slate-500'}`}
      data-testid="live-indicator"
      data-live={live ? 'true' : 'false'}
      role="status"
    >
      {live ? <Radio className="size-3.5" aria-hidden="true" /> : <RefreshCw className="size-3.5" aria-hidden="true" />}
      {live ? t('convo.live') : t('convo.offline')}
    </span>
  );
}

/** Debounced copy of a value (search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Re-renders every `ms` so relative times stay fresh. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function CartSummary({ lines, currency, totalMinor }: { lines: CartLine[]; currency: string | null | undefined; totalMinor?: number | null }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  if (lines.length === 0) return <p className="text-sm text-slate-500" data-testid="cart-empty">{t('convo.cartEmpty')}</p>;
  const cur = currency ?? lines[0]?.currency ?? undefined;
  const total = totalMinor ?? cartTotal(lines);
  return (
    <div data-testid="cart-summary">
      <ul className="divide-y divide-slate-100 text-sm">
        {lines.map((l) => (
          <li key={l.variant_id || l.item_id} className="flex items-start justify-between gap-3 py-1.5" data-testid="cart-line">
            <span className="min-w-0">
              <span className="font-medium text-slate-800">{l.name}</span>
              {l.variant_label ? <span className="text-slate-500"> · {l.variant_label}</span> : null}
              <span className="block text-xs text-slate-500">
                {t('convo.lineQty', {
                  qty: `${formatQuantity(l.quantity_milli, lng)}${l.unit ? ` ${l.unit}` : ''}`,
                  price: formatMoney(l.unit_price_minor, l.currency ?? cur, lng),
                })}
              </span>
            </span>
            <span className="shrink-0 font-medium text-slate-800 tabular-nums">
              {formatMoney(l.total_minor ?? Math.round((l.unit_price_minor * l.quantity_milli) / 1000), l.currency ?? cur, lng)}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 flex justify-between border-t border-slate-200 pt-2 text-sm font-semibold text-slate-900">
        <span>{t('convo.total')}</span>
        <span className="tabular-nums" data-testid="cart-total">
          {formatMoney(total, cur, lng)}
        </span>
      </p>
    </div>
  );
}

function timeOf(ms: number, lng: string): string {
  return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/**
 * One message of a history: the customer on the left, the assistant/team on the right, notes as
 * yellow cards, system lines centred; failed messages carry their error; buttons as chips, the
 * payment link as a link.
 */
export function MessageBubble({
  message,
  onButton,
  authorName,
  footer,
}: {
  message: Message;
  /** Quick replies become clickable (Playground); otherwise they are shown as chips. */
  onButton?: (payload: string) => void;
  authorName?: string | undefined;
  footer?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const m = message;
  const time = m.created_at ? timeOf(m.created_at, lng) : '';
  const fullTime = m.created_at ? new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(m.created_at)) : '';

  if (m.direction === 'note') {
    return (
      <li className="mx-auto w-full max-w-xl rounded-xl border border-amber-200 bg-amber-50 px-3.5 py-2.5 text-sm text-amber-950" data-testid="message" data-author="note" data-message-id={m.id}>
        <p className="mb-1 flex items-center gap-1.5 text-xs font-semibold text-amber-800">
          <StickyNote className="size-3.5" aria-hidden="true" />
          {t('convo.authors.note')}
          {authorName ? ` · ${authorName}` : ''}
          <time className="ml-auto font-normal" dateTime={new Date(m.created_at).toISOString()} title={fullTime}>
            {time}
          </time>
        </p>
        <p className="whitespace-pre-wrap break-words">{m.text}</p>
      </li>
    );
  }
  if (m.author === 'system') {
    return (
      <li className="mx-auto max-w-xl px-3 text-center text-xs text-slate-500" data-testid="message" data-author="system" data-message-id={m.id}>
        <span className="font-medium">{t('convo.authors.system')}</span> · {m.text} · <time dateTime={new Date(m.created_at).toISOString()}>{time}</time>
      </li>
    );
  }
  const mine = m.direction === 'out';
  const who =
    m.author === 'human' ? (authorName ?? m.author_name ?? t('convo.authors.human')) : t(`convo.authors.${m.author === 'assistant' ? 'assistant' : 'customer'}`);
  const failed = m.status === 'failed';
  return (
    <li className={`flex flex-col ${mine ? 'items-end' : 'items-start'}`} data-testid="message" data-author={m.author} data-message-id={m.id}>
      <div
        className={`max-w-[85%] rounded-2xl px-3.5 py-2.5 text-[0.9375rem] shadow-xs sm:max-w-[75%] ${
          failed
            ? 'border border-red-300 bg-red-50 text-red-950'
            : mine
              ? m.author === 'human'
                ? 'bg-sky-700 text-white'
                : 'bg-brand-600 text-white'
              : 'border border-slate-200 bg-white text-slate-900'
        } ${mine ? 'rounded-br-md' : 'rounded-bl-md'}`}
      >
        <p className={`mb-0.5 text-xs font-semibold ${failed ? 'text-red-800' : mine ? 'text-white/80' : 'text-slate-500'}`}>{who}</p>
        {m.text ? <p className="whitespace-pre-wrap break-words">{m.text}</p> : null}
        {(m.media_urls ?? []).map((url) => (
          <a key={url} href={url} target="_blank" rel="noreferrer" className="mt-2 block">
            {/\.(mp4|webm|mov)(\?|$)/i.test(url) ? (
              <video src={url} controls className="max-h-48 rounded-lg" />
            ) : (
              <img src={url} alt="" className="max-h-48 rounded-lg" loading="lazy" />
            )}
          </a>
        ))}
        {(m.attachments ?? []).map((a) => (
          <a key={a.url} href={a.url} target="_blank" rel="noreferrer" className="mt-2 flex items-center gap-1.5 text-sm underline">
            <Paperclip className="size-4" aria-hidden="true" />
            {a.file_name || t('convo.attachment')}
          </a>
        ))}
      </div>
      {m.buttons && m.buttons.length > 0 ? (
        <div className={`mt-1.5 flex max-w-[90%] flex-wrap gap-1.5 ${mine ? 'justify-end' : ''}`}>
          {m.buttons.map((b, i) =>
            isLinkButton(b) ? (
              <a
                key={`${i}-${b.payload}`}
                href={b.payload}
                target="_blank"
                rel="noreferrer"
                className="inline-flex items-center gap-1 rounded-full bg-emerald-600 px-3 py-1 text-sm font-semibold text-white shadow-xs hover:bg-emerald-700"
                data-testid="payment-link"
              >
                {b.title || t('convo.payLink')}
                <ExternalLink className="size-3.5" aria-hidden="true" />
              </a>
            ) : onButton ? (
              <button
                key={`${i}-${b.payload}`}
                type="button"
                onClick={() => onButton(b.payload)}
                className="rounded-full border border-brand-300 bg-white px-3 py-1 text-sm font-medium text-brand-800 hover:bg-brand-50"
                data-testid="quick-reply"
              >
                {b.title}
              </button>
            ) : (
              <span key={`${i}-${b.payload}`} className="rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700" data-testid="quick-reply-chip" title={b.payload}>
                {b.title}
              </span>
            ),
          )}
        </div>
      ) : null}
      <p className={`mt-1 flex items-center gap-1.5 px-1 text-xs ${failed ? 'text-red-700' : 'text-slate-500'}`}>
        <time dateTime={new Date(m.created_at).toISOString()} title={fullTime}>
          {time}
        </time>
        {failed ? (
          <span className="inline-flex items-center gap-1 font-medium" data-testid="message-failed" role="note">
            <AlertTriangle className="size-3.5" aria-hidden="true" />
            {m.error ? t('convo.failedWith', { error: m.error }) : t('convo.failed')}
          </span>
        ) : m.status === 'queued' ? (
          <span>{t('convo.sending')}</span>
        ) : null}
        {footer}
      </p>
    </li>
  );
}
