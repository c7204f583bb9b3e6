import { useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import { useAppEvent } from '../api/context';

type Progress = Extract<AppEvent, { type: 'sync-progress' }>;

/** A quiet "Syncing…" note in the top bar while any connection syncs. */
export function SyncIndicator() {
  const [running, setRunning] = useState<Record<string, Progress>>({});
  useAppEvent((e) => {
    if (e.type === 'sync-progress') setRunning((r) => ({ ...r, [e.connectionId]: e }));
    if (e.type === 'sync-finished') {
      setRunning((r) => {
        const next = { ...r };
        delete next[e.connectionId];
        return next;
      });
    }
  });
  const list = Object.values(running);
  const transactions = list.reduce((n, p) => n + p.transactions, 0);
  return (
    <span className="sync-indicator" role="status" aria-live="polite">
      {list.length > 0 && (
        <>
          <span className="spinner" aria-hidden="true" />
          Syncing {list.length === 1 ? (list[0].accountName ?? 'your bank') : `${list.length} banks`}… {transactions.toLocaleString()} transactions
        </>
      )}
    </span>
  );
}
