import type { TransactionQuery } from '../../../shared/contract';
import type { AccountDTO } from '../../../shared/dto';
import { currencyExponent } from '../../../shared/money';

/**
 * Amount filters as sizes: "Money out" at least 100.00 is spending over 100, whatever the sign the bank uses. Amounts of
 * different currencies are not comparable, so a currency goes with them.
 */
export interface AmountForm {
  direction: '' | 'in' | 'out';
  min: string;
  max: string;
  currency: string;
}

/** A size typed by the user, in minor units of `currency`; undefined when empty or not a number. */
function sizeToMinor(text: string, currency: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return Math.round(Math.abs(n) * 10 ** currencyExponent(currency || 'GBP'));
}

/** The query fields of the amount filters. */
export function amountQuery(f: AmountForm): Pick<TransactionQuery, 'direction' | 'minAmountMinor' | 'maxAmountMinor' | 'currency'> {
  const q: Pick<TransactionQuery, 'direction' | 'minAmountMinor' | 'maxAmountMinor' | 'currency'> = {};
  if (f.direction) q.direction = f.direction;
  const min = sizeToMinor(f.min, f.currency);
  const max = sizeToMinor(f.max, f.currency);
  // sizes need a direction: the form always sets one when an amount is typed
  if (f.direction && min !== undefined) q.minAmountMinor = min;
  if (f.direction && max !== undefined) q.maxAmountMinor = max;
  if (f.currency) q.currency = f.currency;
  return q;
}

/** The currency amounts are compared in by default: the chosen account's, else the one most accounts are in. */
function defaultCurrency(accounts: AccountDTO[], accountId: string): string {
  const chosen = accounts.find((a) => a.id === accountId);
  if (chosen) return chosen.currency;
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'GBP';
}

export function AmountFilters({
  value,
  accounts,
  accountId,
  onChange,
}: {
  value: AmountForm;
  accounts: AccountDTO[];
  accountId: string;
  onChange: (patch: Partial<AmountForm>) => void;
}) {
  const currencies = [...new Set([...accounts.map((a) => a.currency), ...(value.currency ? [value.currency] : [])])].sort();
  const hasAmount = value.min.trim() !== '' || value.max.trim() !== '';
  // typing an amount picks "Money out" and a currency (both visible, both changeable): a size means nothing without them
  const setAmount = (k: 'min' | 'max', text: string) =>
    onChange({
      [k]: text,
      ...(text.trim() !== '' && !value.direction && { direction: 'out' as const }),
      ...(text.trim() !== '' && !value.currency && { currency: defaultCurrency(accounts, accountId) }),
    });
  return (
    <>
      <label>
        Direction
        <select value={value.direction} onChange={(e) => onChange({ direction: e.target.value as AmountForm['direction'] })}>
          <option value="">Money in and out</option>
          <option value="out">Money out</option>
          <option value="in">Money in</option>
        </select>
      </label>
      <label>
        Amount at least
        <input type="number" min="0" step="0.01" inputMode="decimal" value={value.min} onChange={(e) => setAmount('min', e.target.value)} />
      </label>
      <label>
        Amount at most
        <input type="number" min="0" step="0.01" inputMode="decimal" value={value.max} onChange={(e) => setAmount('max', e.target.value)} />
      </label>
      {(hasAmount || value.currency) && (
        <label>
          Currency
          <select value={value.currency} onChange={(e) => onChange({ currency: e.target.value })}>
            {!hasAmount && <option value="">Any currency</option>}
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      {hasAmount && !value.direction && <p className="muted filter-hint">Amounts are sizes: choose Money out or Money in to filter by them.</p>}
    </>
  );
}
