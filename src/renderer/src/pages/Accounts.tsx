import { useMemo } from 'react';
import type { AccountDTO, AccountType } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { EmptyState, ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { useAction } from '../lib/use-action';
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

/** When the account's whole history was last compared with the bank's, and what that found. */
function Verified({ a }: { a: AccountDTO }) {
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

export function Accounts() {
  const q = useQuery((api) => api.listAccounts(), 'accounts', { reloadOn: ['data-changed', 'connections-changed'] });
  const byBank = useMemo(() => {
    const groups = new Map<string, { name: string; accounts: AccountDTO[]; connectionIds: Set<string> }>();
    for (const a of q.data ?? []) {
      const g = groups.get(a.providerId) ?? { name: a.providerName, accounts: [], connectionIds: new Set<string>() };
      g.accounts.push(a);
      g.connectionIds.add(a.connectionId);
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
          <div className="row spread">
            <h2 id={`acc-${providerId}`}>{group.name}</h2>
            <VerifyButton bankName={group.name} connectionIds={[...group.connectionIds]} />
          </div>
          <p className="muted">
            Once a week MyBucks re-reads each account's whole history and compares it with {group.name}'s, to catch corrections to old
            transactions.
          </p>
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
                <th scope="col">Last verified</th>
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
                  <td>
                    <Verified a={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
