import { useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import type { ConnectionDTO, ProviderDTO } from '../../../shared/dto';
import { useApi, useAppEvent, useQuery } from '../api/context';
import { useAction } from '../lib/use-action';
import { Dialog } from '../components/Dialog';
import { EmptyState, ErrorMessage, Skeleton } from '../components/feedback';
import { EXPIRY_WARNING_DAYS, daysInWords } from '../lib/consent';
import { daysUntil, formatDateTime } from '../lib/dates';
import { navigate } from '../lib/router';
import { useLinkFlow } from './link-flow';
import { LinkFlowView } from './LinkFlowView';


const SCOPE_WORDS: Record<string, string> = {
  accounts: 'See your account names and types (not account numbers)',
  balances: 'See your account balances',
  transactions: 'See your transaction history',
  offline_access: 'Keep syncing while you are not using MyBucks, until you disconnect or the access expires',
  profile: 'See your name',
};

export function permissionWords(scopes: string[]): string[] {
  return scopes.filter((s) => s !== 'openid').map((s) => SCOPE_WORDS[s] ?? `Permission “${s}”`);
}

type Progress = Extract<AppEvent, { type: 'sync-progress' }>;

function StatusBadge({ c, progress }: { c: ConnectionDTO; progress: Progress | undefined }) {
  if (c.status === 'syncing' || progress) {
    return <span className="status status-syncing">Syncing{progress ? ` — ${progress.transactions.toLocaleString()} transactions` : '…'}</span>;
  }
  switch (c.status) {
    case 'ok':
      return <span className="status status-ok">Connected</span>;
    case 'needs_reauth':
      return <span className="status status-warn">Needs re-authorization</span>;
    case 'error':
      return <span className="status status-error">Error</span>;
  }
}

function ExpiryNotice({ c }: { c: ConnectionDTO }) {
  if (!c.consentExpiresAt) return null;
  const days = daysUntil(c.consentExpiresAt);
  const when = formatDateTime(c.consentExpiresAt);
  if (days < 0) return <p className="warning" role="alert">Access expired on {when}. Re-authorize to keep syncing.</p>;
  if (days <= EXPIRY_WARNING_DAYS) {
    return (
      <p className="warning" role="alert">
        Access expires in {daysInWords(days)} ({when}). Re-authorize to keep syncing.
      </p>
    );
  }
  return <p className="muted">Access granted until {when}.</p>;
}

function DisconnectDialog({ c, onClose, onDone }: { c: ConnectionDTO; onClose: () => void; onDone: () => void }) {
  const api = useApi();
  const [keepData, setKeepData] = useState(true);
  const { busy, error, run } = useAction();
  function confirm() {
    return run(
      async () => {
        await api.disconnect({ connectionId: c.id, keepData });
        onDone();
      },
      (message) => `${c.providerName} was not disconnected: ${message}`,
    );
  }
  return (
    <Dialog title={`Disconnect ${c.providerName}?`} onClose={onClose}>
      <p>MyBucks will stop syncing and ask {c.providerName} to revoke its access.</p>
      <fieldset>
        <legend>What should happen to the data already downloaded?</legend>
        <label className="checkbox">
          <input type="radio" name="keep" checked={keepData} onChange={() => setKeepData(true)} />
          Keep accounts and transactions in MyBucks
        </label>
        <label className="checkbox">
          <input type="radio" name="keep" checked={!keepData} onChange={() => setKeepData(false)} />
          Delete this bank's accounts and transactions
        </label>
      </fieldset>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn danger" onClick={() => void confirm()} disabled={busy}>
          {busy ? 'Disconnecting…' : 'Disconnect'}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

function ConnectionCard({
  c,
  progress,
  onReauthorize,
  onDisconnect,
}: {
  c: ConnectionDTO;
  progress: Progress | undefined;
  onReauthorize: () => void;
  onDisconnect: () => void;
}) {
  const api = useApi();
  const { error, run } = useAction();
  const headingId = `conn-${c.id}`;
  function syncNow() {
    return run(() => api.syncNow({ connectionId: c.id }), (message) => `Sync did not start: ${message}`);
  }
  const syncing = c.status === 'syncing' || progress !== undefined;
  return (
    <section className="card connection" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>
          <span className="dot" style={{ background: c.color }} aria-hidden="true" />
          {c.providerName}
        </h2>
        <StatusBadge c={c} progress={progress} />
      </header>
      <p>
        Signed in as <strong>{c.identity?.name ?? c.identity?.sub ?? 'unknown'}</strong> · {c.accountCount} account{c.accountCount === 1 ? '' : 's'}
      </p>
      {(c.status === 'needs_reauth' || c.status === 'error') && c.statusReason && (
        <p className={c.status === 'error' ? 'error-text' : 'warning'}>
          {c.statusReason}
          {c.status === 'needs_reauth' ? ' Re-authorize to sign in at the bank again; your data is kept.' : ''}
        </p>
      )}
      <div>
        <h3 className="small-heading">MyBucks may</h3>
        <ul className="permissions">
          {permissionWords(c.scopes).map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      </div>
      <p className="muted">Last synced: {c.lastSyncAt ? formatDateTime(c.lastSyncAt) : 'never'}</p>
      <ExpiryNotice c={c} />
      {progress && <progress aria-label={`Sync progress for ${c.providerName}`} max={1} value={progress.accountsTotal ? progress.accountsDone / progress.accountsTotal : undefined} />}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn" onClick={() => void syncNow()} disabled={syncing || c.status === 'needs_reauth'}>
          Sync now
        </button>
        <button type="button" className={`btn ${c.status === 'needs_reauth' ? 'primary' : ''}`} onClick={onReauthorize}>
          Re-authorize
        </button>
        <button type="button" className="btn danger-outline" onClick={onDisconnect}>
          Disconnect
        </button>
      </div>
    </section>
  );
}

export function Connections() {
  const q = useQuery((api) => api.listConnections(), 'connections', { reloadOn: ['connections-changed'] });
  const providers = useQuery((api) => api.listProviders(), 'providers');
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [disconnecting, setDisconnecting] = useState<ConnectionDTO | null>(null);
  const flow = useLinkFlow();
  const [reauthOf, setReauthOf] = useState<ConnectionDTO | null>(null);

  useAppEvent((e) => {
    if (e.type === 'sync-progress') setProgress((p) => ({ ...p, [e.connectionId]: e }));
    if (e.type === 'sync-finished') {
      setProgress((p) => {
        const next = { ...p };
        delete next[e.connectionId];
        return next;
      });
      q.reload();
    }
  });

  function reauthorize(c: ConnectionDTO) {
    const provider: ProviderDTO = providers.data?.find((p) => p.id === c.providerId) ?? {
      id: c.providerId,
      name: c.providerName,
      issuer: '',
      color: c.color,
      logoText: c.providerName.slice(0, 2),
      tagline: null,
      scopes: c.scopes,
      custom: false,
    };
    setReauthOf(c);
    void flow.start(provider, c.id);
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Connections</h1>
        <button type="button" className="btn primary" onClick={() => navigate('link')}>
          Link a bank
        </button>
      </div>
      {q.error && !q.data && <ErrorMessage title="Could not load your connections" message={q.error} onRetry={q.reload} />}
      {!q.data && !q.error && <Skeleton height={240} label="Loading connections" />}
      {q.data && q.data.length === 0 && <EmptyState title="No banks linked yet">Use “Link a bank” to add your first one.</EmptyState>}
      <div className="connections-grid">
        {q.data?.map((c) => (
          <ConnectionCard key={c.id} c={c} progress={progress[c.id]} onReauthorize={() => reauthorize(c)} onDisconnect={() => setDisconnecting(c)} />
        ))}
      </div>
      {disconnecting && (
        <DisconnectDialog
          c={disconnecting}
          onClose={() => setDisconnecting(null)}
          onDone={() => {
            setDisconnecting(null);
            q.reload();
          }}
        />
      )}
      {flow.state.phase !== 'idle' && reauthOf && (
        <Dialog
          title={`Re-authorize ${flow.state.provider.name}`}
          onClose={() => {
            void flow.cancel();
            setReauthOf(null);
          }}
        >
          <LinkFlowView
            state={flow.state}
            onCancel={() => {
              void flow.cancel();
              setReauthOf(null);
            }}
            onRetry={() => reauthorize(reauthOf)}
            finishLabel="Done"
            onFinish={() => {
              flow.reset();
              setReauthOf(null);
              q.reload();
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
