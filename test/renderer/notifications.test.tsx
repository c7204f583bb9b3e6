import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { useBrowserNotifications } from '../../src/renderer/src/lib/browser-notifications';
import { NotificationSettings } from '../../src/renderer/src/pages/NotificationSettings';
import { createFakeApi, notificationSettings } from './fake-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** A stand-in for the browser's Notification API that records what was shown. */
function stubNotifications(permission: NotificationPermission) {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = 'granted';
      return 'granted' as const;
    });
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return { shown, FakeNotification };
}

function Listener() {
  useBrowserNotifications();
  return null;
}

const notify = {
  type: 'notify' as const,
  kind: 'needs-reauth' as const,
  connectionId: 'c1',
  title: 'Memorial Bank needs you to sign in again',
  body: 'Open MyBucks and choose Re-authorize on the Connections page; your data is kept.',
};

async function withMode(mode: 'browser' | 'electron') {
  const api = createFakeApi();
  const info = await api.getAppInfo();
  api.getAppInfo.mockResolvedValue({ ...info, mode });
  return api;
}

describe('notifications in the renderer', () => {
  it('in browser mode shows a notify event with the browser’s Notification API once allowed', async () => {
    const { shown } = stubNotifications('granted');
    const api = await withMode('browser');
    render(
      <ApiProvider api={api}>
        <Listener />
      </ApiProvider>,
    );
    await waitFor(() => expect(api.onEvent).toHaveBeenCalled());
    act(() => api.emit(notify));
    expect(shown).toEqual([{ title: notify.title, options: { body: notify.body, tag: 'needs-reauth:c1' } }]);
  });

  it('in the desktop app leaves notifications to the main process', async () => {
    const { shown } = stubNotifications('granted');
    const api = await withMode('electron');
    render(
      <ApiProvider api={api}>
        <Listener />
      </ApiProvider>,
    );
    await waitFor(() => expect(api.getAppInfo).toHaveBeenCalled());
    act(() => api.emit(notify));
    expect(api.onEvent).not.toHaveBeenCalled();
    expect(shown).toEqual([]);
  });

  it('Settings turns a kind off (saved) and, in browser mode, asks the browser for permission', async () => {
    const { FakeNotification } = stubNotifications('default');
    const api = await withMode('browser');
    render(
      <ApiProvider api={api}>
        <NotificationSettings mode="browser" />
      </ApiProvider>,
    );
    const expiring = await screen.findByRole('checkbox', { name: 'My permission for a bank ends within 7 days' });
    expect((expiring as HTMLInputElement).checked).toBe(true);
    api.setNotificationSettings.mockResolvedValueOnce(notificationSettings({ consentExpiring: false }));
    fireEvent.click(expiring);
    await waitFor(() => expect((expiring as HTMLInputElement).checked).toBe(false));
    expect(api.setNotificationSettings).toHaveBeenCalledWith({ consentExpiring: false });

    fireEvent.click(screen.getByRole('button', { name: 'Allow notifications in this browser' }));
    await screen.findByText("This browser shows MyBucks' notifications while the MyBucks tab is open.");
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
  });

  it('says what to do when the browser blocks notifications, and when a setting was not saved', async () => {
    stubNotifications('denied');
    const api = await withMode('browser');
    api.setNotificationSettings.mockRejectedValueOnce(new Error('The settings file could not be written.'));
    render(
      <ApiProvider api={api}>
        <NotificationSettings mode="browser" />
      </ApiProvider>,
    );
    expect(await screen.findByText(/allow notifications for this address in the browser's site settings/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'A bank could not be synced' }));
    expect(await screen.findByText(/The notification setting was not saved: The settings file could not be written\./)).toBeTruthy();
  });
});
