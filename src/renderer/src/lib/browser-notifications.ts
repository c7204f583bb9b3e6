import { useEffect } from 'react';
import { useApi } from '../api/context';

/** The browser's Notification API, where this browser has one. */
export const browserNotifications = (): typeof Notification | null => (typeof Notification === 'undefined' ? null : Notification);

/**
 * In browser mode, shows the main process's `notify` events with the browser's Notification API (once the
 * user allowed it). The desktop app shows them natively, so this stays quiet there.
 */
export function useBrowserNotifications(): void {
  const api = useApi();
  useEffect(() => {
    const Native = browserNotifications();
    if (!Native) return;
    let stopped = false;
    let unsubscribe = () => {};
    api.getAppInfo().then(
      (info) => {
        if (stopped || info.mode !== 'browser') return;
        unsubscribe = api.onEvent((event) => {
          if (event.type !== 'notify' || Native.permission !== 'granted') return;
          new Native(event.title, { body: event.body, tag: `${event.kind}:${event.connectionId}` });
        });
      },
      // Without the app info there is no mode to go by; the Settings page reports the failure.
      () => {},
    );
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [api]);
}
