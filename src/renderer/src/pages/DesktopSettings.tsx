import { useState } from 'react';
import type { DesktopSettingsDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { useAction } from '../lib/use-action';

const OPTIONS: { key: keyof DesktopSettingsDTO; label: string }[] = [
  { key: 'runInBackground', label: 'Keep syncing in the background when the window is closed (MyBucks stays in the tray, or the Dock on macOS)' },
  { key: 'startAtLogin', label: 'Start MyBucks in the background when I sign in to this computer' },
];

/** Settings → Desktop app (desktop app only): background sync and start at login, saved at once. */
export function DesktopSettings() {
  const api = useApi();
  const settings = useQuery((a) => a.getDesktopSettings(), 'desktop-settings');
  const [current, setCurrent] = useState<DesktopSettingsDTO | null>(null);
  const { busy, error, run } = useAction();
  const shown = current ?? settings.data;

  function toggle(key: keyof DesktopSettingsDTO, on: boolean) {
    void run(
      async () => setCurrent(await api.setDesktopSettings({ [key]: on })),
      (message) => `The setting was not saved: ${message}`,
    );
  }

  return (
    <section className="card" aria-labelledby="settings-desktop">
      <h2 id="settings-desktop">Desktop app</h2>
      {settings.error && !shown && <ErrorMessage title="Could not read the desktop settings" message={settings.error} onRetry={settings.reload} />}
      {!shown && !settings.error && <Skeleton height={60} label="Loading desktop settings" />}
      {shown &&
        OPTIONS.map(({ key, label }) => (
          <label key={key} className="checkbox">
            <input type="checkbox" checked={shown[key]} disabled={busy} onChange={(e) => toggle(key, e.target.checked)} />
            {label}
          </label>
        ))}
      <FormError message={error} />
    </section>
  );
}
