import { useState, type FormEvent } from 'react';
import { useApi, useQuery } from '../api/context';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { useAction } from '../lib/use-action';

/** Settings → App lock: off by default; a passcode asked after idle minutes and when MyBucks starts. */
export function LockSettings() {
  const api = useApi();
  const status = useQuery((a) => a.getLockStatus(), 'lock-status', { reloadOn: ['lock-changed'] });
  const [passcode, setPasscode] = useState('');
  const [confirm, setConfirm] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [formError, setFormError] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  function turnOn(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (passcode !== confirm) return setFormError('The two passcodes are not the same. Type the same passcode twice.');
    const idleMinutes = Number(minutes);
    if (!Number.isInteger(idleMinutes) || idleMinutes < 1 || idleMinutes > 240) return setFormError('Choose between 1 and 240 minutes.');
    void run(async () => {
      await api.configureLock({ passcode, idleMinutes });
      setPasscode('');
      setConfirm('');
      status.reload();
    }, (message) => `The lock was not turned on: ${message}`);
  }
  function turnOff(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await api.disableLock({ passcode });
      setPasscode('');
      status.reload();
    }, (message) => `The lock was not turned off: ${message}`);
  }

  return (
    <section className="card" aria-labelledby="settings-lock">
      <h2 id="settings-lock">App lock</h2>
      {status.error && !status.data && <ErrorMessage title="Could not read the app lock" message={status.error} onRetry={status.reload} />}
      {!status.data && !status.error && <Skeleton height={90} label="Loading the app lock" />}
      {status.data && !status.data.enabled && (
        <form className="lock-form" onSubmit={turnOn}>
          <p>Off. Turn it on to ask for a passcode when MyBucks starts and after it was left idle. MyBucks keeps only a scrambled form of the passcode, so it cannot remind you of it; if you forget it, the README says how to remove the lock without losing your data.</p>
          <label htmlFor="lock-new">Passcode (at least 4 characters)</label>
          <input id="lock-new" type="password" autoComplete="new-password" value={passcode} onChange={(e) => setPasscode(e.target.value)} />
          <label htmlFor="lock-confirm">The same passcode again</label>
          <input id="lock-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          <label htmlFor="lock-minutes">Lock after this many idle minutes</label>
          <input id="lock-minutes" type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          <FormError message={formError ?? error} />
          <button type="submit" className="btn primary" disabled={busy || passcode === ''}>
            Turn on the lock
          </button>
        </form>
      )}
      {status.data?.enabled && (
        <form className="lock-form" onSubmit={turnOff}>
          <p>
            On: MyBucks asks for the passcode when it starts and after {status.data.idleMinutes} idle minutes
            {status.data.touchId ? ', or Touch ID' : ''}.
          </p>
          <div className="row">
            <button type="button" className="btn" onClick={() => void run(async () => void (await api.lockNow()), (m) => `MyBucks was not locked: ${m}`)}>
              Lock now
            </button>
          </div>
          <label htmlFor="lock-current">Current passcode</label>
          <input id="lock-current" type="password" autoComplete="current-password" value={passcode} onChange={(e) => setPasscode(e.target.value)} />
          <FormError message={error} />
          <button type="submit" className="btn" disabled={busy || passcode === ''}>
            Turn off the lock
          </button>
        </form>
      )}
    </section>
  );
}
