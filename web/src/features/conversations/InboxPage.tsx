import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ArrowLeft, Building2, CheckCircle2, Hand, Inbox as InboxIcon, MessageSquareText, Search, Send, StickyNote, UserRound, Bot } from 'lucide-react';
import {
  addNote,
  CHANNEL_KINDS,
  conversationAction,
  conversationKey,
  conversationsKey,
  fetchConversations,
  OUTCOMES,
  sendReply,
  type Conversation,
  type ConversationAction,
  type ConversationFilters,
  type CursorPage,
} from '../../api/conversations';
import { useInboxSocket } from '../../api/realtime';
import { errorMessage } from '../../auth/errors';
import { useSession } from '../../auth/session';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { SelectField } from '../../components/Form';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { Card, inputClass, Loading } from '../knowledge/shared';
import { applyInboxEvent, useConversationData } from './hooks';
import { cartTotal } from './model';
import {
  CartSummary,
  ChannelBadge,
  channelLabel,
  CompanyPicker,
  contactName,
  LiveIndicator,
  MessageBubble,
  NeedsHumanFlag,
  OutcomeChip,
  PaymentChip,
  useCompanySelection,
  useDebounced,
  useNow,
  useRoleBase,
} from './shared';

type ListData = InfiniteData<CursorPage<Conversation>>;
const EMPTY_FILTERS: ConversationFilters = { channel: '', status: '', outcome: '', mode: '', q: '' };

function ConversationRow({ c, active, href, now }: { c: Conversation; active: boolean; href: string; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <Link
        to={href}
        aria-current={active ? 'true' : undefined}
        className={`block border-b border-slate-100 px-3 py-3 transition-colors hover:bg-slate-50 focus-visible:relative focus-visible:z-10 ${active ? 'bg-brand-50/70' : ''}`}
        data-testid="conversation-row"
        data-conversation-id={c.id}
      >
        <div className="flex items-center gap-2">
          <span className={`min-w-0 flex-1 truncate text-sm ${c.unread_count > 0 ? 'font-bold text-slate-900' : 'font-semibold text-slate-800'}`} data-testid="conversation-contact">
            {contactName(c, t)}
          </span>
          <time className="shrink-0 text-xs text-slate-500" dateTime={c.last_message_at ? new Date(c.last_message_at).toISOString() : undefined}>
            {c.last_message_at ? formatRelative(c.last_message_at, i18n.language, now) : ''}
          </time>
        </div>
        <div className="mt-0.5 flex items-center gap-2">
          <p className="min-w-0 flex-1 truncate text-sm text-slate-600" data-testid="conversation-preview">
            {c.last_message_preview ?? ''}
          </p>
          {c.unread_count > 0 ? (
            <span
              className="inline-flex min-w-5 shrink-0 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-semibold text-white"
              data-testid="unread-badge"
              aria-label={t('convo.unread', { count: c.unread_count })}
            >
              {c.unread_count}
            </span>
          ) : null}
        </div>
        <div className="mt-1.5 flex flex-wrap items-center gap-1.5">
          <ChannelBadge kind={c.channel?.kind} />
          <OutcomeChip outcome={c.outcome} />
          {c.needs_human ? <NeedsHumanFlag /> : null}
          {c.mode === 'human' ? <Badge tone="teal">{t('inbox.modes.human')}</Badge> : null}
          {c.status === 'closed' ? <Badge tone="gray">{t('inbox.statuses.closed')}</Badge> : null}
        </div>
      </Link>
    </li>
  );
}

function Composer({ conversation, onSent }: { conversation: Conversation; onSent: (kind: 'reply' | 'note') => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { addMessages } = useConversationData(conversation.id, false);
  const [tab, setTab] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: (body: string) => (tab === 'reply' ? sendReply(conversation.id, body) : addNote(conversation.id, body)),
    onSuccess: (msg) => {
      if (msg && typeof msg === 'object' && 'id' in msg) addMessages([msg]);
      if (tab === 'reply' && conversation.mode !== 'human') {
        qc.setQueryData<Conversation>(conversationKey(conversation.id), (p) => (p ? { ...p, mode: 'human' } : p));
      }
      setText('');
      onSent(tab);
    },
  });
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (text.trim() && !send.isPending) send.mutate(text.trim());
  };
  const id = `composer-${tab}`;
  return (
    <form onSubmit={submit} className="border-t border-slate-200 bg-white p-3" data-testid="composer">
      <div role="tablist" aria-label={t('inbox.replyTab')} className="mb-2 flex gap-1">
        {(['reply', 'note'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            onClick={() => setTab(k)}
            className={`inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1 text-sm font-medium ${tab === k ? (k === 'note' ? 'bg-amber-100 text-amber-900' : 'bg-brand-100 text-brand-900') : 'text-slate-600 hover:bg-slate-100'}`}
            data-testid={`composer-tab-${k}`}
          >
            {k === 'reply' ? <MessageSquareText className="size-4" aria-hidden="true" /> : <StickyNote className="size-4" aria-hidden="true" />}
            {t(k === 'reply' ? 'inbox.replyTab' : 'inbox.noteTab')}
          </button>
        ))}
      </div>
      <label htmlFor={id} className="sr-only">
        {t(tab === 'reply' ? 'inbox.replyLabel' : 'inbox.noteLabel')}
      </label>
      <div className="flex items-end gap-2">
        <textarea
          id={id}
          rows={2}
          value={text}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
          }}
          placeholder={t(tab === 'reply' ? 'inbox.replyPlaceholder' : 'inbox.notePlaceholder')}
          aria-describedby={tab === 'reply' && conversation.mode !== 'human' ? 'composer-hint' : undefined}
          className={`block max-h-40 min-h-11 flex-1 resize-y rounded-lg border px-3 py-2 text-[0.9375rem] focus:outline-none focus-visible:ring-4 ${tab === 'note' ? 'border-amber-300 bg-amber-50 focus-visible:ring-amber-100' : 'border-slate-300 focus-visible:border-brand-500 focus-visible:ring-brand-100'}`}
          data-testid={tab === 'reply' ? 'reply-input' : 'note-input'}
        />
        <Button
          type="submit"
          variant={tab === 'note' ? 'secondary' : 'primary'}
          busy={send.isPending}
          disabled={!text.trim()}
          icon={tab === 'reply' ? <Send className="size-4" aria-hidden="true" /> : <StickyNote className="size-4" aria-hidden="true" />}
          data-testid={tab === 'reply' ? 'reply-send' : 'note-add'}
        >
          <span className="sr-only sm:not-sr-only">{t(tab === 'reply' ? 'inbox.send' : 'inbox.addNote')}</span>
        </Button>
      </div>
      {tab === 'reply' && conversation.mode !== 'human' ? (
        <p id="composer-hint" className="mt-1.5 text-xs text-slate-500">
          {t('inbox.replyHint')}
        </p>
      ) : null}
      {send.isError ? (
        <Alert tone="error" className="mt-2">
          {errorMessage(send.error, t)}
        </Alert>
      ) : null}
    </form>
  );
}

function ConversationView({ id, companyId, live, backHref }: { id: string; companyId: string; live: boolean; backHref: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const { user } = useSession();
  const { conversation, messages, loadEarlier, loadingEarlier } = useConversationData(id, live ? false : 5000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = messages.data?.items ?? [];
  const lastId = items[items.length - 1]?.id;
  const lastInId = [...items].reverse().find((m) => m.direction === 'in')?.id;

  // Mark read when opened and whenever a new customer message arrives while open.
  useEffect(() => {
    let cancelled = false;
    conversationAction(id, 'read')
      .then((c) => {
        if (cancelled) return;
        if (c) qc.setQueryData(conversationKey(id), c);
        for (const [key, data] of qc.getQueriesData<ListData>({ queryKey: ['conversations', companyId] })) {
          if (!data) continue;
          qc.setQueryData<ListData>(key, {
            ...data,
            pages: data.pages.map((p) => ({ ...p, items: p.items.map((x) => (x.id === id ? { ...x, unread_count: 0 } : x)) })),
          });
        }
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [id, lastInId, companyId, qc]);

  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  const action = useMutation({
    mutationFn: (a: ConversationAction) => conversationAction(id, a),
    onSuccess: (c, a) => {
      if (c) qc.setQueryData(conversationKey(id), c);
      else
        qc.setQueryData<Conversation>(conversationKey(id), (p) =>
          p ? { ...p, ...(a === 'take-over' ? { mode: 'human' as const } : a === 'hand-back' ? { mode: 'assistant' as const, needs_human: false } : a === 'close' ? { status: 'closed' as const } : {}) } : p,
        );
      void qc.invalidateQueries({ queryKey: ['conversations', companyId] });
    },
  });

  const c = conversation.data;
  if (conversation.isPending) return <Loading />;
  if (conversation.isError || !c)
    return (
      <div className="p-4">
        <Link to={backHref} className="mb-3 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 lg:hidden">
          <ArrowLeft className="size-4" aria-hidden="true" />
          {t('inbox.back')}
        </Link>
        <Alert tone="error" title={t('inbox.conversationFailed')}>
          {errorMessage(conversation.error, t)}
        </Alert>
      </div>
    );

  const lines = c.cart?.lines ?? [];
  const total = c.total_minor ?? (lines.length ? cartTotal(lines) : null);
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="conversation-view" data-conversation-id={c.id}>
      <header className="border-b border-slate-200 bg-white p-3 sm:px-4">
        <Link to={backHref} className="mb-2 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:underline lg:hidden" data-testid="inbox-back">
          <ArrowLeft className="size-4" aria-hidden="true" />
          {t('inbox.back')}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            <h2 className="truncate text-lg font-semibold text-slate-900" data-testid="conversation-title">
              {contactName(c, t)}
            </h2>
            <div className="mt-1 flex flex-wrap items-center gap-1.5">
              <ChannelBadge kind={c.channel?.kind} />
              <PaymentChip status={c.payment_status} testId="conversation-payment" />
              {c.outcome === 'cart' || c.outcome === 'handoff' ? <OutcomeChip outcome={c.outcome} /> : null}
              {c.needs_human ? <NeedsHumanFlag /> : null}
              {c.contact?.source ? <span className="text-xs text-slate-500">{t('inbox.source', { source: [c.contact.source, c.contact.campaign].filter(Boolean).join(' · ') })}</span> : null}
            </div>
          </div>
          <div className="flex flex-wrap gap-1.5">
            {c.mode === 'human' ? (
              <Button size="sm" variant="secondary" onClick={() => action.mutate('hand-back')} busy={action.isPending && action.variables === 'hand-back'} icon={<Bot className="size-4" aria-hidden="true" />} data-testid="hand-back">
                {t('inbox.handBack')}
              </Button>
            ) : (
              <Button size="sm" onClick={() => action.mutate('take-over')} busy={action.isPending && action.variables === 'take-over'} icon={<Hand className="size-4" aria-hidden="true" />} data-testid="take-over">
                {t('inbox.takeOver')}
              </Button>
            )}
            {c.status === 'open' ? (
              <Button size="sm" variant="ghost" onClick={() => action.mutate('close')} busy={action.isPending && action.variables === 'close'} icon={<CheckCircle2 className="size-4" aria-hidden="true" />} data-testid="close-conversation">
                {t('inbox.close')}
              </Button>
            ) : null}
          </div>
        </div>
        {lines.length > 0 ? (
          <details className="mt-2 rounded-lg border border-slate-200 bg-slate-50 px-3 py-2" data-testid="conversation-cart">
            <summary className="cursor-pointer text-sm font-medium text-slate-800">
              {t('convo.cart')} · <span data-testid="conversation-total">{formatMoney(total, c.currency ?? lines[0]?.currency ?? undefined, i18n.language)}</span>
            </summary>
            <div className="mt-2">
              <CartSummary lines={lines} currency={c.currency} totalMinor={c.total_minor} />
            </div>
          </details>
        ) : null}
        <p className={`mt-2 flex items-center gap-1.5 text-xs ${c.mode === 'human' ? 'text-sky-800' : 'text-slate-500'}`} data-testid="conversation-mode" data-mode={c.mode}>
          {c.mode === 'human' ? <UserRound className="size-3.5" aria-hidden="true" /> : <Bot className="size-3.5" aria-hidden="true" />}
          {c.status === 'closed' ? t('inbox.closedNote') : c.mode === 'human' ? t('inbox.modeHuman') : t('inbox.modeAssistant')}
        </p>
        {action.isError ? (
          <Alert tone="error" className="mt-2">
            {errorMessage(action.error, t)}
          </Alert>
        ) : null}
      </header>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto bg-slate-50 px-3 py-4 sm:px-4" role="log" aria-label={t('inbox.historyLabel')} data-testid="conversation-history">
        {messages.data?.hasMore ? (
          <div className="mb-3 text-center">
            <Button size="sm" variant="ghost" onClick={() => void loadEarlier()} busy={loadingEarlier} data-testid="load-earlier">
              {t('inbox.loadEarlier')}
            </Button>
          </div>
        ) : null}
        {messages.isPending ? (
          <Loading />
        ) : messages.isError ? (
          <Alert tone="error">{errorMessage(messages.error, t)}</Alert>
        ) : (
          <ul className="space-y-3">
            {items.map((m) => (
              <MessageBubble key={m.id} message={m} authorName={m.author_user_id && m.author_user_id === user?.id ? t('convo.you') : (m.author_name ?? undefined)} />
            ))}
          </ul>
        )}
      </div>
      <Composer conversation={c} onSent={() => undefined} />
    </div>
  );
}

/** `{base}/inbox[/:conversationId]?company=` — conversations with live updates. */
export function InboxPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const base = useRoleBase();
  const { conversationId } = useParams();
  const { companies, list, companyId, company, select } = useCompanySelection();
  const [filters, setFilters] = useState<ConversationFilters>(EMPTY_FILTERS);
  const q = useDebounced(filters.q ?? '', 350);
  const effective: ConversationFilters = { ...filters, q };
  const now = useNow();

  const live = useInboxSocket(companyId || undefined, (event) => applyInboxEvent(qc, companyId, event, conversationId));

  const conversations = useInfiniteQuery({
    queryKey: conversationsKey(companyId, effective),
    queryFn: ({ pageParam, signal }) => fetchConversations(companyId, effective, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
    enabled: !!companyId,
    refetchInterval: live ? false : 10_000,
  });

  const qs = companyId ? `?company=${encodeURIComponent(companyId)}` : '';
  const hrefFor = (id: string) => `${base}/inbox/${encodeURIComponent(id)}${qs}`;
  const listHref = `${base}/inbox${qs}`;
  const rows = conversations.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Object.values(effective).some(Boolean);

  const header = <PageHeader title={t('nav.conversations')} description={t('sections.conversations.description')} actions={companyId ? <LiveIndicator live={live} /> : null} />;

  if (companies.isPending)
    return (
      <div data-testid="section-conversations">
        {header}
        <Loading />
      </div>
    );
  if (companies.isError || list.length === 0)
    return (
      <div data-testid="section-conversations">
        {header}
        {companies.isError ? <Alert tone="error">{errorMessage(companies.error, t)}</Alert> : <EmptyState icon={Building2} title={t('convo.noCompaniesTitle')} body={t('convo.noCompaniesBody')} />}
      </div>
    );

  const set = (key: keyof ConversationFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  const listPane = (
    <Card className={`flex min-h-0 flex-col overflow-hidden ${conversationId ? 'hidden lg:flex' : 'flex'}`}>
      <div className="space-y-2 border-b border-slate-200 p-3" role="search">
        <label htmlFor="inbox-search" className="sr-only">
          {t('inbox.searchLabel')}
        </label>
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
          <input id="inbox-search" type="search" value={filters.q} onChange={set('q')} placeholder={t('inbox.searchPlaceholder')} className={`${inputClass} pl-9`} data-testid="inbox-search" />
        </div>
        <fieldset className="grid grid-cols-2 gap-2" aria-label={t('inbox.filtersLabel')}>
          <SelectField id="inbox-channel" label={t('inbox.channel')} value={filters.channel} onChange={set('channel')} data-testid="filter-channel">
            <option value="">{t('inbox.any')}</option>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {channelLabel(k, t)}
              </option>
            ))}
          </SelectField>
          <SelectField id="inbox-status" label={t('inbox.status')} value={filters.status} onChange={set('status')} data-testid="filter-status">
            <option value="">{t('inbox.any')}</option>
            <option value="open">{t('inbox.statuses.open')}</option>
            <option value="closed">{t('inbox.statuses.closed')}</option>
          </SelectField>
          <SelectField id="inbox-outcome" label={t('inbox.outcome')} value={filters.outcome} onChange={set('outcome')} data-testid="filter-outcome">
            <option value="">{t('inbox.any')}</option>
            {OUTCOMES.filter((o) => o !== 'none').map((o) => (
              <option key={o} value={o}>
                {t(`convo.outcomes.${o}`)}
              </option>
            ))}
          </SelectField>
          <SelectField id="inbox-mode" label={t('inbox.mode')} value={filters.mode} onChange={set('mode')} data-testid="filter-mode">
            <option value="">{t('inbox.any')}</option>
            <option value="assistant">{t('inbox.modes.assistant')}</option>
            <option value="human">{t('inbox.modes.human')}</option>
          </SelectField>
        </fieldset>
      </div>
      <nav aria-label={t('inbox.listLabel')} className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {conversations.isPending ? (
          <Loading />
        ) : conversations.isError ? (
          <div className="p-3">
            <Alert tone="error" title={t('inbox.loadFailed')} action={<Button size="sm" variant="secondary" onClick={() => void conversations.refetch()}>{t('common.retry')}</Button>}>
              {errorMessage(conversations.error, t)}
            </Alert>
          </div>
        ) : rows.length === 0 ? (
          <div className="px-4 py-10 text-center" data-testid="inbox-empty">
            <InboxIcon className="mx-auto mb-3 size-8 text-slate-300" aria-hidden="true" />
            <p className="font-semibold text-slate-800">{filtered ? t('inbox.noMatchTitle') : t('inbox.emptyTitle')}</p>
            <p className="mt-1 text-sm text-slate-600">{filtered ? t('inbox.noMatchBody') : t('inbox.emptyBody')}</p>
            {filtered ? (
              <Button size="sm" variant="secondary" className="mt-3" onClick={() => setFilters(EMPTY_FILTERS)}>
                {t('inbox.clearFilters')}
              </Button>
            ) : null}
          </div>
        ) : (
          <>
            <ul>
              {rows.map((c) => (
                <ConversationRow key={c.id} c={c} active={c.id === conversationId} href={hrefFor(c.id)} now={now} />
              ))}
            </ul>
            {conversations.hasNextPage ? (
              <div className="p-3 text-center">
                <Button size="sm" variant="secondary" onClick={() => void conversations.fetchNextPage()} busy={conversations.isFetchingNextPage} data-testid="inbox-load-more">
                  {t('inbox.loadMore')}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </nav>
    </Card>
  );

  return (
    <div data-testid="section-conversations">
      {/* Phones: an open conversation gets the whole screen (the back link returns to the list). */}
      <div className={conversationId ? 'hidden lg:block' : ''}>{header}</div>
      <div className={`mb-4 ${conversationId ? 'hidden lg:block' : ''}`}>
        <CompanyPicker
          list={list}
          companyId={companyId}
          company={company}
          onSelect={(id) => {
            select(id);
            if (conversationId) navigate(`${base}/inbox?company=${encodeURIComponent(id)}`, { replace: true });
          }}
        />
      </div>
      <div className={`grid grid-cols-[minmax(0,1fr)] gap-4 ${conversationId ? 'h-[calc(100dvh-7rem)]' : 'h-[calc(100dvh-12rem)]'} min-h-[30rem] lg:h-[calc(100dvh-16rem)] lg:grid-cols-[20rem_minmax(0,1fr)] xl:grid-cols-[22rem_minmax(0,1fr)]`}>
        {listPane}
        <Card className={`min-h-0 overflow-hidden ${conversationId ? 'flex flex-col' : 'hidden lg:flex lg:flex-col'}`}>
          {conversationId ? (
            <ConversationView key={conversationId} id={conversationId} companyId={companyId} live={live} backHref={listHref} />
          ) : (
            <div className="flex flex-1 flex-col items-center justify-center p-8 text-center" data-testid="inbox-placeholder">
              <MessageSquareText className="mb-3 size-10 text-slate-300" aria-hidden="true" />
              <p className="font-semibold text-slate-800">{t('inbox.selectTitle')}</p>
              <p className="mt-1 max-w-sm text-sm text-slate-600">{t('inbox.selectBody')}</p>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}
