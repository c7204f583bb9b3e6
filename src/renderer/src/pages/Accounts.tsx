import { useEffect, useMemo, useState } from 'react';
import type { AccountDTO, AccountType } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { EmptyState, ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { useAction } from '../lib/use-action';
import { Money } from '../components/Money';
import { formatDateTime } from '../lib/dates';
import { totalsByCurrency } from '../lib/money';
import { navigate } from '../lib/router';
import { accountHref } from './account-route';
import { AddManualAccountDialog, EditAccountDialog, GROUPS, UpdateBalanceDialog, accountName } from './account-forms';

export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  checking: 'Current account',
  savings: 'Savings',
  credit_card: 'Credit card',
  loan: 'Loan',
  other: 'Other',
};

/** When the account's whole history was last compared with the bank's, and what that found. */
function Verified({ a }: { a: AccountDTO }) {
  if (a.manual) return <span className="muted">Valued by hand</span>;
  if (!a.lastVerifiedAt || !a.verification) return <span className="muted">Not yet</span>;
  return (
    <span title={a.verification.summary}>
      <span className={a.verification.matched ? 'status status-ok' : 'status status-warn'}>{a.verification.matched ? 'Matched' : 'Repaired'}</span>{' '}
      {formatDateTime(a.lastVerifiedAt)}
      <span className="visually-hidden">. {a.verification.summary}</span>
    </span>
  );
}

function VerifyButton({ bankName, connectionIds }: { bankName: string; connectionIds: string[] }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  function verify() {
    return run(
      async () => {
        for (const connectionId of connectionIds) await api.verifyNow({ connectionId });
      },
      (message) => `The check against ${bankName} did not start: ${message}`,
    );
  }
  return (
    <>
      <button type="button" className="btn" onClick={() => void verify()} disabled={busy}>
        Check against {bankName} now
      </button>
      <FormError message={error} />
    </>
  );
}

type Open = { kind: 'edit' | 'balance'; account: AccountDTO } | { kind: 'add' } | null;

function Subtotals({ accounts }: { accounts: AccountDTO[] }) {
  const totals = totalsByCurrency(accounts.filter((a) => a.balanceMinor !== null).map((a) => ({ currency: a.currency, minor: a.balanceMinor! })));
  if (!totals.length) return null;
  return (
    <p className="account-subtotals">
      Subtotal{' '}
      {totals.map((t, i) => (
        <span key={t.currency}>
          {i > 0 && ' · '}
          <Money minor={t.minor} currency={t.currency} />
        </span>
      ))}
    </p>
  );
}

export function Accounts() {
  const api = useApi();
  const q = useQuery((api) => api.listAccounts(), 'accounts', { reloadOn: ['data-changed', 'connections-changed'] });
  const [open, setOpen] = useState<Open>(null);
  const move = useAction();
  // after a move, the moved account's button keeps the keyboard focus
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  const accounts = useMemo(() => q.data ?? [], [q.data]);

  const groups = useMemo(
    () => GROUPS.map((g) => ({ ...g, accounts: accounts.filter((a) => a.group === g.id) })).filter((g) => g.accounts.length > 0),
    [accounts],
  );
  const banks = useMemo(() => {
    const byBank = new Map<string, { name: string; connectionIds: Set<string> }>();
    for (const a of accounts) {
      if (a.manual) continue;
      const b = byBank.get(a.providerId) ?? { name: a.providerName, connectionIds: new Set<string>() };
      b.connectionIds.add(a.connectionId);
      byBank.set(a.providerId, b);
    }
    return [...byBank];
  }, [accounts]);
  const defaultCurrency = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of accounts) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'GBP';
  }, [accounts]);

  useEffect(() => {
    if (!focusAfterMove) return;
    const el = document.getElementById(focusAfterMove) as HTMLButtonElement | null;
    if (el && !el.disabled) el.focus();
    else document.getElementById(focusAfterMove.replace(/-(up|down)$/, (_, d: string) => (d === 'up' ? '-down' : '-up')))?.focus();
  }, [focusAfterMove, q.data]);

  /** Swaps the account with its neighbour in the same group, keeping everything else in place. */
  function moveAccount(a: AccountDTO, siblings: AccountDTO[], dir: -1 | 1) {
    const neighbour = siblings[siblings.indexOf(a) + dir];
    if (!neighbour) return;
    const ids = accounts.map((x) => x.id);
    const i = ids.indexOf(a.id);
    const j = ids.indexOf(neighbour.id);
    [ids[i], ids[j]] = [ids[j], ids[i]];
    void move.run(
      async () => {
        await api.reorderAccounts({ accountIds: ids });
        setFocusAfterMove(`move-${a.id}-${dir === -1 ? 'up' : 'down'}`);
        q.reload();
      },
      (message) => `${accountName(a)} was not moved: ${message}`,
    );
  }

  const done = () => {
    setOpen(null);
    q.reload();
  };

  return (
    <div className="page">
      <div className="row spread">
        <h1>Accounts</h1>
        <div className="row">
          {/* Import (issue 12) */}
          <a className="btn" href="#/import">
            Import a statement file
          </a>
          <button type="button" className="btn primary" onClick={() => setOpen({ kind: 'add' })}>
            Add a manual account
          </button>
        </div>
      </div>
      {q.error && !q.data && <ErrorMessage title="Could not load your accounts" message={q.error} onRetry={q.reload} />}
      {!q.data && !q.error && <Skeleton height={240} label="Loading accounts" />}
      {q.data && q.data.length === 0 && (
        <EmptyState title="No accounts yet">
          <button type="button" className="btn primary" onClick={() => navigate('link')}>
            Link a bank
          </button>
        </EmptyState>
      )}
      {q.data && q.data.length > 0 && (
        <p className="muted">
          Hidden accounts are left out of the dashboard's list of balances but still count in its totals and in net worth. Subtotals include
          hidden and closed accounts.
        </p>
      )}
      <FormError message={move.error} />
      {groups.map((group) => (
        <section key={group.id} className="card" aria-labelledby={`group-${group.id}`}>
          <div className="row spread">
            <h2 id={`group-${group.id}`}>{group.label}</h2>
            <Subtotals accounts={group.accounts} />
          </div>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Bank</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col">As of</th>
                <th scope="col">Last verified</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {group.accounts.map((a, i) => (
                <tr key={a.id} className={a.closedAt ? 'account-closed' : undefined}>
                  <td>
                    <a href={accountHref(a.id)}>{accountName(a)}</a>
                    {a.mask && <span className="muted"> ··{a.mask}</span>}
                    {a.hidden && <span className="badge">Hidden</span>}
                    {a.closedAt && <span className="badge">Closed</span>}
                  </td>
                  <td>{a.manual ? <span className="muted">Manual</span> : a.providerName}</td>
                  <td className="num">
                    {a.balanceMinor === null ? <span className="muted">Not available</span> : <Money minor={a.balanceMinor} currency={a.currency} testId={`balance-${a.id}`} />}
                  </td>
                  <td className="muted">{a.balanceAt ? formatDateTime(a.balanceAt) : '—'}</td>
                  <td>
                    <Verified a={a} />
                  </td>
                  <td>
                    <div className="row account-actions">
                      <button
                        type="button"
                        className="btn icon"
                        id={`move-${a.id}-up`}
                        aria-label={`Move ${accountName(a)} up`}
                        disabled={i === 0 || move.busy}
                        onClick={() => moveAccount(a, group.accounts, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="btn icon"
                        id={`move-${a.id}-down`}
                        aria-label={`Move ${accountName(a)} down`}
                        disabled={i === group.accounts.length - 1 || move.busy}
                        onClick={() => moveAccount(a, group.accounts, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="btn" aria-label={`Edit ${accountName(a)}`} onClick={() => setOpen({ kind: 'edit', account: a })}>
                        Edit
                      </button>
                      {a.manual && (
                        <button
                          type="button"
                          className="btn"
                          aria-label={`Update the balance of ${accountName(a)}`}
                          onClick={() => setOpen({ kind: 'balance', account: a })}
                        >
                          Update balance
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {banks.length > 0 && (
        <section className="card" aria-labelledby="bank-checks">
          <h2 id="bank-checks">Checks against your banks</h2>
          <p className="muted">
            Once a week MyBucks re-reads each account's whole history and compares it with the bank's, to catch corrections to old transactions.
          </p>
          <ul className="plain-list">
            {banks.map(([providerId, b]) => (
              <li key={providerId} className="row spread" aria-label={b.name}>
                <span>{b.name}</span>
                <span>
                  <VerifyButton bankName={b.name} connectionIds={[...b.connectionIds]} />
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {open?.kind === 'add' && <AddManualAccountDialog defaultCurrency={defaultCurrency} onClose={() => setOpen(null)} onSaved={done} />}
      {open?.kind === 'edit' && <EditAccountDialog account={open.account} onClose={() => setOpen(null)} onSaved={done} />}
      {open?.kind === 'balance' && <UpdateBalanceDialog account={open.account} onClose={() => setOpen(null)} onSaved={done} />}
    </div>
  );
}
