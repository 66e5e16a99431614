import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Building2, FlaskConical, Plus, Send } from 'lucide-react';
import { sendPlaygroundMessage, startPlayground } from '../../api/conversations';
import { useInboxSocket } from '../../api/realtime';
import { errorMessage } from '../../auth/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { Card, Loading } from '../knowledge/shared';
import { applyInboxEvent, useConversationData } from './hooks';
import { CartSummary, CompanyPicker, LiveIndicator, MessageBubble, PaymentChip, useCompanySelection } from './shared';
import { TracePanel } from './TracePanel';

/** `{base}/playground?company=&c=` — chat as a customer beside "what the assistant did". */
export function PlaygroundPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { companies, list, companyId, company, select, params, setParams } = useCompanySelection();
  const conversationId = params.get('c') ?? undefined;
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const live = useInboxSocket(companyId || undefined, (event) => applyInboxEvent(qc, companyId, event, conversationId));
  const { conversation, messages, addMessages, setConversation } = useConversationData(conversationId, live ? false : 2000);

  const setConversationId = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('c', id);
        else next.delete('c');
        return next;
      },
      { replace: true },
    );

  const start = useMutation({
    mutationFn: () => startPlayground(companyId),
    onSuccess: (conv) => {
      setConversation(conv);
      setConversationId(conv.id);
      setText('');
      setTimeout(() => inputRef.current?.focus(), 0);
    },
  });
  const send = useMutation({
    mutationFn: (body: string) => sendPlaygroundMessage(conversationId!, body),
    onSuccess: (msg) => {
      if (msg) addMessages([msg]);
      if (!live) void messages.refetch();
    },
  });

  const items = messages.data?.items ?? [];
  const lastCount = items.length;
  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastCount, send.isPending]);

  const lastSpoken = [...items].reverse().find((m) => m.direction !== 'note' && m.author !== 'system');
  const waiting = send.isPending || (lastSpoken?.direction === 'in' && conversation.data?.mode !== 'human');

  const submit = (body: string) => {
    const v = body.trim();
    if (!v || !conversationId || send.isPending) return;
    send.mutate(v, { onSuccess: () => setText('') });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit(text);
  };

  const header = (
    <PageHeader
      title={t('nav.playground')}
      description={t('playground.intro')}
      actions={
        companyId ? (
          <Button onClick={() => start.mutate()} busy={start.isPending} icon={<Plus className="size-4" aria-hidden="true" />} data-testid="playground-new">
            {t('playground.newConversation')}
          </Button>
        ) : null
      }
    />
  );

  if (companies.isPending)
    return (
      <div data-testid="section-playground">
        {header}
        <Loading />
      </div>
    );
  if (companies.isError || list.length === 0)
    return (
      <div data-testid="section-playground">
        {header}
        {companies.isError ? (
          <Alert tone="error">{errorMessage(companies.error, t)}</Alert>
        ) : (
          <EmptyState icon={Building2} title={t('convo.noCompaniesTitle')} body={t('convo.noCompaniesBody')} />
        )}
      </div>
    );

  const conv = conversation.data;
  return (
    <div data-testid="section-playground">
      {header}
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <CompanyPicker
          list={list}
          companyId={companyId}
          company={company}
          onSelect={(id) => {
            select(id);
            setConversationId(null);
          }}
        />
        {conversationId ? <LiveIndicator live={live} /> : null}
      </div>
      {start.isError ? (
        <Alert tone="error" className="mb-4">
          {errorMessage(start.error, t)}
        </Alert>
      ) : null}

      {!conversationId ? (
        <EmptyState icon={FlaskConical} title={t('playground.startTitle')} body={t('playground.startBody')}>
          <Button onClick={() => start.mutate()} busy={start.isPending} icon={<Plus className="size-4" aria-hidden="true" />} data-testid="playground-start">
            {t('playground.newConversation')}
          </Button>
        </EmptyState>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-[minmax(0,1fr)_22rem] xl:grid-cols-[minmax(0,1fr)_26rem]">
          <Card className="flex h-[min(70dvh,40rem)] min-h-[24rem] flex-col overflow-hidden">
            <div ref={scrollRef} className="flex-1 overflow-y-auto bg-slate-50 px-3 py-4 sm:px-4" aria-live="polite" aria-label={t('playground.chatLabel')} role="log" data-testid="playground-chat">
              {messages.isPending ? (
                <Loading />
              ) : messages.isError ? (
                <Alert tone="error">{errorMessage(messages.error, t)}</Alert>
              ) : (
                <ul className="space-y-3">
                  {items.map((m) => (
                    <MessageBubble key={m.id} message={m} onButton={(payload) => submit(payload)} />
                  ))}
                </ul>
              )}
              {waiting ? (
                <p className="mt-3 flex items-center gap-2 text-sm text-slate-500" data-testid="playground-typing">
                  <Spinner /> {t('playground.typing')}
                </p>
              ) : null}
            </div>
            <form onSubmit={onSubmit} className="flex items-end gap-2 border-t border-slate-200 bg-white p-3">
              <label htmlFor="playground-input" className="sr-only">
                {t('playground.inputLabel')}
              </label>
              <textarea
                id="playground-input"
                ref={inputRef}
                rows={1}
                value={text}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                    e.preventDefault();
                    submit(text);
                  }
                }}
                placeholder={t('playground.inputPlaceholder')}
                maxLength={4000}
                className="block max-h-32 min-h-11 flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2.5 text-[0.9375rem] focus:outline-none focus-visible:border-brand-500 focus-visible:ring-4 focus-visible:ring-brand-100"
                data-testid="playground-input"
              />
              <Button type="submit" busy={send.isPending} disabled={!text.trim()} icon={<Send className="size-4" aria-hidden="true" />} data-testid="playground-send">
                <span className="sr-only sm:not-sr-only">{t('playground.send')}</span>
              </Button>
            </form>
            {send.isError ? (
              <Alert tone="error" className="m-3 mt-0">
                {errorMessage(send.error, t)}
              </Alert>
            ) : null}
          </Card>

          <aside className="space-y-4" aria-labelledby="trace-title">
            <Card className="p-4" >
              <div className="mb-3 flex items-center justify-between gap-2">
                <h2 className="text-sm font-semibold text-slate-900">{t('playground.state')}</h2>
                <PaymentChip status={conv?.payment_status} />
              </div>
              <div data-testid="playground-cart">
                <CartSummary lines={conv?.cart?.lines ?? []} currency={conv?.currency} totalMinor={conv?.total_minor} />
              </div>
            </Card>
            <Card className="p-4">
              <h2 id="trace-title" className="mb-3 text-sm font-semibold text-slate-900">
                {t('playground.traceTitle')}
              </h2>
              <div className="max-h-[60dvh] overflow-y-auto pr-1" data-testid="trace-panel">
                <TracePanel messages={items} currency={conv?.currency ?? company?.currency} cartLines={conv?.cart?.lines ?? []} />
              </div>
            </Card>
            {!live ? <p className="text-xs text-slate-500" data-testid="playground-polling">{t('playground.polling')}</p> : null}
            <p className="text-xs text-slate-500">{t('playground.sandboxHint')}</p>
          </aside>
        </div>
      )}
    </div>
  );
}
