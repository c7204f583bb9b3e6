import { useState, type ReactNode } from 'react';
import type { ConnectionDTO, ProviderDTO } from '../../../shared/dto';
import { useQuery } from '../api/context';
import { Dialog } from '../components/Dialog';
import { EmptyState } from '../components/feedback';
import { useLinkFlow } from './link-flow';
import { LinkFlowView } from './LinkFlowView';
import { shareLabel, unsharedMessage, unsharedScopes } from './unshared';

/** The bank of a connection, for the link flow (a stand-in when the bank is no longer listed). */
function providerOf(c: ConnectionDTO, providers: ProviderDTO[] | undefined): ProviderDTO {
  return (
    providers?.find((p) => p.id === c.providerId) ?? {
      id: c.providerId,
      name: c.providerName,
      issuer: '',
      color: c.color,
      logoText: c.providerName.slice(0, 2),
      tagline: null,
      scopes: c.scopes,
      custom: false,
      apiBase: '',
      connectedAppsUrl: null,
      redirectSummary: '',
    }
  );
}

/**
 * The empty state of a transaction list: when a linked bank did not share transactions it says so and
 * offers re-authorization to share them; otherwise "No transactions yet" with `children`.
 */
export function NoTransactions({ children }: { children?: ReactNode }) {
  const connections = useQuery((api) => api.listConnections(), 'connections', { reloadOn: ['connections-changed'] });
  const providers = useQuery((api) => api.listProviders(), 'providers');
  const flow = useLinkFlow();
  const [reauthOf, setReauthOf] = useState<ConnectionDTO | null>(null);
  const unshared = (connections.data ?? []).filter((c) => unsharedScopes(c).includes('transactions'));

  function reauthorize(c: ConnectionDTO) {
    setReauthOf(c);
    void flow.start(providerOf(c, providers.data), c.id);
  }
  function close() {
    void flow.cancel();
    setReauthOf(null);
  }

  if (unshared.length === 0) return <EmptyState title="No transactions yet">{children}</EmptyState>;
  return (
    <>
      <EmptyState title="Transactions not shared">
        {unshared.map((c) => (
          <div key={c.id} className="unshared">
            <p>{unsharedMessage(c.providerName, ['transactions'])}</p>
            <button type="button" className="btn primary" onClick={() => reauthorize(c)}>
              {shareLabel(c.providerName, ['transactions'])}
            </button>
          </div>
        ))}
      </EmptyState>
      {flow.state.phase !== 'idle' && reauthOf && (
        <Dialog title={`Re-authorize ${flow.state.provider.name}`} onClose={close}>
          <LinkFlowView
            state={flow.state}
            onCancel={close}
            onRetry={() => reauthorize(reauthOf)}
            onReauthorize={() => reauthorize(reauthOf)}
            finishLabel="Done"
            onFinish={() => {
              flow.reset();
              setReauthOf(null);
              connections.reload();
            }}
          />
        </Dialog>
      )}
    </>
  );
}
