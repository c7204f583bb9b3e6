import { useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import { useApi, useAppEvent } from '../api/context';
import { pairedTransfersText } from './PairedTransfers';

type Progress = Extract<AppEvent, { type: 'sync-progress' }>;

/**
 * A quiet "Syncing…" note in the top bar while any connection syncs; afterwards, the transfers between the user's
 * accounts the sync paired (until the next sync starts).
 */
export function SyncIndicator() {
  const api = useApi();
  const [running, setRunning] = useState<Record<string, Progress>>({});
  const [paired, setPaired] = useState(0);
  useAppEvent((e) => {
    if (e.type === 'sync-progress') {
      setRunning((r) => ({ ...r, [e.connectionId]: e }));
      setPaired(0);
    }
    if (e.type === 'sync-finished') {
      setRunning((r) => {
        const next = { ...r };
        delete next[e.connectionId];
        return next;
      });
      if (e.outcome === 'ok') {
        api
          .listSyncRuns({ connectionId: e.connectionId, limit: 1 })
          .then((runs) => setPaired((n) => n + (runs[0]?.transfersPaired ?? 0)))
          // the note is extra: without the run, the indicator just goes quiet as it always did
          .catch(() => undefined);
      }
    }
  });
  const list = Object.values(running);
  const transactions = list.reduce((n, p) => n + p.transactions, 0);
  const pairedText = pairedTransfersText(paired);
  return (
    <span className="sync-indicator" role="status" aria-live="polite">
      {list.length > 0 ? (
        <>
          <span className="spinner" aria-hidden="true" />
          Syncing {list.length === 1 ? (list[0].accountName ?? 'your bank') : `${list.length} banks`}… {transactions.toLocaleString()} transactions
        </>
      ) : (
        pairedText && `Synced. ${pairedText}`
      )}
    </span>
  );
}
