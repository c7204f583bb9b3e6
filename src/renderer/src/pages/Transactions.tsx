import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TransactionQuery } from '../../../shared/contract';
import type { AccountDTO, BulkCategoriseResultDTO, CategoryDTO, TransactionDTO } from '../../../shared/dto';
import { useApi, useAppEvent, useQuery } from '../api/context';
import { errorMessage } from '../api/errors';
import { Dialog } from '../components/Dialog';
import { AccountOptions } from '../components/AccountOptions';
import { CategoryOptions } from '../components/CategoryOptions';
import { EmptyState, ErrorMessage } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDay } from '../lib/dates';
import { formatMoney } from '../lib/money';
import { useDebounced } from '../lib/use-debounced';
import { NoTransactions } from './NoTransactions';
import { RuleForm } from './RuleForm';
import { accountLabel, PairedTransfer, PairTransferForm, TransferBadge, type ChangeTracker } from './TransferPair';
import { AmountFilters, amountQuery, type AmountForm } from './amount-filters';
import { useOwnChanges } from './own-changes';
import { useDrillDown } from '../lib/drill-route';
import { navigate } from '../lib/router';
import { DrillDownBar, FilteredTotal } from './DrillDownBar';
import { rowAt, useTransactionPager, type TransactionFilters } from './transactions-pager';
import { BulkBar, useSelection } from './BulkCategorise';
import { SplitForm, SplitsNeedingAttention } from './SplitForm';

/** Fixed row height: 1,000,000 rows × 32 px stays under Chromium's ~33.5M px element-height cap. */
export const ROW_HEIGHT = 32;
const UNCATEGORISED = '__none__';
const LOADING_ROWS = 12;

type Sort = NonNullable<TransactionQuery['sort']>;

function CategorySelect({ tx, categories, onChange }: { tx: TransactionDTO; categories: CategoryDTO[]; onChange: (id: string | null) => void }) {
  const label = `Category for ${tx.merchant ?? tx.description}`;
  return (
    <select
      aria-label={label}
      value={tx.categoryId ?? UNCATEGORISED}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
      onChange={(e) => onChange(e.target.value === UNCATEGORISED ? null : e.target.value)}
    >
      <option value={UNCATEGORISED}>Uncategorised</option>
      <CategoryOptions categories={categories} selected={tx.categoryId} />
    </select>
  );
}

/** Where a navigation key moves the focus from row `index`; null for other keys. */
function keyTarget(key: string, index: number, pageRows: number, total: number): number | null {
  switch (key) {
    case 'ArrowDown':
      return index + 1;
    case 'ArrowUp':
      return index - 1;
    case 'PageDown':
      return Math.min(index + pageRows, total - 1);
    case 'PageUp':
      return Math.max(index - pageRows, 0);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return null;
  }
}

/**
 * One row, keyed by its index: a placeholder until its page arrives, so focus stays on it meanwhile.
 * One row at a time is in the tab order (a roving tabindex): Tab leaves the list rather than walking it.
 */
const TransactionRow = memo(function TransactionRow({
  tx,
  index,
  top,
  categories,
  onCategory,
  onOpen,
  onKey,
  tabbable,
  onFocusRow,
  selected,
  onSelect,
}: {
  tx: TransactionDTO | undefined;
  index: number;
  top: number;
  categories: CategoryDTO[];
  onCategory: (tx: TransactionDTO, categoryId: string | null) => void;
  onOpen: (tx: TransactionDTO) => void;
  onKey: (key: string, index: number) => boolean;
  tabbable: boolean;
  onFocusRow: (index: number) => void;
  selected: boolean;
  onSelect: (index: number, tx: TransactionDTO, shift: boolean) => void;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-busy={tx ? undefined : true}
      data-index={index}
      tabIndex={tabbable ? 0 : -1}
      className={tx ? `tx-row${selected ? ' selected' : ''}` : 'tx-row placeholder'}
      onFocus={(e) => e.target === e.currentTarget && onFocusRow(index)}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => tx && onOpen(tx)}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          if (tx) onOpen(tx);
        } else if (onKey(e.key, index)) {
          e.preventDefault();
        }
      }}
    >
      {tx ? (
        <>
          <span role="cell" className="tx-select">
            <input
              type="checkbox"
              checked={selected}
              aria-label={`Select ${tx.payeeName ?? tx.merchant ?? tx.description} on ${formatDay(tx.bookingDate)}`}
              onClick={(e) => {
                e.stopPropagation();
                onSelect(index, tx, e.shiftKey);
              }}
              onKeyDown={(e) => e.stopPropagation()}
              onChange={() => undefined}
            />
          </span>
          <RowCells tx={tx} categories={categories} onCategory={onCategory} />
        </>
      ) : (
        <span role="cell" className="skeleton-line" />
      )}
    </div>
  );
});

function RowCells({
  tx,
  categories,
  onCategory,
}: {
  tx: TransactionDTO;
  categories: CategoryDTO[];
  onCategory: (tx: TransactionDTO, categoryId: string | null) => void;
}) {
  return (
    <>
      <span role="cell" className="tx-date">
        {formatDay(tx.bookingDate)}
      </span>
      <span role="cell" className="tx-desc">
        {tx.payeeName ?? tx.merchant ?? tx.description}
        {tx.status === 'pending' && <span className="badge">Pending</span>}
        {tx.transfer && <TransferBadge transfer={tx.transfer} />}
      </span>
      <span role="cell" className="tx-account muted">
        {accountLabel(tx)}
      </span>
      <span role="cell" className="tx-category">
        {tx.split ? <SplitSummary tx={tx} /> : <CategorySelect tx={tx} categories={categories} onChange={(id) => onCategory(tx, id)} />}
      </span>
      <span role="cell" className="tx-amount">
        <Money minor={tx.amountMinor} currency={tx.currency} />
      </span>
    </>
  );
}

/**
 * A split row's category cell: its parts with their sizes (the row opens to change them), so a category's list can
 * be read against its figure, which counts only the part in that category; a changed amount says so.
 */
function SplitSummary({ tx }: { tx: TransactionDTO }) {
  const split = tx.split!;
  const text = split.parts.map((p) => `${p.categoryName ?? 'Uncategorised'} ${formatMoney(Math.abs(p.amountMinor), tx.currency)}`).join(', ');
  return split.needsAttention ? (
    <span className="badge split-badge attention" title="The bank changed the amount: split it again">
      Split needs attention
    </span>
  ) : (
    <span className="split-summary" title={text}>
      <span className="badge split-badge">Split</span> {text}
    </span>
  );
}

function Filters({
  accounts,
  categories,
  value,
  onChange,
}: {
  accounts: AccountDTO[];
  categories: CategoryDTO[];
  value: FilterForm;
  onChange: (f: FilterForm) => void;
}) {
  const set = <K extends keyof FilterForm>(k: K, v: FilterForm[K]) => onChange({ ...value, [k]: v });
  return (
    <div className="filters" role="group" aria-label="Filters">
      <label>
        Account
        <select value={value.accountId} onChange={(e) => set('accountId', e.target.value)}>
          <option value="">All accounts</option>
          <AccountOptions accounts={accounts} />
        </select>
      </label>
      <label>
        Category
        <select value={value.categoryId} onChange={(e) => set('categoryId', e.target.value)}>
          <option value="">All categories</option>
          <option value={UNCATEGORISED}>Uncategorised</option>
          <CategoryOptions categories={categories} selected={value.categoryId} />
        </select>
      </label>
      <label>
        Status
        <select value={value.status} onChange={(e) => set('status', e.target.value as FilterForm['status'])}>
          <option value="">Any status</option>
          <option value="booked">Booked</option>
          <option value="pending">Pending</option>
        </select>
      </label>
      <label>
        From date
        <input type="date" value={value.from} onChange={(e) => set('from', e.target.value)} />
      </label>
      <label>
        To date
        <input type="date" value={value.to} onChange={(e) => set('to', e.target.value)} />
      </label>
      <AmountFilters value={value} accounts={accounts} accountId={value.accountId} onChange={(patch) => onChange({ ...value, ...patch })} />
      <label>
        Sort
        <select value={value.sort} onChange={(e) => set('sort', e.target.value as Sort)}>
          <option value="date_desc">Newest first</option>
          <option value="date_asc">Oldest first</option>
          <option value="amount_desc">Largest amount first</option>
          <option value="amount_asc">Smallest amount first</option>
        </select>
      </label>
    </div>
  );
}

interface FilterForm extends AmountForm {
  accountId: string;
  categoryId: string;
  status: '' | 'booked' | 'pending';
  from: string;
  to: string;
  sort: Sort;
}

const NO_FILTERS: FilterForm = {
  accountId: '',
  categoryId: '',
  status: '',
  from: '',
  to: '',
  direction: '',
  min: '',
  max: '',
  currency: '',
  sort: 'date_desc',
};

function toQuery(search: string, f: FilterForm): TransactionFilters {
  const q: TransactionFilters = { sort: f.sort };
  if (search.trim()) q.search = search.trim();
  if (f.accountId) q.accountIds = [f.accountId];
  if (f.categoryId === UNCATEGORISED) q.uncategorised = true;
  else if (f.categoryId) q.categoryIds = [f.categoryId];
  if (f.status) q.status = f.status;
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  Object.assign(q, amountQuery(f));
  return q;
}

function TransactionDialog({
  tx,
  categories,
  onCategory,
  onClose,
  onRuleSaved,
  onTransferChanged,
  tracker,
  onSplit,
}: {
  tx: TransactionDTO;
  categories: CategoryDTO[];
  onCategory: (tx: TransactionDTO, categoryId: string | null) => void;
  onClose: () => void;
  onRuleSaved: (updated: number) => void;
  onTransferChanged: (message: string) => void;
  tracker: ChangeTracker;
  onSplit: (message: string) => void;
}) {
  const [mode, setMode] = useState<'details' | 'rule' | 'pair' | 'split'>(tx.split?.needsAttention ? 'split' : 'details');
  // back from a form, focus returns to the button that opened it (never to the page behind the dialog)
  const returnTo = useRef<'rule' | 'pair' | 'split' | null>(null);
  const ruleButton = useRef<HTMLButtonElement>(null);
  const pairButton = useRef<HTMLButtonElement>(null);
  const splitButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (mode !== 'details' || !returnTo.current) return;
    ({ rule: ruleButton, pair: pairButton, split: splitButton })[returnTo.current].current?.focus();
    returnTo.current = null;
  }, [mode]);
  const back = (from: 'rule' | 'pair' | 'split') => {
    returnTo.current = from;
    setMode('details');
  };
  const title =
    mode === 'rule' ? 'Create a rule' : mode === 'pair' ? 'Pair as transfer' : mode === 'split' ? 'Split across categories' : (tx.merchant ?? tx.description);
  return (
    <Dialog title={title} onClose={onClose}>
      {mode === 'rule' ? (
        <RuleForm transaction={tx} categories={categories} onCancel={() => back('rule')} onSaved={onRuleSaved} />
      ) : mode === 'split' ? (
        <SplitForm tx={tx} categories={categories} tracker={tracker} onCancel={() => back('split')} onDone={onSplit} />
      ) : mode === 'pair' ? (
        <PairTransferForm
          tx={tx}
          tracker={tracker}
          onCancel={() => back('pair')}
          onPaired={(other) =>
            onTransferChanged(
              `Paired as a transfer between ${accountLabel(tx)} and ${accountLabel(other)}. Neither counts as spending or income now.`,
            )
          }
        />
      ) : (
        <>
          <dl className="details">
            <dt>Amount</dt>
            <dd>
              <Money minor={tx.amountMinor} currency={tx.currency} />
            </dd>
            <dt>Date</dt>
            <dd>{formatDay(tx.bookingDate)}</dd>
            <dt>Description</dt>
            <dd>{tx.description}</dd>
            <dt>Account</dt>
            <dd>
              {tx.providerName} · {tx.accountName}
            </dd>
            <dt>Status</dt>
            <dd>{tx.status === 'pending' ? 'Pending' : 'Booked'}</dd>
          </dl>
          {tx.payeeName && (
            <p className="muted small">
              Shown as “{tx.payeeName}” by a rule; the bank calls it “{tx.merchant ?? tx.description}”.
            </p>
          )}
          {tx.split ? (
            <div className="stacked">
              <p className="small-heading">Split across categories</p>
              <ul className="split-parts-view">
                {tx.split.parts.map((p, i) => (
                  <li key={i}>
                    <span className="category-dot" style={{ background: p.color ?? 'var(--muted)' }} aria-hidden="true" />
                    {p.categoryName ?? 'Uncategorised'} <Money minor={p.amountMinor} currency={tx.currency} />
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <label className="stacked">
              Category
              <CategorySelect tx={tx} categories={categories} onChange={(id) => onCategory(tx, id)} />
            </label>
          )}
          {tx.transfer && (
            <PairedTransfer
              tx={{ ...tx, transfer: tx.transfer }}
              tracker={tracker}
              onUnpaired={() =>
                onTransferChanged(
                  `Unpaired: “${tx.merchant ?? tx.description}” and its other side in ${tx.transfer ? accountLabel(tx.transfer) : 'your other account'} count as spending or income again, and MyBucks will not pair them automatically.`,
                )
              }
            />
          )}
          <div className="row">
            <button type="button" className="btn" ref={ruleButton} onClick={() => setMode('rule')}>
              Create rule from this transaction
            </button>
            {tx.amountMinor !== 0 && (
              <button type="button" className="btn" ref={splitButton} onClick={() => setMode('split')}>
                {tx.split ? 'Change the split…' : 'Split…'}
              </button>
            )}
            {!tx.transfer && tx.amountMinor !== 0 && (
              <button type="button" className="btn" ref={pairButton} onClick={() => setMode('pair')}>
                Pair as transfer…
              </button>
            )}
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

async function downloadCsv(filename: string, csv: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Transactions() {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<FilterForm>(NO_FILTERS);
  const debouncedSearch = useDebounced(search, 300);
  // a drill-down from the dashboard (in the route) is the base filter; the form narrows it further
  const drill = useDrillDown();
  const drillKey = JSON.stringify(drill?.filter ?? null);
  const filters = useMemo(
    () => ({ ...(JSON.parse(drillKey) as TransactionFilters | null), ...toQuery(debouncedSearch, form) }),
    [drillKey, debouncedSearch, form],
  );
  const pager = useTransactionPager(filters);
  const accounts = useQuery((a) => a.listAccounts(), 'accounts');
  const categoriesQ = useQuery((a) => a.listCategories(), 'categories');
  const categories = useMemo(() => categoriesQ.data ?? [], [categoriesQ.data]);
  const [open, setOpen] = useState<TransactionDTO | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);
  const selection = useSelection();
  const [undo, setUndo] = useState<BulkCategoriseResultDTO['undo'] | null>(null);
  const [attentionKey, setAttentionKey] = useState(0);

  // new data never yanks the list away from where the user is reading; they choose when to refresh
  const [stale, setStale] = useState(false);
  // the user's own changes are already on screen: their 'data-changed' is not news from the banks
  const own = useOwnChanges();
  useAppEvent((e) => {
    if (e.type === 'data-changed' && !own.isOwn()) setStale(true);
  });
  function refresh() {
    setStale(false);
    pager.reload();
  }

  const total = pager.total ?? 0;
  // before the first answer, a few placeholder rows keep the list from jumping when rows arrive
  const rowCount = pager.total ?? (pager.loading && !pager.error ? LOADING_ROWS : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 800, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const firstShown = items.length ? items[0].index : 0;
  const lastShown = items.length ? items[items.length - 1].index : 0;
  const { setVisibleRange, pages } = pager;
  useEffect(() => setVisibleRange(firstShown, lastShown), [firstShown, lastShown, setVisibleRange]);

  useEffect(() => {
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [filters]);
  const { clear: clearSelection, toggle: toggleSelection } = selection;
  useEffect(() => clearSelection(), [filters, clearSelection]);
  const selectRow = useCallback(
    (index: number, tx: TransactionDTO, shift: boolean) => toggleSelection(index, tx, shift, (i) => rowAt(pages, i)),
    [toggleSelection, pages],
  );

  // stable callbacks, so rows (memoised) re-render only when their own data changes while scrolling
  const [activeIndex, setActiveIndex] = useState(0);
  useEffect(() => setActiveIndex(0), [filters]);
  const tabbableIndex = items.some((item) => item.index === activeIndex) ? activeIndex : (items[0]?.index ?? 0);
  const moveFocus = useCallback(
    (key: string, index: number) => {
      const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
      const toIndex = keyTarget(key, index, pageRows, total);
      if (toIndex === null) return false;
      if (toIndex < 0 || toIndex >= total) return true;
      setActiveIndex(toIndex);
      virtualizer.scrollToIndex(toIndex, { align: 'auto' });
      // a far target is rendered only after the scroll has been handled: try for a few frames
      const focus = (tries: number) => {
        const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${toIndex}"]`);
        if (row) row.focus({ preventScroll: true });
        else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
      };
      requestAnimationFrame(() => focus(10));
      return true;
    },
    [total, virtualizer],
  );

  const { updateRow } = pager;
  const changeCategory = useCallback(
    async (tx: TransactionDTO, categoryId: string | null) => {
      const previous = { categoryId: tx.categoryId, categoryName: tx.categoryName, categoryManual: tx.categoryManual };
      const categoryName = categories.find((c) => c.id === categoryId)?.name ?? null;
      updateRow(tx.id, { categoryId, categoryName, categoryManual: true });
      setOpen((o) => (o && o.id === tx.id ? { ...o, categoryId, categoryName, categoryManual: true } : o));
      own.expect();
      try {
        await api.setTransactionCategory({ transactionId: tx.id, categoryId });
        own.settled();
        setNotice(`Category of “${tx.merchant ?? tx.description}” set to ${categoryName ?? 'Uncategorised'}.`);
      } catch (err) {
        own.failed();
        updateRow(tx.id, previous);
        setNotice(`The category was not changed: ${errorMessage(err)} Try again.`);
      }
    },
    [api, categories, updateRow, own],
  );

  async function exportCsv() {
    setExporting(true);
    try {
      const { filename, csv } = await api.exportTransactionsCsv(filters);
      await downloadCsv(filename, csv);
      setNotice(`Exported ${filename}.`);
    } catch (err) {
      setNotice(`Export failed: ${errorMessage(err)}`);
    } finally {
      setExporting(false);
    }
  }

  async function undoBulk(changes: BulkCategoriseResultDTO['undo']) {
    setUndo(null);
    own.expect();
    try {
      await api.undoRecategorise({ changes });
      own.settled();
      setNotice(`Undone: ${changes.length.toLocaleString()} transaction${changes.length === 1 ? '' : 's'} have their earlier categories again.`);
    } catch (err) {
      own.failed();
      setNotice(`The change was not undone: ${errorMessage(err)} Try again.`);
      setUndo(changes);
    }
    pager.reload();
  }

  const filtered = JSON.stringify(form) !== JSON.stringify(NO_FILTERS) || debouncedSearch.trim() !== '' || drill !== null;

  return (
    <div className="page transactions-page">
      <div className="page-head">
        <h1>Transactions</h1>
        <div className="page-tools">
          <input
            type="search"
            className="search"
            aria-label="Search transactions"
            placeholder="Search transactions"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <button type="button" className="btn" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export CSV'}
          </button>
        </div>
      </div>
      <DrillDownBar drill={drill} />
      <Filters accounts={accounts.data ?? []} categories={categories} value={form} onChange={setForm} />
      <p className="muted count" aria-live="polite">
        {pager.total === null ? 'Loading…' : `${pager.total.toLocaleString()} transaction${pager.total === 1 ? '' : 's'}`}
        {pager.total !== null && !pager.loading && <FilteredTotal totals={pager.totals} />}
        {filtered && pager.total !== null && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setForm(NO_FILTERS);
              setSearch('');
              if (drill) navigate('transactions');
            }}
          >
            Clear filters
          </button>
        )}
      </p>
      {stale && (
        <p className="notice">
          New data arrived from your banks.{' '}
          <button type="button" className="link-button" onClick={refresh}>
            Refresh the list
          </button>
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
          {undo && (
            <button type="button" className="link-button" onClick={() => void undoBulk(undo)}>
              Undo
            </button>
          )}
        </p>
      )}
      <SplitsNeedingAttention onOpen={setOpen} reloadKey={attentionKey} />
      {selection.ids.size > 0 && (
        <BulkBar
          selected={selection.ids}
          total={total}
          filters={filters}
          categories={categories}
          tracker={own}
          onSelectAll={(ids) => selection.set(new Set(ids))}
          onClear={selection.clear}
          onDone={(message, changes) => {
            setNotice(message);
            setUndo(changes);
            selection.clear();
            pager.reload();
          }}
        />
      )}
      {pager.error && <ErrorMessage title="Could not load transactions" message={pager.error} onRetry={pager.retry} />}
      {pager.total === 0 && !pager.loading ? (
        filtered ? (
          <EmptyState title="No transactions match these filters">Try a shorter search or clear the filters.</EmptyState>
        ) : (
          <NoTransactions>Link a bank and sync it to see transactions here.</NoTransactions>
        )
      ) : (
        <div className="tx-table selectable" role="table" aria-label="Transactions" aria-rowcount={total + 1}>
          <div role="rowgroup" className="tx-head">
            <div role="row" aria-rowindex={1} className="tx-row header">
              <span role="columnheader">
                <span className="visually-hidden">Selected</span>
              </span>
              <span role="columnheader">Date</span>
              <span role="columnheader">Description</span>
              <span role="columnheader">Account</span>
              <span role="columnheader">Category</span>
              <span role="columnheader" className="tx-amount">
                Amount
              </span>
            </div>
          </div>
          <div className="tx-scroll" ref={scrollRef} data-testid="transactions-scroll">
            <div role="rowgroup" className="tx-body" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => (
                <TransactionRow
                  key={item.index}
                  tx={rowAt(pages, item.index)}
                  index={item.index}
                  top={item.start}
                  categories={categories}
                  onCategory={changeCategory}
                  onOpen={setOpen}
                  onKey={moveFocus}
                  tabbable={item.index === tabbableIndex}
                  onFocusRow={setActiveIndex}
                  selected={selection.ids.has(rowAt(pages, item.index)?.id ?? '')}
                  onSelect={selectRow}
                />
              ))}
            </div>
          </div>
        </div>
      )}
      {open && (
        <TransactionDialog
          tx={open}
          categories={categories}
          onCategory={changeCategory}
          onClose={() => setOpen(null)}
          onRuleSaved={(updated) => {
            setOpen(null);
            setNotice(`Rule saved. ${updated.toLocaleString()} transaction${updated === 1 ? '' : 's'} re-categorised.`);
            refresh();
          }}
          tracker={own}
          onTransferChanged={(message) => {
            setOpen(null);
            setNotice(message);
            refresh();
          }}
          onSplit={(message) => {
            setOpen(null);
            setNotice(message);
            setAttentionKey((k) => k + 1);
            refresh();
          }}
        />
      )}
    </div>
  );
}

