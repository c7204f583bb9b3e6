import { useState } from 'react';
import type { LinkFlowState } from './link-flow';

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

function CopyableUrl({ url }: { url: string }) {
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
      <label htmlFor="auth-url">If your browser did not open, copy this address into it:</label>
      <div className="row">
        <input id="auth-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={copy}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
      </div>
    </div>
  );
}

/** What the user sees while a bank is being linked and first synced. */
export function LinkFlowView({
  state,
  onCancel,
  onRetry,
  onFinish,
  finishLabel = 'Go to dashboard',
}: {
  state: LinkFlowState;
  onCancel: () => void;
  onRetry: () => void;
  onFinish: () => void;
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
      return (
        <div className="link-flow">
          <h2>Continue in your browser…</h2>
          <p>
            We opened {state.provider.name}'s sign-in page in your browser. Sign in there and approve access to your
            balances and transactions; MyBucks never sees your password. This window updates by itself when you are done.
          </p>
          <CopyableUrl url={state.link.authorizationUrl} />
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </div>
      );
    case 'syncing': {
      const p = state.progress;
      const value = p && p.accountsTotal > 0 ? p.accountsDone / p.accountsTotal : undefined;
      return (
        <div className="link-flow">
          <h2>{state.provider.name} is linked — syncing your data</h2>
          <progress aria-label="Sync progress" max={1} value={value} />
          <ProgressText state={state} />
        </div>
      );
    }
    case 'done':
      return (
        <div className="link-flow">
          <h2>{state.provider.name} is linked</h2>
          {state.syncError ? (
            <p role="alert">
              The first sync did not finish: {state.syncError} You can run it again from Connections with “Sync now”.
            </p>
          ) : (
            <p role="status">Your accounts and transactions are ready.</p>
          )}
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
