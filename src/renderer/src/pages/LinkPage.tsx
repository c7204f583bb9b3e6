import { useState, type FormEvent } from 'react';
import type { ProviderDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { useAction } from '../lib/use-action';
import { ErrorMessage, Skeleton } from '../components/feedback';
import { navigate } from '../lib/router';
import { useLinkFlow } from './link-flow';
import { LinkFlowView } from './LinkFlowView';

function AddByIssuer({ onAdded }: { onAdded: (p: ProviderDTO) => void }) {
  const api = useApi();
  const [issuer, setIssuer] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        const provider = await api.addProvider({ issuer: issuer.trim(), displayName: name.trim() || undefined });
        setIssuer('');
        setName('');
        onAdded(provider);
      },
      (message) => `${message} Check the address (it should be the bank's OpenID issuer, e.g. https://bank.example/) and try again.`,
    );
  }

  return (
    <details className="add-issuer">
      <summary>Add a bank by issuer URL</summary>
      <form onSubmit={submit}>
        <label>
          Issuer URL
          <input type="url" required value={issuer} onChange={(e) => setIssuer(e.target.value)} placeholder="https://bank.example/" />
        </label>
        <label>
          Display name (optional)
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={busy}>
          {busy ? 'Adding…' : 'Add bank'}
        </button>
        {error && <p role="alert" className="error-text">{error}</p>}
      </form>
    </details>
  );
}

/** Bank picker and the link flow that follows a pick. */
export function LinkPage({ onLinked }: { onLinked: () => void }) {
  const providers = useQuery((api) => api.listProviders(), 'providers');
  const [added, setAdded] = useState<ProviderDTO[]>([]);
  const flow = useLinkFlow();
  const all = [...(providers.data ?? []), ...added.filter((a) => !providers.data?.some((p) => p.id === a.id))];

  if (flow.state.phase !== 'idle') {
    const provider = flow.state.provider;
    return (
      <div className="page narrow">
        <h1>Link {provider.name}</h1>
        <LinkFlowView
          state={flow.state}
          onCancel={() => void flow.cancel()}
          onRetry={() => void flow.start(provider)}
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
          : all.map((p) => (
              <li key={p.id}>
                <button type="button" className="bank-tile" aria-label={`Link ${p.name}`} onClick={() => void flow.start(p)}>
                  <span className="bank-logo" style={{ background: p.color }} aria-hidden="true">
                    {p.logoText}
                  </span>
                  <span className="bank-name">{p.name}</span>
                  {p.tagline && <span className="bank-tagline">{p.tagline}</span>}
                </button>
              </li>
            ))}
      </ul>
      <AddByIssuer onAdded={(p) => setAdded((list) => [...list, p])} />
    </div>
  );
}
