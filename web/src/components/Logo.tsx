import { Link } from 'react-router-dom';

export function LogoMark({ className = 'size-8', tone = 'dark' }: { className?: string; tone?: 'dark' | 'light' }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center justify-center rounded-lg font-bold tracking-tight shadow-sm ${
        tone === 'light' ? 'bg-white text-brand-700' : 'bg-brand-600 text-white'
      } ${className}`}
      aria-hidden="true"
    >
      <span className="text-[0.8rem] leading-none">X8</span>
    </span>
  );
}

export function Logo({ to = '/', tone = 'dark' }: { to?: string; tone?: 'dark' | 'light' }) {
  return (
    <Link
      to={to}
      className={`inline-flex items-center gap-2.5 rounded-md text-lg font-semibold tracking-tight ${
        tone === 'light' ? 'text-white' : 'text-slate-900'
      }`}
      aria-label="X8"
    >
      <LogoMark tone={tone} />
      <span>X8</span>
    </Link>
  );
}
