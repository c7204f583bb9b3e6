import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { AppEvent } from '../../../shared/contract';
import type { ConnectionDTO, DisconnectResultDTO, ProviderDTO } from '../../../shared/dto';
import { useApi, useAppEvent, useQuery } from '../api/context';
import { useAction } from '../lib/use-action';
import { Dialog, DialogFormFooter } from '../components/Dialog';
import { EmptyState, ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { EXPIRY_WARNING_DAYS, daysInWords } from '../lib/consent';
import { daysUntil, formatDateTime } from '../lib/dates';
import { navigate } from '../lib/router';
import { useLinkFlow } from './link-flow';
import { LinkFlowView } from './LinkFlowView';
import { LastSyncTransfers } from '../components/PairedTransfers';

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
type Suggestion = NonNullable<ConnectionDTO['suggestedAction']>;

/** What the user can do about the connection's status (a connection that needs re-authorization always suggests it). */
function suggestionFor(c: ConnectionDTO): Suggestion | null {
  return c.suggestedAction ?? (c.status === 'needs_reauth' ? 'reauthorize' : null);
}

const SUGGESTION_WORDS: Record<Suggestion, string> = {
  reauthorize: 'Re-authorize to sign in at the bank again; your data is kept.',
  change_api_base: 'Use “Change API address” to correct where MyBucks reads your accounts at this bank.',
  sync_again: 'Use “Sync now” to try again.',
};

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

function DisconnectDialog({ c, onClose, onDone }: { c: ConnectionDTO; onClose: () => void; onDone: (result: DisconnectResultDTO) => void }) {
  const api = useApi();
  const [keepData, setKeepData] = useState(true);
  const { busy, error, run } = useAction();
  function confirm() {
    return run(
      async () => {
        onDone(await api.disconnect({ connectionId: c.id, keepData }));
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
      <FormError message={error} />
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

interface RevokeNotice {
  connectionId: string;
  providerName: string;
  result: DisconnectResultDTO;
}

/** After a disconnect the bank did not confirm: what happened, and where to revoke the access by hand. */
function RevokeNoticeBanner({ notice, onDismiss }: { notice: RevokeNotice; onDismiss: () => void }) {
  const ref = useRef<HTMLElement>(null);
  const titleId = useId();
  // the card whose Disconnect button had the focus is gone; the notice takes it
  useEffect(() => ref.current?.focus(), []);
  const { providerName: bank, result } = notice;
  const fallback = `${bank} did not confirm that it ended MyBucks' access. ${
    result.revokeUrl ? 'To be sure, revoke it with the link below.' : `To be sure, revoke it in ${bank}'s online banking, where it lists connected apps.`
  }`;
  return (
    <section ref={ref} tabIndex={-1} className="warning banner revoke-notice" role="alert" aria-labelledby={titleId}>
      <div>
        <strong id={titleId}>{bank} is disconnected in MyBucks, but the bank did not confirm it</strong>
        <p>{result.message ?? fallback}</p>
        {result.revokeUrl && (
          <a href={result.revokeUrl} target="_blank" rel="noreferrer">
            Revoke MyBucks' access at {bank}
          </a>
        )}
      </div>
      <button type="button" className="btn" aria-label={`Dismiss the notice about ${bank}`} onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}

/** Corrects where MyBucks reads a bank's accounts, then syncs the connection again. */
function ApiBaseDialog({ c, current, onClose, onDone }: { c: ConnectionDTO; current: string; onClose: () => void; onDone: () => void }) {
  const api = useApi();
  const [apiBase, setApiBase] = useState(current);
  const { busy, error, run } = useAction();
  function submit(e: FormEvent) {
    e.preventDefault();
    let saved = false;
    void run(
      async () => {
        await api.updateProvider({ providerId: c.providerId, apiBase: apiBase.trim() });
        saved = true;
        await api.syncNow({ connectionId: c.id });
        onDone();
      },
      (message) =>
        saved
          ? `The new API address for ${c.providerName} is saved, but the sync did not start: ${message} Close this and use “Sync now” on the card.`
          : `The API address for ${c.providerName} was not changed: ${message}`,
    );
  }
  return (
    <Dialog title={`Change ${c.providerName}'s API address`} onClose={onClose}>
      <form className="form-grid" onSubmit={submit}>
        <p>
          MyBucks reads your accounts at {c.providerName} from this address. Enter the Open Banking API address {c.providerName} publishes for
          apps; MyBucks then syncs again.
        </p>
        <label>
          API address
          <input type="url" required pattern="https?://.+" value={apiBase} onChange={(e) => setApiBase(e.target.value)} />
        </label>
        <DialogFormFooter error={error} submitLabel={busy ? 'Saving…' : 'Save and sync'} disabled={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

function ConnectionCard({
  c,
  progress,
  onReauthorize,
  onChangeApiBase,
  onDisconnect,
}: {
  c: ConnectionDTO;
  progress: Progress | undefined;
  onReauthorize: () => void;
  onChangeApiBase: () => void;
  onDisconnect: () => void;
}) {
  const api = useApi();
  const { error, run } = useAction();
  const headingId = `conn-${c.id}`;
  function syncNow() {
    return run(() => api.syncNow({ connectionId: c.id }), (message) => `Sync did not start: ${message}`);
  }
  const syncing = c.status === 'syncing' || progress !== undefined;
  const suggestion = suggestionFor(c);
  const primaryIf = (action: Suggestion) => (suggestion === action ? 'btn primary' : 'btn');
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
          {suggestion ? ` ${SUGGESTION_WORDS[suggestion]}` : ''}
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
      <LastSyncTransfers connectionId={c.id} lastSyncAt={c.lastSyncAt} />
      <ExpiryNotice c={c} />
      {progress && <progress aria-label={`Sync progress for ${c.providerName}`} max={1} value={progress.accountsTotal ? progress.accountsDone / progress.accountsTotal : undefined} />}
      <FormError message={error} />
      <div className="row">
        <button type="button" className={primaryIf('sync_again')} onClick={() => void syncNow()} disabled={syncing || c.status === 'needs_reauth'}>
          Sync now
        </button>
        {suggestion === 'change_api_base' && (
          <button type="button" className={primaryIf('change_api_base')} onClick={onChangeApiBase}>
            Change API address
          </button>
        )}
        <button type="button" className={primaryIf('reauthorize')} onClick={onReauthorize}>
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
  const [revokeNotices, setRevokeNotices] = useState<RevokeNotice[]>([]);
  const [changingApiBase, setChangingApiBase] = useState<ConnectionDTO | null>(null);
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
      apiBase: '',
      connectedAppsUrl: null,
      redirectSummary: '',
    };
    setReauthOf(c);
    void flow.start(provider, c.id);
  }

  function disconnected(c: ConnectionDTO, result: DisconnectResultDTO) {
    setDisconnecting(null);
    const others = (list: RevokeNotice[]) => list.filter((n) => n.connectionId !== c.id);
    setRevokeNotices((list) => (result.revokedAtBank ? others(list) : [...others(list), { connectionId: c.id, providerName: c.providerName, result }]));
    q.reload();
  }

  function closeApiBaseDialog() {
    setChangingApiBase(null);
    providers.reload();
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Connections</h1>
        <button type="button" className="btn primary" onClick={() => navigate('link')}>
          Link a bank
        </button>
      </div>
      {revokeNotices.map((notice) => (
        <RevokeNoticeBanner
          key={notice.connectionId}
          notice={notice}
          onDismiss={() => setRevokeNotices((list) => list.filter((n) => n !== notice))}
        />
      ))}
      {q.error && !q.data && <ErrorMessage title="Could not load your connections" message={q.error} onRetry={q.reload} />}
      {!q.data && !q.error && <Skeleton height={240} label="Loading connections" />}
      {q.data && q.data.length === 0 && <EmptyState title="No banks linked yet">Use “Link a bank” to add your first one.</EmptyState>}
      <div className="connections-grid">
        {q.data?.map((c) => (
          <ConnectionCard
            key={c.id}
            c={c}
            progress={progress[c.id]}
            onReauthorize={() => reauthorize(c)}
            onChangeApiBase={() => setChangingApiBase(c)}
            onDisconnect={() => setDisconnecting(c)}
          />
        ))}
      </div>
      {disconnecting && (
        <DisconnectDialog
          c={disconnecting}
          onClose={() => setDisconnecting(null)}
          onDone={(result) => disconnected(disconnecting, result)}
        />
      )}
      {changingApiBase && (
        <ApiBaseDialog
          c={changingApiBase}
          current={providers.data?.find((p) => p.id === changingApiBase.providerId)?.apiBase ?? ''}
          onClose={closeApiBaseDialog}
          onDone={() => {
            closeApiBaseDialog();
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
            onReauthorize={() => reauthorize(reauthOf)}
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
