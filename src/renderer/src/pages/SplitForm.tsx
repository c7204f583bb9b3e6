import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CategoryDTO, TransactionDTO } from '../../../shared/dto';
import { decimalToMinor, minorToDecimal } from '../../../shared/money';
import { useApi, useQuery } from '../api/context';
import { CategoryOptions } from '../components/CategoryOptions';
import { DialogFormFooter } from '../components/Dialog';
import { Money } from '../components/Money';
import { formatDay } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { useAction } from '../lib/use-action';
import type { ChangeTracker } from './TransferPair';

const UNCATEGORISED = '__none__';

interface PartForm {
  key: number;
  categoryId: string;
  /** A size, in the transaction's direction. */
  amount: string;
}

/** A typed size as signed minor units in the transaction's direction; null when it is not a number. */
function partMinor(text: string, tx: TransactionDTO): number | null {
  if (text.trim() === '') return 0;
  try {
    const size = Math.abs(decimalToMinor(text, tx.currency));
    return tx.amountMinor < 0 ? -size : size;
  } catch {
    return null;
  }
}

/** The parts a split starts from: the existing split, else the whole amount in the transaction's category and an empty part. */
function initialParts(tx: TransactionDTO): PartForm[] {
  const size = (minor: number) => minorToDecimal(Math.abs(minor), tx.currency);
  if (tx.split && !tx.split.needsAttention) {
    return tx.split.parts.map((p, i) => ({ key: i, categoryId: p.categoryId ?? UNCATEGORISED, amount: size(p.amountMinor) }));
  }
  return [
    { key: 0, categoryId: tx.categoryId ?? UNCATEGORISED, amount: size(tx.amountMinor) },
    { key: 1, categoryId: UNCATEGORISED, amount: '' },
  ];
}

/** Split a transaction across categories: the parts must add up exactly to its amount. */
export function SplitForm({
  tx,
  categories,
  tracker,
  onDone,
  onCancel,
}: {
  tx: TransactionDTO;
  categories: CategoryDTO[];
  tracker: ChangeTracker;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  // the page already shows this change: its 'data-changed' event is not news from the banks
  async function tracked(call: () => Promise<void>) {
    tracker.expect();
    try {
      await call();
      tracker.settled();
    } catch (err) {
      tracker.failed();
      throw err;
    }
  }
  const [parts, setParts] = useState<PartForm[]>(() => initialParts(tx));
  const [nextKey, setNextKey] = useState(parts.length);
  const { busy, error, run } = useAction();
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const minors = parts.map((p) => partMinor(p.amount, tx));
  const unreadable = minors.findIndex((m) => m === null);
  const sum = minors.reduce<number>((s, m) => s + (m ?? 0), 0);
  const remaining = tx.amountMinor - sum;
  const set = (key: number, patch: Partial<PartForm>) => setParts((ps) => ps.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        await tracked(() =>
          api.splitTransaction({
            transactionId: tx.id,
            parts: parts.map((p, i) => ({ categoryId: p.categoryId === UNCATEGORISED ? null : p.categoryId, amountMinor: minors[i]! })),
          }),
        );
        onDone(`Split “${tx.merchant ?? tx.description}” into ${parts.length} parts. Each part counts in its own category.`);
      },
      (message) => `The split was not saved: ${message}`,
    );
  }

  function unsplit() {
    void run(
      async () => {
        await tracked(() => api.unsplitTransaction({ transactionId: tx.id }));
        onDone(`“${tx.merchant ?? tx.description}” is no longer split; it counts whole in ${tx.categoryName ?? 'Uncategorised'}.`);
      },
      (message) => `The split was not removed: ${message}`,
    );
  }

  const status =
    unreadable >= 0
      ? `Part ${unreadable + 1}: type the amount like 12.50.`
      : remaining === 0
        ? 'The parts add up to the amount.'
        : `${formatMoney(Math.abs(remaining), tx.currency)} ${Math.sign(remaining) === Math.sign(tx.amountMinor) ? 'left to assign' : 'too much assigned'}.`;

  return (
    <form className="form-grid split-form" onSubmit={submit} aria-label="Split transaction">
      {tx.split?.needsAttention && (
        <p className="warning" role="note">
          The bank changed this amount from {formatMoney(tx.split.splitAmountMinor, tx.currency)} to {formatMoney(tx.amountMinor, tx.currency)}. Until you
          split it again it counts whole in {tx.categoryName ?? 'Uncategorised'}.
        </p>
      )}
      <p>
        Amount to split: <Money minor={tx.amountMinor} currency={tx.currency} /> ({tx.amountMinor < 0 ? 'money out' : 'money in'}; type each part as a size)
      </p>
      <ol className="split-parts">
        {parts.map((p, i) => (
          <li key={p.key} className="row">
            <label>
              Part {i + 1} category
              <select ref={i === 0 ? first : undefined} value={p.categoryId} onChange={(e) => set(p.key, { categoryId: e.target.value })}>
                <option value={UNCATEGORISED}>Uncategorised</option>
                <CategoryOptions categories={categories} selected={p.categoryId} />
              </select>
            </label>
            <label>
              Part {i + 1} amount ({tx.currency})
              <input inputMode="decimal" value={p.amount} onChange={(e) => set(p.key, { amount: e.target.value })} aria-invalid={minors[i] === null || undefined} />
            </label>
            <button
              type="button"
              className="btn small"
              aria-label={`Remove part ${i + 1}`}
              disabled={parts.length <= 2}
              onClick={() => setParts((ps) => ps.filter((x) => x.key !== p.key))}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className="row">
        <button
          type="button"
          className="btn small"
          disabled={parts.length >= 20}
          onClick={() => {
            setParts((ps) => [...ps, { key: nextKey, categoryId: UNCATEGORISED, amount: remaining !== 0 && Math.sign(remaining) === Math.sign(tx.amountMinor) ? minorToDecimal(Math.abs(remaining), tx.currency) : '' }]);
            setNextKey((k) => k + 1);
          }}
        >
          Add a part
        </button>
        <span className={remaining === 0 && unreadable < 0 ? 'muted' : 'warning'} aria-live="polite" data-testid="split-remaining">
          {status}
        </span>
      </div>
      {tx.split && (
        <div className="row">
          <button type="button" className="btn danger-outline" disabled={busy} onClick={unsplit}>
            Remove the split
          </button>
        </div>
      )}
      <DialogFormFooter error={error} submitLabel={busy ? 'Saving…' : 'Save split'} disabled={busy || unreadable >= 0} onCancel={onCancel} />
    </form>
  );
}

/**
 * Split transactions the bank changed the amount of: they count whole again until split anew. Shown above the
 * list with a button per transaction that opens it to split again.
 */
export function SplitsNeedingAttention({ onOpen, reloadKey }: { onOpen: (tx: TransactionDTO) => void; reloadKey: number }) {
  const q = useQuery((a) => a.splitsNeedingAttention(), `splits-attention-${reloadKey}`, { reloadOn: ['data-changed'] });
  const rows = q.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="warning split-attention" role="region" aria-label="Splits that need attention">
      <p>
        <strong>
          {rows.length === 1 ? 'A split transaction needs' : `${rows.length} split transactions need`} your attention.
        </strong>{' '}
        The bank changed the amount, so the parts no longer add up; until you split it again it counts whole in its category.
      </p>
      <ul>
        {rows.map((tx) => (
          <li key={tx.id}>
            {formatDay(tx.bookingDate)} · {tx.merchant ?? tx.description} · was {formatMoney(tx.split?.splitAmountMinor ?? 0, tx.currency)}, now{' '}
            {formatMoney(tx.amountMinor, tx.currency)}{' '}
            <button type="button" className="btn small" onClick={() => onOpen(tx)}>
              Split again
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
