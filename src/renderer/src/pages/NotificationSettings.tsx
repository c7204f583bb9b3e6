import { useState } from 'react';
import type { AppInfoDTO, NotificationSettingsDTO } from '../../../shared/dto';
import { useApi, useQuery } from '../api/context';
import { ErrorMessage, FormError, Skeleton } from '../components/feedback';
import { browserNotifications } from '../lib/browser-notifications';
import { useAction } from '../lib/use-action';

const KINDS: { key: keyof NotificationSettingsDTO; label: string }[] = [
  { key: 'syncFailed', label: 'A bank could not be synced' },
  { key: 'consentExpiring', label: 'My permission for a bank ends within 7 days' },
  { key: 'needsReauth', label: 'A bank needs me to sign in again' },
];

/** Whether this browser will show MyBucks' notifications, and the button that asks for permission. */
function BrowserPermission() {
  const Native = browserNotifications();
  const [permission, setPermission] = useState(Native?.permission ?? 'unsupported');
  if (!Native) return <p className="muted">This browser cannot show notifications; MyBucks shows these messages on its pages instead.</p>;
  if (permission === 'granted') return <p className="muted">This browser shows MyBucks' notifications while the MyBucks tab is open.</p>;
  if (permission === 'denied') {
    return (
      <p className="warning">
        This browser blocks notifications from MyBucks. To get them, allow notifications for this address in the browser's site
        settings, then reload the page.
      </p>
    );
  }
  return (
    <p>
      <button type="button" className="btn" onClick={() => void Native.requestPermission().then(setPermission)}>
        Allow notifications in this browser
      </button>
    </p>
  );
}

/** Settings → Notifications: each kind on or off (saved at once). */
export function NotificationSettings({ mode }: { mode: AppInfoDTO['mode'] | undefined }) {
  const api = useApi();
  const settings = useQuery((a) => a.getNotificationSettings(), 'notification-settings');
  const [current, setCurrent] = useState<NotificationSettingsDTO | null>(null);
  const { busy, error, run } = useAction();
  const shown = current ?? settings.data;

  function toggle(key: keyof NotificationSettingsDTO, on: boolean) {
    void run(
      async () => setCurrent(await api.setNotificationSettings({ [key]: on })),
      (message) => `The notification setting was not saved: ${message}`,
    );
  }

  return (
    <section className="card" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      {settings.error && !shown && <ErrorMessage title="Could not read the notification settings" message={settings.error} onRetry={settings.reload} />}
      {!shown && !settings.error && <Skeleton height={90} label="Loading notification settings" />}
      {shown && (
        <fieldset>
          <legend>Tell me when</legend>
          {KINDS.map(({ key, label }) => (
            <label key={key} className="checkbox">
              <input type="checkbox" checked={shown[key]} disabled={busy} onChange={(e) => toggle(key, e.target.checked)} />
              {label}
            </label>
          ))}
        </fieldset>
      )}
      <FormError message={error} />
      {mode === 'browser' && <BrowserPermission />}
    </section>
  );
}
