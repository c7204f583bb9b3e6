import { useState } from 'react';
import type { ProviderDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { useAction } from '../lib/use-action';
import { Dialog } from '../components/Dialog';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { navigate } from '../lib/router';
import { AddBankForm } from './AddBankForm';
import { useLinkFlow } from './link-flow';
import { LinkFlowView } from './LinkFlowView';
import { DesktopOnlyNote, desktopOnlyNoteId } from './DesktopOnlyNote';

function RemoveBankDialog({ provider, onClose, onRemoved }: { provider: ProviderDTO; onClose: () => void; onRemoved: () => void }) {
  const api = useApi();
  const { busy, error, run } = useAction();
  function remove() {
    return run(
      async () => {
        await api.removeProvider({ providerId: provider.id });
        onRemoved();
      },
      (message) => `${provider.name} was not removed: ${message}`,
    );
  }
  return (
    <Dialog title={`Remove ${provider.name}?`} onClose={onClose}>
      <p>
        MyBucks will forget {provider.name} ({provider.issuer}). You can add it again by its address at any time.
      </p>
      <FormError message={error} />
      <div className="row">
        <button type="button" className="btn danger" onClick={() => void remove()} disabled={busy}>
          {busy ? 'Removing…' : 'Remove'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

/** Bank picker and the link flow that follows a pick. */
export function LinkPage({ onLinked }: { onLinked: () => void }) {
  const providers = useQuery((api) => api.listProviders(), 'providers');
  const info = useQuery((api) => api.getAppInfo(), 'app-info');
  const inBrowser = info.data?.mode === 'browser';
  const [removing, setRemoving] = useState<ProviderDTO | null>(null);
  const flow = useLinkFlow();

  function linkNow(provider: ProviderDTO) {
    providers.reload();
    void flow.start(provider);
  }

  if (flow.state.phase !== 'idle') {
    const provider = flow.state.provider;
    return (
      <div className="page narrow">
        <h1>Link {provider.name}</h1>
        <LinkFlowView
          state={flow.state}
          onCancel={() => void flow.cancel()}
          onRetry={() => void flow.start(provider)}
          onReauthorize={(connectionId) => void flow.start(provider, connectionId)}
          onFinish={() => {
            flow.reset();
            onLinked();
            navigate('dashboard');
          }}
        />
      </div>
    );
  }

  return (
    <div className="page narrow">
      <h1>Link a bank</h1>
      <p className="lead">
        Pick your bank. You will sign in on the bank's own website, in your browser, and choose what MyBucks may read.
      </p>
      {providers.error && <ErrorMessage title="Could not load the list of banks" message={providers.error} onRetry={providers.reload} />}
      <ul className="bank-grid" aria-label="Banks">
        {providers.loading && !providers.data
          ? [0, 1, 2].map((i) => (
              <li key={i}>
                <Skeleton height={96} />
              </li>
            ))
          : providers.data?.map((p) => (
              <li key={p.id} className="bank-item">
                <button
                  type="button"
                  className="bank-tile"
                  aria-label={`Link ${p.name}`}
                  onClick={() => void flow.start(p)}
                  disabled={inBrowser && p.desktopOnly}
                  aria-describedby={inBrowser && p.desktopOnly ? desktopOnlyNoteId(p) : undefined}
                >
                  <span className="bank-logo" style={{ background: p.color }} aria-hidden="true">
                    {p.logoText}
                  </span>
                  <span className="bank-name">{p.name}</span>
                  {p.tagline && <span className="bank-tagline">{p.tagline}</span>}
                </button>
                {inBrowser && p.desktopOnly && <DesktopOnlyNote provider={p} />}
                {p.custom && (
                  <button type="button" className="btn bank-remove" aria-label={`Remove ${p.name}`} onClick={() => setRemoving(p)}>
                    Remove
                  </button>
                )}
              </li>
            ))}
      </ul>
      <AddBankForm providers={providers.data ?? []} onLink={linkNow} />
      {removing && (
        <RemoveBankDialog
          provider={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setRemoving(null);
            providers.reload();
          }}
        />
      )}
    </div>
  );
}
