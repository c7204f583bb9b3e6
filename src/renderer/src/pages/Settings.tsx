import { useQuery } from '../api/context';
import { ErrorMessage, Skeleton } from '../components/feedback';
import type { ThemeChoice } from '../lib/theme';
import { CurrencySettings } from './CurrencySettings';
import { DataSettings } from './DataSettings';
import { NotificationSettings } from './NotificationSettings';
import { DesktopSettings } from './DesktopSettings';
import { LockSettings } from './LockSettings';

const THEMES: { id: ThemeChoice; label: string }[] = [
  { id: 'system', label: 'Match the system' },
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
];

export function Settings({ theme, onTheme }: { theme: ThemeChoice; onTheme: (t: ThemeChoice) => void }) {
  const info = useQuery((api) => api.getAppInfo(), 'app-info');
  return (
    <div className="page narrow">
      <h1>Settings</h1>
      <section className="card" aria-labelledby="settings-theme">
        <h2 id="settings-theme">Appearance</h2>
        <fieldset className="radio-row">
          <legend>Theme</legend>
          {THEMES.map((t) => (
            <label key={t.id} className="checkbox">
              <input type="radio" name="theme" checked={theme === t.id} onChange={() => onTheme(t.id)} />
              {t.label}
            </label>
          ))}
        </fieldset>
      </section>
      <CurrencySettings />
      <DataSettings mode={info.data?.mode} />
      <section className="card" aria-labelledby="settings-about">
        <h2 id="settings-about">About MyBucks</h2>
        {info.error && !info.data && <ErrorMessage title="Could not read the app information" message={info.error} onRetry={info.reload} />}
        {!info.data && !info.error && <Skeleton height={140} label="Loading app information" />}
        {info.data && (
          <dl className="details">
            <dt>Version</dt>
            <dd>{info.data.version}</dd>
            <dt>Mode</dt>
            <dd>{info.data.mode === 'electron' ? 'Desktop app' : 'Browser mode (local server on this computer)'}</dd>
            <dt>Data folder</dt>
            <dd>
              <code>{info.data.dataDir}</code>
            </dd>
            <dt>Sign-in protection</dt>
            <dd>
              <span data-testid="vault-kind">{info.data.vault.kind}</span>
              {info.data.vault.available ? '' : ' (not available)'} — {info.data.vault.protectsAgainst}
              {info.data.vault.problem && (
                <p className="warning" role="alert">
                  {info.data.vault.problem}
                </p>
              )}
            </dd>
          </dl>
        )}
      </section>
      {/* Desktop (issue 13) */}
      <NotificationSettings mode={info.data?.mode} />
      {info.data?.mode === 'electron' && <DesktopSettings />}
      <LockSettings />
    </div>
  );
}
