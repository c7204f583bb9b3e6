import { useEffect, useState } from 'react';
import { useApi } from '../api/context';

/** What a finished sync paired, for the sync indicator and the connection cards; null when it paired none. */
export function pairedTransfersText(n: number): string | null {
  if (n <= 0) return null;
  return `Paired ${n.toLocaleString()} transfer${n === 1 ? '' : 's'} between your accounts.`;
}

/** The transfers a connection's latest sync run paired (a finished sync only; nothing when none). */
export function useLastRunPaired(connectionId: string | null, key: unknown): number {
  const api = useApi();
  const [paired, setPaired] = useState(0);
  useEffect(() => {
    if (!connectionId) return;
    let live = true;
    api
      .listSyncRuns({ connectionId, limit: 1 })
      .then((runs) => live && setPaired(runs[0] && runs[0].outcome === 'ok' ? runs[0].transfersPaired : 0))
      // the note is extra: without the run, the card shows what it always did
      .catch(() => live && setPaired(0));
    return () => {
      live = false;
    };
  }, [api, connectionId, key]);
  return paired;
}

/** On a connection card: "Paired N transfers between your accounts." after the last sync, when it paired any. */
export function LastSyncTransfers({ connectionId, lastSyncAt }: { connectionId: string; lastSyncAt: string | null }) {
  const text = pairedTransfersText(useLastRunPaired(lastSyncAt ? connectionId : null, lastSyncAt));
  return text ? <p className="muted">Last sync: {text}</p> : null;
}
