import { useMemo } from 'react';
import type { AccountDTO, AccountType } from '../../../shared/dto';
import { useQuery } from '../api/context';
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { Money } from '../components/Money';
import { formatDateTime } from '../lib/dates';
import { navigate } from '../lib/router';

export const ACCOUNT_TYPE_LABELS: Record<AccountType, string> = {
  checking: 'Current account',
  savings: 'Savings',
  credit_card: 'Credit card',
  loan: 'Loan',
  other: 'Other',
};

export function Accounts() {
  const q = useQuery((api) => api.listAccounts(), 'accounts', { reloadOn: ['data-changed', 'connections-changed'] });
  const byBank = useMemo(() => {
    const groups = new Map<string, { name: string; accounts: AccountDTO[] }>();
    for (const a of q.data ?? []) {
      const g = groups.get(a.providerId) ?? { name: a.providerName, accounts: [] };
      g.accounts.push(a);
      groups.set(a.providerId, g);
    }
    return [...groups];
  }, [q.data]);

  return (
    <div className="page">
      <h1>Accounts</h1>
      {q.error && !q.data && <ErrorMessage title="Could not load your accounts" message={q.error} onRetry={q.reload} />}
      {!q.data && !q.error && <Skeleton height={240} label="Loading accounts" />}
      {q.data && q.data.length === 0 && (
        <EmptyState title="No accounts yet">
          <button type="button" className="btn primary" onClick={() => navigate('link')}>
            Link a bank
          </button>
        </EmptyState>
      )}
      {byBank.map(([providerId, group]) => (
        <section key={providerId} className="card" aria-labelledby={`acc-${providerId}`}>
          <h2 id={`acc-${providerId}`}>{group.name}</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Type</th>
                <th scope="col">Currency</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col">As of</th>
              </tr>
            </thead>
            <tbody>
              {group.accounts.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.name}
                    {a.mask && <span className="muted"> ··{a.mask}</span>}
                  </td>
                  <td>{ACCOUNT_TYPE_LABELS[a.type]}</td>
                  <td>{a.currency}</td>
                  <td className="num">{a.balanceMinor === null ? <span className="muted">Not available</span> : <Money minor={a.balanceMinor} currency={a.currency} testId={`balance-${a.id}`} />}</td>
                  <td className="muted">{a.balanceAt ? formatDateTime(a.balanceAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
