import { useCallback, useState } from 'react';
import type { BulkCategoriseResultDTO, CategoryDTO, TransactionDTO } from '../../../shared/dto';
import { useApi } from '../api/context';
import { errorMessage } from '../api/errors';
import { CategoryOptions } from '../components/CategoryOptions';
import type { TransactionFilters } from './transactions-pager';
import type { ChangeTracker } from './TransferPair';

/** The most transactions one bulk change takes (the contract's limit). */
export const BULK_LIMIT = 1000;
const UNCATEGORISED = '__none__';

/**
 * Rows selected in the transaction list: a click toggles one, a shift-click selects the loaded rows from the
 * last clicked one to this one.
 */
export function useSelection() {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const toggle = useCallback(
    (index: number, tx: TransactionDTO, shift: boolean, rowAt: (i: number) => TransactionDTO | undefined) => {
      setIds((current) => {
        const next = new Set(current);
        if (shift && anchor !== null) {
          const on = !current.has(tx.id);
          for (let i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
            const row = rowAt(i);
            if (row && on) next.add(row.id);
            else if (row) next.delete(row.id);
          }
        } else if (next.has(tx.id)) next.delete(tx.id);
        else next.add(tx.id);
        return next;
      });
      setAnchor(index);
    },
    [anchor],
  );
  const clear = useCallback(() => {
    setIds(new Set());
    setAnchor(null);
  }, []);
  return { ids, toggle, clear, set: setIds };
}

/** The bar over the list while rows are selected: pick a category for all of them, with one-step undo. */
export function BulkBar({
  selected,
  total,
  filters,
  categories,
  tracker,
  onSelectAll,
  onClear,
  onDone,
}: {
  selected: ReadonlySet<string>;
  total: number;
  filters: TransactionFilters;
  categories: CategoryDTO[];
  tracker: ChangeTracker;
  onSelectAll: (ids: string[]) => void;
  onClear: () => void;
  onDone: (message: string, undo: BulkCategoriseResultDTO['undo'] | null) => void;
}) {
  const api = useApi();
  const [categoryId, setCategoryId] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function selectAll() {
    setProblem(null);
    setBusy(true);
    try {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await api.listTransactions({ ...filters, limit: 500, cursor });
        ids.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor;
      } while (cursor && ids.length < BULK_LIMIT);
      onSelectAll(ids);
    } catch (err) {
      setProblem(`Could not select them all: ${errorMessage(err)} Try again.`);
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    setBusy(true);
    setProblem(null);
    const target = categoryId === UNCATEGORISED ? null : categoryId;
    const name = target === null ? 'the rules (automatic)' : (categories.find((c) => c.id === target)?.name ?? target);
    tracker.expect();
    try {
      const result = await api.recategoriseTransactions({ transactionIds: [...selected], categoryId: target });
      tracker.settled();
      onDone(`${result.updated.toLocaleString()} transaction${result.updated === 1 ? '' : 's'} set to ${name}.`, result.updated > 0 ? result.undo : null);
    } catch (err) {
      tracker.failed();
      setProblem(`Nothing was changed: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="bulk-bar" role="region" aria-label="Change the selected transactions">
      <span aria-live="polite">
        <strong>{selected.size.toLocaleString()}</strong> selected
      </span>
      {selected.size < total &&
        (total <= BULK_LIMIT ? (
          <button type="button" className="link-button" disabled={busy} onClick={() => void selectAll()}>
            Select all {total.toLocaleString()} matching
          </button>
        ) : (
          <span className="muted small">
            {total.toLocaleString()} match: narrow the filters to {BULK_LIMIT.toLocaleString()} or fewer to select them all.
          </span>
        ))}
      <label className="inline-label">
        Category
        <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
          <option value="">Choose…</option>
          <option value={UNCATEGORISED}>Back to automatic (rules)</option>
          <CategoryOptions categories={categories} />
        </select>
      </label>
      <button type="button" className="btn primary" disabled={busy || !categoryId || selected.size === 0} onClick={() => void apply()}>
        Apply to {selected.size.toLocaleString()}
      </button>
      <button type="button" className="btn" onClick={onClear}>
        Clear selection
      </button>
      {problem && (
        <p role="alert" className="error-text">
          {problem}
        </p>
      )}
    </div>
  );
}
