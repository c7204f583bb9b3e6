import { useEffect, useState } from 'react';
import { useQuery } from '../api/context';
import type { LinkFlowState } from './link-flow';
import { shareLabel, unsharedMessage, unsharedScopes } from './unshared';

function ProgressText({ state }: { state: Extract<LinkFlowState, { phase: 'syncing' }> }) {
  const p = state.progress;
  if (!p) return <p>Starting the first sync…</p>;
  const what = { accounts: 'Finding your accounts', balances: 'Reading balances', transactions: 'Downloading transactions' }[p.phase];
  return (
    <p>
      {what}
      {p.accountName ? ` — ${p.accountName}` : ''} ({p.accountsDone} of {p.accountsTotal} accounts, {p.transactions.toLocaleString()} transactions)
    </p>
  );
}

function CopyableUrl({ url, label }: { url: string; label: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <div className="copy-url">
      <label htmlFor="auth-url">{label}</label>
      <div className="row">
        <input id="auth-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={copy}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
    </div>
  );
}

/** "4:05" */
function minutesSeconds(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The time left to finish the sign-in at the bank, counting down each second. */
function Countdown({ expiresAt, bankName }: { expiresAt: string; bankName: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(expiresAt) - now;
  return (
    <p className="muted" role="timer" aria-live="off">
      {left > 0
        ? `Time left to finish signing in at ${bankName}: ${minutesSeconds(left)}`
        : `The time to sign in at ${bankName} is up; MyBucks is closing this sign-in.`}
    </p>
  );
}

function Waiting({ state, onCancel }: { state: Extract<LinkFlowState, { phase: 'waiting' }>; onCancel: () => void }) {
  const { provider, link } = state;
  const reopen = (
    <a className="btn" href={link.authorizationUrl} target="_blank" rel="noopener noreferrer">
      {link.browserOpened ? `Open ${provider.name}'s page again` : `Open ${provider.name}'s sign-in page`}
    </a>
  );
  if (!link.browserOpened) {
    return (
      <div className="link-flow">
        <h2>Open {provider.name}'s sign-in page</h2>
        <CopyableUrl url={link.authorizationUrl} label="MyBucks could not open your browser. Copy this address into it:" />
        <p>
          Sign in there and approve access to your balances and transactions; MyBucks never sees your password. This window
          updates by itself when you are done.
        </p>
        <Countdown expiresAt={link.expiresAt} bankName={provider.name} />
        <div className="row">
          {reopen}
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="link-flow">
      <h2>Continue in your browser…</h2>
      <p>
        We opened {provider.name}'s sign-in page in your browser. Sign in there and approve access to your balances and
        transactions; MyBucks never sees your password. This window updates by itself when you are done.
      </p>
      <Countdown expiresAt={link.expiresAt} bankName={provider.name} />
      <CopyableUrl url={link.authorizationUrl} label="If you closed that page, open it again or copy this address into your browser:" />
      <div className="row">
        {reopen}
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** After the link: what the bank did not share, with re-authorization to share it. */
function Unshared({ connectionId, bankName, onReauthorize }: { connectionId: string; bankName: string; onReauthorize?: () => void }) {
  const q = useQuery((api) => api.listConnections(), `link-scopes-${connectionId}`);
  const connection = q.data?.find((c) => c.id === connectionId);
  const missing = connection ? unsharedScopes(connection) : [];
  if (missing.length === 0) return null;
  return (
    <div className="notice" role="status">
      <p>{unsharedMessage(bankName, missing)}</p>
      {onReauthorize && (
        <button type="button" className="btn" onClick={onReauthorize}>
          {shareLabel(bankName, missing)}
        </button>
      )}
    </div>
  );
}

/** What the user sees while a bank is being linked and first synced. */
export function LinkFlowView({
  state,
  onCancel,
  onRetry,
  onFinish,
  onReauthorize,
  finishLabel = 'Go to dashboard',
}: {
  state: LinkFlowState;
  onCancel: () => void;
  onRetry: () => void;
  onFinish: () => void;
  /** Re-authorizes the linked connection (to share what the bank's consent left out). */
  onReauthorize?: (connectionId: string) => void;
  finishLabel?: string;
}) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return (
        <div className="link-flow" role="status">
          <p>Preparing a secure sign-in with {state.provider.name}…</p>
        </div>
      );
    case 'waiting':
      return <Waiting state={state} onCancel={onCancel} />;
    case 'syncing': {
      const p = state.progress;
      const value = p && p.accountsTotal > 0 ? p.accountsDone / p.accountsTotal : undefined;
      return (
        <div className="link-flow">
          <h2>
            {state.restored ? `${state.provider.name} was already linked — syncing your data` : `${state.provider.name} is linked — syncing your data`}
          </h2>
          <progress aria-label="Sync progress" max={1} value={value} />
          <ProgressText state={state} />
        </div>
      );
    }
    case 'done':
      return (
        <div className="link-flow">
          <h2>
            {state.restored ? `${state.provider.name} was already linked; MyBucks refreshed its access` : `${state.provider.name} is linked`}
          </h2>
          {state.syncError ? (
            <p role="alert">
              The first sync did not finish: {state.syncError} You can run it again from Connections with “Sync now”.
            </p>
          ) : (
            <p role="status">Your data from {state.provider.name} is ready.</p>
          )}
          <Unshared
            connectionId={state.connectionId}
            bankName={state.provider.name}
            onReauthorize={onReauthorize && (() => onReauthorize(state.connectionId))}
          />
          <button type="button" className="btn primary" onClick={onFinish}>
            {finishLabel}
          </button>
        </div>
      );
    case 'failed':
      return (
        <div className="link-flow">
          <div className="error-box" role="alert">
            <strong>{state.provider.name} was not linked</strong>
            <p>{state.message}</p>
          </div>
          <div className="row">
            <button type="button" className="btn primary" onClick={onRetry}>
              Try again
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              Back
            </button>
          </div>
        </div>
      );
  }
}
