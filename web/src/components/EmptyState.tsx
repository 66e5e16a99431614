import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

export function EmptyState({
  icon: Icon,
  title,
  body,
  badge,
  children,
}: {
  icon: LucideIcon;
  title: string;
  body: string;
  badge?: string;
  children?: ReactNode;
}) {
  return (
    <section
      className="flex flex-col items-center rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center sm:py-20"
      aria-labelledby="empty-state-title"
    >
      <span className="mb-5 inline-flex size-14 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
        <Icon className="size-7" aria-hidden="true" strokeWidth={1.75} />
      </span>
      {badge ? (
        <span className="mb-3 rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-600">
          {badge}
        </span>
      ) : null}
      <h2 id="empty-state-title" className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-2 max-w-md text-sm leading-6 text-slate-600">{body}</p>
      {children ? <div className="mt-6">{children}</div> : null}
    </section>
  );
}
