/**
 * A budget amount the user edits in place: Enter (or leaving the box: Tab) saves, Escape puts back the saved
 * amount, the up and down arrows move to the amount above or below. An empty box removes the budget.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { errorMessage } from '../../api/errors';
import { amountText, parseAmount } from './budget-text';

function moveFocus(from: HTMLInputElement, step: number): void {
  const all = [...document.querySelectorAll<HTMLInputElement>('input[data-budget-amount]')];
  all[all.indexOf(from) + step]?.focus();
}

export function AmountInput({
  value,
  currency,
  label,
  placeholder,
  onSave,
}: {
  value: number | null;
  currency: string;
  /** Names the amount for screen readers ("Groceries budget for Nov 2026"). */
  label: string;
  placeholder?: string;
  onSave: (minor: number | null) => Promise<void>;
}) {
  const saved = amountText(value, currency);
  const [text, setText] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const saving = useRef(false);
  const errorId = useId();
  useEffect(() => setText(saved), [saved]);

  async function commit(): Promise<void> {
    const parsed = parseAmount(text, currency);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (parsed.minor === value || saving.current) return;
    saving.current = true;
    try {
      await onSave(parsed.minor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      saving.current = false;
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'Enter') {
      e.preventDefault();
      void commit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setText(saved);
      setError(null);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      moveFocus(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
    }
  }

  return (
    <span className="amount-input">
      <input
        type="text"
        inputMode="decimal"
        data-budget-amount=""
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder={placeholder ?? '—'}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text !== saved) void commit();
        }}
      />
      {error && (
        <span id={errorId} role="alert" className="error-text small">
          {error}
        </span>
      )}
    </span>
  );
}
