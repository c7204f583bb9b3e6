/** One account: its balance history and its transactions with the balance after each. */
import { useEffect, useState } from 'react';
import type { AccountDTO, TransactionDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { errorMessage } from '../api/errors';
import { BalanceHistoryChart } from '../charts/BalanceHistoryChart';
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { RangeControl } from '../components/RangeControl';
import { formatDateTime, formatDay, presetRange, type DateRange } from '../lib/dates';
import { useAccountIdFromHash } from './account-route';
import { EditAccountDialog, GROUPS, UpdateBalanceDialog, accountName } from './account-forms';

const PAGE = 100;

function History({ account, range }: { account: AccountDTO; range: DateRange }) {
  const q = useQuery((api) => api.accountHistory({ accountId: account.id, from: range.from, to: range.to }), `history:${account.id}:${range.from}:${range.to}`, {
    reloadOn: ['data-changed'],
  });
  if (q.error && !q.data) return <ErrorMessage title={`Could not load the balance history of ${accountName(account)}`} message={q.error} onRetry={q.reload} />;
  if (!q.data) return <Skeleton height={220} label="Loading the balance history" />;
  if (q.data.points.length === 0) {
    return (
      <EmptyState title="No balances in this period">
        <p className="muted">MyBucks has no balance of {accountName(account)} between {formatDay(range.from)} and {formatDay(range.to)}. Choose a longer period.</p>
      </EmptyState>
    );
  }
  return <BalanceHistoryChart history={q.data} name={accountName(account)} />;
}

/** The account's transactions, newest first, a page at a time; the main process adds the running balance. */
function AccountTransactions({ account, range }: { account: AccountDTO; range: DateRange }) {
  const api = useApi();
  const [rows, setRows] = useState<TransactionDTO[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.listTransactions({ accountIds: [account.id], from: range.from, to: range.to, limit: PAGE }).then(
      (page) => {
        if (!current) return;
        setRows(page.rows);
        setCursor(page.nextCursor);
        setTotal(page.total);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, account.id, account.balanceMinor, range.from, range.to, attempt]);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.listTransactions({ accountIds: [account.id], from: range.from, to: range.to, limit: PAGE, cursor });
      setRows((r) => [...r, ...page.rows]);
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  if (error && rows.length === 0) {
    return <ErrorMessage title={`Could not load the transactions of ${accountName(account)}`} message={error} onRetry={() => setAttempt((n) => n + 1)} />;
  }
  if (total === null) return <Skeleton height={240} label="Loading transactions" />;
  if (total === 0) {
    return (
      <EmptyState title="No transactions in this period">
        <p className="muted">
          {account.manual
            ? `No transactions between ${formatDay(range.from)} and ${formatDay(range.to)}. A manual account’s balance is what you enter with “Update balance”; to add its transactions, import the statement file from your bank.`
            : `${account.providerName} sent no transactions for ${accountName(account)} between ${formatDay(range.from)} and ${formatDay(range.to)}.`}
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <table className="data-table" aria-label={`Transactions of ${accountName(account)}`}>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Description</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Balance
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td>{formatDay(t.bookingDate)}</td>
              <td>
                {t.merchant ?? t.description}
                {t.status === 'pending' && <span className="badge">Pending</span>}
              </td>
              <td>{t.categoryName ?? <span className="muted">Uncategorised</span>}</td>
              <td className="num">
                <Money minor={t.amountMinor} currency={t.currency} />
              </td>
              <td className="num">
                {t.runningBalanceMinor === null ? (
                  <span className="muted" title="Pending: not in the balance yet">
                    —
                  </span>
                ) : (
                  <Money minor={t.runningBalanceMinor} currency={account.currency} testId={`running-${t.id}`} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" aria-live="polite">
        Showing {rows.length.toLocaleString()} of {total.toLocaleString()} transactions.
      </p>
      {error && <ErrorMessage title="Could not load more transactions" message={error} />}
      {cursor && (
        <button type="button" className="btn" disabled={loading} onClick={() => void more()}>
          Show more transactions
        </button>
      )}
    </>
  );
}

export function AccountPage() {
  const accountId = useAccountIdFromHash();
  const q = useQuery((api) => api.listAccounts(), 'accounts', { reloadOn: ['data-changed', 'connections-changed'] });
  const [range, setRange] = useState<DateRange>(() => presetRange('12m'));
  const [open, setOpen] = useState<'edit' | 'balance' | null>(null);
  const account = q.data?.find((a) => a.id === accountId);

  if (q.error && !q.data) return <ErrorMessage title="Could not load the account" message={q.error} onRetry={q.reload} />;
  if (!q.data) return <Skeleton height={480} label="Loading the account" />;
  if (!account) {
    return (
      <div className="page">
        <h1>Account not found</h1>
        <EmptyState title="This account is not in MyBucks any more">
          <p className="muted">It may have been deleted with its bank connection. Go back to your accounts to pick another.</p>
          <a className="btn" href="#/accounts">
            Back to accounts
          </a>
        </EmptyState>
      </div>
    );
  }
  const done = () => {
    setOpen(null);
    q.reload();
  };
  const group = GROUPS.find((g) => g.id === account.group)?.label ?? account.group;
  return (
    <div className="page">
      <p>
        <a href="#/accounts">← All accounts</a>
      </p>
      <div className="row spread">
        <div>
          <h1>{accountName(account)}</h1>
          <p className="muted">
            {account.manual ? 'Manual account' : account.providerName} · {group}
            {account.mask && ` · ··${account.mask}`}
            {account.hidden && ' · Hidden from the dashboard'}
            {account.closedAt && ` · Closed ${formatDateTime(account.closedAt)}`}
          </p>
        </div>
        <div className="row">
          {account.balanceMinor !== null && <Money minor={account.balanceMinor} currency={account.currency} className="big-number" testId="account-balance" />}
          <button type="button" className="btn" onClick={() => setOpen('edit')}>
            Edit
          </button>
          {/* Import (issue 12) */}
          <a className="btn" href={`#/import?account=${encodeURIComponent(account.id)}`}>
            Import a file
          </a>
          {account.manual && (
            <button type="button" className="btn primary" onClick={() => setOpen('balance')}>
              Update balance
            </button>
          )}
        </div>
      </div>
      <RangeControl value={range} onChange={setRange} />
      <section className="card" aria-labelledby="account-history">
        <h2 id="account-history">Balance over time</h2>
        <History account={account} range={range} />
      </section>
      <section className="card" aria-labelledby="account-transactions">
        <h2 id="account-transactions">Transactions</h2>
        <AccountTransactions account={account} range={range} />
      </section>
      {open === 'edit' && <EditAccountDialog account={account} onClose={() => setOpen(null)} onSaved={done} />}
      {open === 'balance' && <UpdateBalanceDialog account={account} onClose={() => setOpen(null)} onSaved={done} />}
    </div>
  );
}
