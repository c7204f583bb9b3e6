/**
 * What MyBucks tells the user outside its window: a sync that failed, a bank permission (consent) ending
 * within 7 days, a bank that needs the user to sign in again. Each is sent once per occurrence (a failure
 * streak, an expiry date, a re-authorization), remembered across restarts, and each kind can be turned
 * off. It only emits `notify` events: the desktop shell shows them with Electron's Notification, the
 * renderer in browser mode with the browser's.
 */
import type { AppEvent } from '../../../shared/contract';
import type { NotificationKind, NotificationSettingsDTO } from '../../../shared/dto';
import type { SettingsStore } from '../ports';

const SETTINGS_KEY = 'notifications';
const SENT_KEY = 'notifications.sent';
export const CONSENT_WARNING_MS = 7 * 24 * 60 * 60 * 1000;
const RECHECK_MS = 6 * 60 * 60 * 1000;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettingsDTO = { syncFailed: true, consentExpiring: true, needsReauth: true };

const SETTING_OF: Record<NotificationKind, keyof NotificationSettingsDTO> = {
  'sync-failed': 'syncFailed',
  'consent-expiring': 'consentExpiring',
  'needs-reauth': 'needsReauth',
};

export interface WatchedConnection {
  id: string;
  bankName: string;
  status: 'ok' | 'needs_reauth' | 'error';
  consentExpiresAt: string | null;
}

export interface NotifierDeps {
  settings: SettingsStore;
  connections: () => WatchedConnection[];
  subscribe: (listener: (event: AppEvent) => void) => () => void;
  emit: (event: AppEvent) => void;
  now?: () => number;
}

function formatDay(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function createNotifier(deps: NotifierDeps) {
  const now = deps.now ?? Date.now;
  const sent = (): Record<string, string> => ({ ...(deps.settings.get<Record<string, string>>(SENT_KEY) ?? {}) });

  function getSettings(): NotificationSettingsDTO {
    return { ...DEFAULT_NOTIFICATION_SETTINGS, ...deps.settings.get<Partial<NotificationSettingsDTO>>(SETTINGS_KEY) };
  }

  function setSettings(change: Partial<NotificationSettingsDTO>): NotificationSettingsDTO {
    const next = getSettings();
    for (const key of Object.keys(DEFAULT_NOTIFICATION_SETTINGS) as (keyof NotificationSettingsDTO)[]) {
      if (typeof change[key] === 'boolean') next[key] = change[key];
    }
    deps.settings.set(SETTINGS_KEY, next);
    return next;
  }

  /** Sends `kind` for a connection unless already sent for `marker`; remembered even when that kind is off. */
  function once(record: Record<string, string>, kind: NotificationKind, c: WatchedConnection, marker: string, title: string, body: string): void {
    const key = `${kind}:${c.id}`;
    if (record[key] === marker) return;
    record[key] = marker;
    if (getSettings()[SETTING_OF[kind]]) deps.emit({ type: 'notify', kind, connectionId: c.id, title, body });
  }

  function check(finished?: Extract<AppEvent, { type: 'sync-finished' }>): void {
    const record = sent();
    const before = JSON.stringify(record);
    for (const c of deps.connections()) {
      if (c.status === 'needs_reauth') {
        once(record, 'needs-reauth', c, 'sent', `${c.bankName} needs you to sign in again`,
          `MyBucks can no longer read your data at ${c.bankName}: your permission ended or was withdrawn. Open MyBucks and choose Re-authorize on the Connections page; your data is kept.`);
      } else {
        delete record[`needs-reauth:${c.id}`];
        const left = c.consentExpiresAt ? Date.parse(c.consentExpiresAt) - now() : NaN;
        if (left > 0 && left <= CONSENT_WARNING_MS) {
          once(record, 'consent-expiring', c, c.consentExpiresAt!, `Your permission for ${c.bankName} ends on ${formatDay(c.consentExpiresAt!)}`,
            `After that MyBucks cannot update ${c.bankName}. Open MyBucks and choose Re-authorize on the Connections page to renew it.`);
        }
      }
      if (finished?.connectionId === c.id && c.status !== 'needs_reauth') {
        if (finished.outcome === 'error') {
          once(record, 'sync-failed', c, 'sent', `${c.bankName} could not be synced`,
            `${finished.error ?? `${c.bankName} did not answer.`} MyBucks tries again at the next scheduled sync; open MyBucks and press Sync now to try at once.`);
        } else if (finished.outcome === 'ok') {
          delete record[`sync-failed:${c.id}`];
        }
      }
    }
    if (JSON.stringify(record) !== before) deps.settings.set(SENT_KEY, record);
  }

  const unsubscribe = deps.subscribe((event) => {
    if (event.type === 'sync-finished') check(event);
    else if (event.type === 'connections-changed') check();
  });
  // Consents run out with no event: look again a few times a day.
  const timer = setInterval(() => check(), RECHECK_MS);
  timer.unref();

  return {
    getSettings,
    setSettings,
    check,
    stop(): void {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
