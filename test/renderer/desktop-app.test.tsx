import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { MenuCommands } from '../../src/renderer/src/components/MenuCommands';
import { Settings } from '../../src/renderer/src/pages/Settings';
import { createFakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function renderMenuCommands() {
  const api = createFakeApi();
  render(
    <ApiProvider api={api}>
      <MenuCommands />
      <input type="search" aria-label="Search transactions" />
    </ApiProvider>,
  );
  return api;
}

describe('native menu commands in the window', () => {
  it('Settings and Find go to their page; Find puts the cursor in the transaction search', async () => {
    const api = renderMenuCommands();
    act(() => api.emit({ type: 'menu-command', command: 'settings' }));
    expect(window.location.hash).toBe('#/settings');
    act(() => api.emit({ type: 'menu-command', command: 'search' }));
    expect(window.location.hash).toBe('#/transactions');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search transactions' })));
  });

  it('Sync now syncs every bank, and says so when the sync could not start', async () => {
    const api = renderMenuCommands();
    act(() => api.emit({ type: 'menu-command', command: 'sync-now' }));
    expect(api.syncNow).toHaveBeenCalledWith({});
    api.syncNow.mockRejectedValueOnce(new Error('Your sign-ins cannot be read: the keyring is locked.'));
    act(() => api.emit({ type: 'menu-command', command: 'sync-now' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Sync now did not start: Your sign-ins cannot be read: the keyring is locked.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('Settings → Desktop app', () => {
  async function renderSettings(mode: 'browser' | 'electron') {
    const api = createFakeApi();
    const info = await api.getAppInfo();
    api.getAppInfo.mockResolvedValue({ ...info, mode });
    render(
      <ApiProvider api={api}>
        <Settings theme="system" onTheme={() => {}} />
      </ApiProvider>,
    );
    await screen.findByText(mode === 'electron' ? 'Desktop app' : 'Browser mode (local server on this computer)', { selector: 'dd' });
    return api;
  }

  it('offers background sync (on) and start at login (off by default), saved when changed', async () => {
    const api = await renderSettings('electron');
    const background = (await screen.findByRole('checkbox', { name: /Keep syncing in the background/ })) as HTMLInputElement;
    const login = screen.getByRole('checkbox', { name: /Start MyBucks in the background when I sign in/ }) as HTMLInputElement;
    expect(background.checked).toBe(true);
    expect(login.checked).toBe(false);
    fireEvent.click(login);
    await waitFor(() => expect(login.checked).toBe(true));
    expect(api.setDesktopSettings).toHaveBeenCalledWith({ startAtLogin: true });
  });

  it('is not offered in browser mode', async () => {
    await renderSettings('browser');
    expect(screen.queryByRole('heading', { name: 'Desktop app' })).toBeNull();
  });
});
