import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { LockStatusDTO } from '../../../shared/dto';
import { useApi, useAppEvent } from '../api/context';
import { errorMessage } from '../api/errors';
import { ErrorMessage, FormError, Skeleton } from './feedback';

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** Locks after `minutes` without input in this window. */
function useIdleLock(status: LockStatusDTO | null, lock: () => void): void {
  const minutes = status?.enabled && !status.locked ? status.idleMinutes : null;
  useEffect(() => {
    if (!minutes) return;
    let timer = setTimeout(lock, minutes * 60_000);
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, minutes * 60_000);
    };
    for (const name of ACTIVITY) window.addEventListener(name, restart, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, restart);
    };
  }, [minutes, lock]);
}

function LockScreen({ status, onUnlocked }: { status: LockStatusDTO; onUnlocked: (s: LockStatusDTO) => void }) {
  const api = useApi();
  const [passcode, setPasscode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function attempt(unlock: () => Promise<LockStatusDTO>) {
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await unlock());
    } catch (err) {
      setError(errorMessage(err));
      setPasscode('');
    } finally {
      setBusy(false);
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    void attempt(() => api.unlock({ passcode }));
  }

  return (
    <main className="lock-screen">
      <form className="card lock-form" onSubmit={submit} aria-labelledby="lock-title">
        <h1 id="lock-title">MyBucks is locked</h1>
        <p>Enter your passcode to see your figures.</p>
        <label htmlFor="lock-passcode">Passcode</label>
        <input id="lock-passcode" type="password" autoComplete="current-password" autoFocus value={passcode} onChange={(e) => setPasscode(e.target.value)} />
        <FormError message={error} />
        <div className="row">
          <button type="submit" className="btn primary" disabled={busy || passcode === ''}>
            {busy ? 'Checking…' : 'Unlock'}
          </button>
          {status.touchId && (
            <button type="button" className="btn" disabled={busy} onClick={() => void attempt(() => api.unlockWithTouchId())}>
              Use Touch ID
            </button>
          )}
        </div>
      </form>
    </main>
  );
}

/** Shows the app only while it is not locked (the main process refuses data calls while it is). */
export function LockGate({ children }: { children: ReactNode }) {
  const api = useApi();
  const [status, setStatus] = useState<LockStatusDTO | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api.getLockStatus().then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [api]);
  useEffect(refresh, [refresh]);
  useAppEvent((event) => {
    if (event.type === 'lock-changed') refresh();
  });
  const lock = useCallback(() => void api.lockNow().then(setStatus, refresh), [api, refresh]);
  useIdleLock(status, lock);

  if (!status) {
    return error ? <ErrorMessage title="MyBucks could not check whether it is locked" message={error} onRetry={refresh} /> : <Skeleton height={200} label="Starting MyBucks" />;
  }
  if (status.locked) return <LockScreen status={status} onUnlocked={setStatus} />;
  return <>{children}</>;
}
