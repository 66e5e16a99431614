import { forwardRef, useImperativeHandle, useRef, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export const CODE_LENGTH = 6;

export interface CodeInputHandle {
  focus: () => void;
}

/**
 * Six one-digit boxes for an emailed code. Typing moves forward, Backspace moves back,
 * arrows move, and pasting (or the OS one-time-code autofill) spreads the digits
 * ("123 456" and "123-456" work too). `onComplete` fires when all six are filled.
 */
export const CodeInput = forwardRef<
  CodeInputHandle,
  {
    value: string;
    onChange: (value: string) => void;
    onComplete?: (value: string) => void;
    disabled?: boolean;
    invalid?: boolean;
    describedBy?: string | undefined;
  }
>(function CodeInput({ value, onChange, onComplete, disabled, invalid, describedBy }, ref) {
  const { t } = useTranslation();
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const digits = Array.from({ length: CODE_LENGTH }, (_, i) => value[i] ?? '');

  useImperativeHandle(ref, () => ({
    focus: () => inputs.current[Math.min(value.length, CODE_LENGTH - 1)]?.focus(),
  }));

  const focusAt = (i: number) => inputs.current[Math.max(0, Math.min(CODE_LENGTH - 1, i))]?.focus();

  const update = (next: string[], focusIndex: number) => {
    // Keep the code contiguous: no holes in the middle.
    const joined = next.join('').replace(/\D/g, '').slice(0, CODE_LENGTH);
    onChange(joined);
    focusAt(focusIndex);
    if (joined.length === CODE_LENGTH) onComplete?.(joined);
  };

  const fillFrom = (index: number, text: string) => {
    const incoming = text.replace(/\D/g, '');
    if (!incoming) return;
    const start = incoming.length >= CODE_LENGTH ? 0 : Math.min(index, value.length);
    const next = [...digits];
    for (let k = 0; k < incoming.length && start + k < CODE_LENGTH; k += 1) next[start + k] = incoming[k]!;
    update(next, Math.min(start + incoming.length, CODE_LENGTH - 1));
  };

  const onKeyDown = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Backspace') {
      e.preventDefault();
      const next = [...digits];
      const target = digits[i] ? i : i - 1;
      if (target < 0) return;
      next.splice(target, 1);
      update(next, target);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      focusAt(i - 1);
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      focusAt(i + 1);
    }
  };

  const onPaste = (i: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    e.preventDefault();
    fillFrom(i, e.clipboardData.getData('text'));
  };

  return (
    <div className="flex justify-between gap-2 sm:gap-2.5" data-testid="code-input">
      {digits.map((digit, i) => (
        <input
          key={i}
          ref={(el) => {
            inputs.current[i] = el;
          }}
          type="text"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete={i === 0 ? 'one-time-code' : 'off'}
          aria-label={t('auth.code.digit', { n: i + 1, total: CODE_LENGTH })}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          disabled={disabled}
          value={digit}
          onFocus={(e) => e.target.select()}
          onKeyDown={onKeyDown(i)}
          onPaste={onPaste(i)}
          onChange={(e) => {
            const typed = e.target.value.replace(/\D/g, '');
            if (!typed) return;
            // A single keystroke replaces the box; several characters are autofill.
            if (typed.length === 1 || (typed.length === 2 && digit)) {
              const d = typed.length === 2 ? typed.replace(digit, '') || typed[1]! : typed;
              const next = [...digits];
              next[Math.min(i, value.length)] = d;
              update(next, Math.min(i, value.length) + 1);
            } else fillFrom(i, typed);
          }}
          className={`h-12 w-full min-w-0 rounded-lg border bg-white text-center font-mono text-xl font-semibold text-slate-900 shadow-xs transition-colors focus:outline-none focus-visible:ring-4 disabled:opacity-60 sm:h-14 sm:text-2xl ${
            invalid
              ? 'border-red-400 focus-visible:ring-red-100'
              : 'border-slate-300 focus-visible:border-brand-500 focus-visible:ring-brand-100'
          }`}
        />
      ))}
    </div>
  );
});
