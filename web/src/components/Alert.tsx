import type { ReactNode } from 'react';
import { AlertCircle, CheckCircle2, Info, TriangleAlert } from 'lucide-react';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

const STYLES: Record<AlertTone, { box: string; icon: string; Icon: typeof Info }> = {
  info: { box: 'border-sky-200 bg-sky-50 text-sky-900', icon: 'text-sky-500', Icon: Info },
  success: { box: 'border-emerald-200 bg-emerald-50 text-emerald-900', icon: 'text-emerald-500', Icon: CheckCircle2 },
  warning: { box: 'border-amber-200 bg-amber-50 text-amber-900', icon: 'text-amber-500', Icon: TriangleAlert },
  error: { box: 'border-red-200 bg-red-50 text-red-800', icon: 'text-red-500', Icon: AlertCircle },
};

/** Inline message. Errors are announced (`role="alert"`), the rest politely (`role="status"`). */
export function Alert({
  tone = 'info',
  title,
  children,
  action,
  className = '',
  testId,
}: {
  tone?: AlertTone;
  title?: string;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
  testId?: string;
}) {
  const { box, icon, Icon } = STYLES[tone];
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      className={`flex gap-3 rounded-xl border p-3.5 text-sm ${box} ${className}`}
    >
      <Icon className={`mt-0.5 size-5 shrink-0 ${icon}`} aria-hidden="true" />
      <div className="min-w-0 flex-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className={title ? 'mt-0.5' : ''}>{children}</div> : null}
        {action ? <div className="mt-2.5">{action}</div> : null}
      </div>
    </div>
  );
}
