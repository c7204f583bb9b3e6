import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { errorMessage } from '../api/errors';
import { FormError } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDay } from '../lib/dates';
import { useAction } from '../lib/use-action';

/** "Bank · Account": several banks can each have a "Holiday Fund". */
export const accountLabel = (tx: Pick<TransactionDTO, 'providerName' | 'accountName'>) => `${tx.providerName} · ${tx.accountName}`;

/** On a paired row: this money moved between two of the user's accounts. */
export function TransferBadge({ transfer }: { transfer: NonNullable<TransactionDTO['transfer']> }) {
  return (
    <span className="badge transfer-badge" title="A transfer between your own accounts: neither spending nor income">
      Transfer ↔ {accountLabel(transfer)}
    </span>
  );
}

/** Tells the page which 'data-changed' events are the user's own (see own-changes.ts). */
export interface ChangeTracker {
  expect: () => void;
  settled: () => void;
  failed: () => void;
}

async function tracked(tracker: ChangeTracker | undefined, call: () => Promise<void>): Promise<void> {
  tracker?.expect();
  try {
    await call();
  } catch (err) {
    tracker?.failed();
    throw err;
  }
  tracker?.settled();
}

const describe = (tx: TransactionDTO) => tx.merchant ?? tx.description;

/**
 * "Pair as transfer…": the rows of the user's other accounts that could be the other side of `tx` (opposite sign, a
 * few days apart, best first); choosing one pairs them, so neither counts as spending or income.
 */
export function PairTransferForm({
  tx,
  onPaired,
  onCancel,
  tracker,
}: {
  tx: TransactionDTO;
  onPaired: (other: TransactionDTO) => void;
  onCancel: () => void;
  tracker?: ChangeTracker;
}) {
  const api = useApi();
  const [candidates, setCandidates] = useState<TransactionDTO[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const headingRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    setCandidates(null);
    api
      .transferCandidates({ transactionId: tx.id })
      .then((rows) => {
        if (!live) return;
        setCandidates(rows);
        setChosen(rows[0]?.id ?? null);
      })
      .catch((err: unknown) => live && setLoadError(`Could not look for the other side of this transfer: ${errorMessage(err)} Try again.`));
    return () => {
      live = false;
    };
  }, [api, tx.id]);

  // focus moves into the form as it opens, so the keyboard (and Escape) stay in the dialog
  useEffect(() => headingRef.current?.focus(), []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const other = candidates?.find((c) => c.id === chosen);
    if (!other) return;
    const [out, inn] = tx.amountMinor < 0 ? [tx, other] : [other, tx];
    void run(
      async () => {
        await tracked(tracker, () => api.pairTransfer({ outTransactionId: out.id, inTransactionId: inn.id }));
        onPaired(other);
      },
      (message) => `The transfer was not paired: ${message}`,
    );
  }

  const direction = tx.amountMinor < 0 ? 'arrived in' : 'left';
  return (
    <form className="pair-transfer" onSubmit={submit} aria-label="Pair as transfer">
      <p ref={headingRef} tabIndex={-1}>
        Which payment {direction} another of your accounts for “{describe(tx)}” (<Money minor={tx.amountMinor} currency={tx.currency} />,{' '}
        {formatDay(tx.bookingDate)}, {accountLabel(tx)})? Paired, neither counts as spending or income.
      </p>
      {loadError && (
        <p role="alert" className="error-text">
          {loadError}
        </p>
      )}
      {candidates === null && !loadError && <p className="muted">Looking for the other side…</p>}
      {candidates?.length === 0 && (
        <p className="muted">
          No payment in your other accounts within a week of {formatDay(tx.bookingDate)} could be the other side. If it has not arrived
          yet, sync that bank and try again.
        </p>
      )}
      {candidates && candidates.length > 0 && (
        <fieldset className="candidate-list">
          <legend>Other side of the transfer</legend>
          {candidates.map((c) => (
            <label key={c.id} className="candidate">
              <input type="radio" name="candidate" value={c.id} checked={chosen === c.id} onChange={() => setChosen(c.id)} />
              <span>{formatDay(c.bookingDate)}</span>
              <span>{describe(c)}</span>
              <span className="muted">{accountLabel(c)}</span>
              <Money minor={c.amountMinor} currency={c.currency} />
            </label>
          ))}
        </fieldset>
      )}
      <FormError message={error} />
      <div className="row">
        <button type="submit" className="btn primary" disabled={busy || !chosen}>
          {busy ? 'Pairing…' : 'Pair as transfer'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** On a paired row: what it is paired with, and "Unpair" (MyBucks will not pair these two automatically again). */
export function PairedTransfer({
  tx,
  onUnpaired,
  tracker,
}: {
  tx: TransactionDTO & { transfer: NonNullable<TransactionDTO['transfer']> };
  onUnpaired: () => void;
  tracker?: ChangeTracker;
}) {
  const api = useApi();
  const { busy, error, run } = useAction();
  return (
    <div className="paired-transfer">
      <p>
        A transfer {tx.amountMinor < 0 ? 'to' : 'from'} {accountLabel(tx.transfer)}, {tx.transfer.method === 'auto' ? 'paired automatically' : 'paired by you'}:
        neither counts as spending or income.
      </p>
      <FormError message={error} />
      <button
        type="button"
        className="btn"
        disabled={busy}
        onClick={() =>
          void run(
            async () => {
              await tracked(tracker, () => api.unpairTransfer({ transactionId: tx.id }));
              onUnpaired();
            },
            (message) => `The transfer was not unpaired: ${message}`,
          )
        }
      >
        {busy ? 'Unpairing…' : 'Unpair'}
      </button>
    </div>
  );
}
