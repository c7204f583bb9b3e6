import { useCallback, useRef, useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import type { LinkStartedDTO, ProviderDTO } from '../../../shared/dto';
import { useApi, useAppEvent } from '../api/context';
import { errorMessage } from '../api/errors';

type LinkFinished = Extract<AppEvent, { type: 'link-finished' }>;
type SyncProgress = Extract<AppEvent, { type: 'sync-progress' }>;

export type LinkFlowState =
  | { phase: 'idle' }
  | { phase: 'starting'; provider: ProviderDTO }
  | { phase: 'waiting'; provider: ProviderDTO; link: LinkStartedDTO }
  | { phase: 'syncing'; provider: ProviderDTO; connectionId: string; restored: boolean; progress: SyncProgress | null }
  | { phase: 'done'; provider: ProviderDTO; connectionId: string; restored: boolean; syncError: string | null }
  | { phase: 'failed'; provider: ProviderDTO; message: string };

/**
 * The core words every outcome (`error`, the single source); this is only for an event without one.
 */
function fallbackMessage(provider: ProviderDTO): string {
  return `${provider.name} did not complete the link. Try again; if it keeps happening, contact ${provider.name}.`;
}

/**
 * Link a bank: startLink → "continue in your browser" → the `link-finished` event → the first sync
 * (driven by `sync-progress` / `sync-finished`). Used for first links and re-authorization alike.
 */
export function useLinkFlow() {
  const api = useApi();
  const [state, setRenderedState] = useState<LinkFlowState>({ phase: 'idle' });
  // events can arrive back to back (one SSE chunk may hold link-finished and sync-finished), so the
  // handler reads the latest state from this ref, updated at once rather than on the next render
  const stateRef = useRef(state);
  const setState = useCallback((next: LinkFlowState) => {
    stateRef.current = next;
    setRenderedState(next);
  }, []);
  // link-finished can, in principle, beat startLink's answer; keep it until we know our linkId
  const earlyFinish = useRef(new Map<string, LinkFinished>());

  const applyFinish = useCallback((provider: ProviderDTO, event: LinkFinished) => {
    if (event.outcome === 'linked' && event.connectionId) {
      setState({ phase: 'syncing', provider, connectionId: event.connectionId, restored: event.restored, progress: null });
    } else if (event.outcome === 'cancelled') {
      setState({ phase: 'idle' });
    } else {
      setState({ phase: 'failed', provider, message: event.error ?? fallbackMessage(provider) });
    }
  }, [setState]);

  useAppEvent((event) => {
    const s = stateRef.current;
    if (event.type === 'link-finished') {
      if (s.phase === 'waiting' && s.link.linkId === event.linkId) applyFinish(s.provider, event);
      else if (s.phase === 'starting') earlyFinish.current.set(event.linkId, event);
    } else if (event.type === 'sync-progress' && s.phase === 'syncing' && s.connectionId === event.connectionId) {
      setState({ ...s, progress: event });
    } else if (event.type === 'sync-finished' && s.phase === 'syncing' && s.connectionId === event.connectionId) {
      setState({
        phase: 'done',
        provider: s.provider,
        connectionId: s.connectionId,
        restored: s.restored,
        syncError: event.outcome === 'error' ? (event.error ?? 'The first sync failed.') : null,
      });
    }
  });

  const start = useCallback(
    async (provider: ProviderDTO, reauthorizeConnectionId?: string) => {
      setState({ phase: 'starting', provider });
      try {
        const link = await api.startLink({ providerId: provider.id, reauthorizeConnectionId });
        const early = earlyFinish.current.get(link.linkId);
        earlyFinish.current.clear();
        if (early) applyFinish(provider, early);
        else setState({ phase: 'waiting', provider, link });
      } catch (err) {
        setState({ phase: 'failed', provider, message: `Could not start linking ${provider.name}: ${errorMessage(err)}` });
      }
    },
    [api, applyFinish, setState],
  );

  const cancel = useCallback(async () => {
    const s = stateRef.current;
    setState({ phase: 'idle' });
    if (s.phase === 'waiting') {
      try {
        await api.cancelLink({ linkId: s.link.linkId });
      } catch {
        // the link may have just finished or expired; nothing is left to cancel
      }
    }
  }, [api, setState]);

  const reset = useCallback(() => setState({ phase: 'idle' }), [setState]);
  return { state, start, cancel, reset };
}
