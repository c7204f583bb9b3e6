import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiProvider } from '../../src/renderer/src/api/context';
import { ApiError } from '../../src/renderer/src/api/errors';
import { DataSettings, formatBytes } from '../../src/renderer/src/pages/DataSettings';
import { Settings } from '../../src/renderer/src/pages/Settings';
import { backup, createFakeApi, inspection } from './fake-api';

afterEach(cleanup);

function renderData(api: ReturnType<typeof createFakeApi>, mode: 'electron' | 'browser' = 'browser') {
  return render(
    <ApiProvider api={api}>
      <DataSettings mode={mode} />
    </ApiProvider>,
  );
}

const twoBackups = [
  backup({ kind: 'manual', path: '/b/mybucks-manual-2026-11-27T120000000Z.sqlite', createdAt: '2026-11-27T12:00:00.000Z', bytes: 3_145_728 }),
  backup({ kind: 'automatic', path: '/b/mybucks-automatic-2026-11-26T090000000Z.sqlite', createdAt: '2026-11-26T09:00:00.000Z', bytes: 900 }),
];

describe('Settings → Your data', () => {
  it('is part of the Settings page and says that backups never hold bank sign-ins', async () => {
    const api = createFakeApi();
    render(
      <ApiProvider api={api}>
        <Settings theme="system" onTheme={() => {}} />
      </ApiProvider>,
    );
    const section = await screen.findByRole('region', { name: 'Your data' });
    expect(section.textContent).toMatch(/Backups never contain bank sign-ins/);
    expect(await within(section).findByText('No backups yet')).toBeTruthy();
  });

  it('lists the backups (date, kind, size), backs up now and shows where the backup went', async () => {
    const api = createFakeApi();
    api.listBackups.mockResolvedValue(twoBackups);
    renderData(api);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(1, 3).map((c) => c.textContent))).toEqual([
      ['Made by you', '3 MB'],
      ['Daily (automatic)', '900 B'],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Back up now' }));
    await waitFor(() => expect(api.createBackup).toHaveBeenCalledWith({}));
    const status = await screen.findByText(/Backup saved/);
    expect(status.textContent).toContain('/home/sarah/.mybucks/backups/mybucks-automatic-2026-11-27T090000000Z.sqlite');
    await waitFor(() => expect(api.listBackups).toHaveBeenCalledTimes(2));
  });

  it('in browser mode (no file dialog) asks for a path to back up to, and shows why a path was refused', async () => {
    const api = createFakeApi();
    renderData(api, 'browser');
    fireEvent.click(await screen.findByRole('button', { name: 'Back up to a file…' }));
    await waitFor(() => expect(api.chooseFile).toHaveBeenCalledWith({ purpose: 'save-backup' }));
    const field = await screen.findByRole('textbox', { name: 'Save the backup as' });
    await waitFor(() => expect(document.activeElement).toBe(field));
    api.createBackup.mockRejectedValueOnce(new ApiError({ code: 'invalid_input', message: 'Give the full path of the file or folder, such as /home/you/mybucks.sqlite.' }));
    fireEvent.change(field, { target: { value: 'backup.sqlite' } });
    fireEvent.click(screen.getByRole('button', { name: 'Back up' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No backup was made: Give the full path of the file or folder, such as /home/you/mybucks.sqlite.');
    fireEvent.change(field, { target: { value: '/home/sarah/b.sqlite' } });
    fireEvent.click(screen.getByRole('button', { name: 'Back up' }));
    await waitFor(() => expect(api.createBackup).toHaveBeenLastCalledWith({ path: '/home/sarah/b.sqlite' }));
    expect(await screen.findByText(/Backup saved/)).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Save the backup as' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('in the desktop app backs up to the file picked in the dialog, and does nothing when the dialog is cancelled', async () => {
    const api = createFakeApi();
    renderData(api, 'electron');
    api.chooseFile.mockResolvedValueOnce({ path: null });
    fireEvent.click(await screen.findByRole('button', { name: 'Back up to a file…' }));
    await waitFor(() => expect(api.chooseFile).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(api.createBackup).not.toHaveBeenCalled();
    api.chooseFile.mockResolvedValueOnce({ path: '/home/sarah/Desktop/mine.sqlite' });
    fireEvent.click(screen.getByRole('button', { name: 'Back up to a file…' }));
    await waitFor(() => expect(api.createBackup).toHaveBeenCalledWith({ path: '/home/sarah/Desktop/mine.sqlite' }));
  });

  it('restores a listed backup after showing what it holds, what it replaces and what to know', async () => {
    const api = createFakeApi();
    api.listBackups.mockResolvedValue(twoBackups);
    const note = 'Backups never contain bank sign-ins, and this computer has none for 1 of its 2 bank connections (Harbor Credit Union): they were linked on another computer.';
    api.inspectBackup.mockResolvedValueOnce(inspection({ path: twoBackups[1].path, problems: [note] }));
    api.restoreBackup.mockResolvedValueOnce({
      restoredFrom: twoBackups[1].path,
      safetyBackup: backup({ kind: 'before-restore', path: '/b/mybucks-before-restore.sqlite' }),
      needsReauthorization: 1,
    });
    renderData(api);
    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    fireEvent.click(within(rows[2]).getByRole('button', { name: /^Restore the backup made/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    await waitFor(() => expect(api.inspectBackup).toHaveBeenCalledWith({ path: twoBackups[1].path }));
    await within(dialog).findByText('The backup holds');
    expect(dialog.textContent).toContain('2 bank connections: Memorial Bank (Sarah Lee), Harbor Credit Union');
    expect(dialog.textContent).toContain('1,200 transactions, the newest on');
    expect(dialog.textContent).toContain('Restoring it replaces everything in MyBucks now');
    expect(dialog.textContent).toContain('1,350 transactions');
    expect(within(dialog).getByRole('list', { name: 'Good to know' }).textContent).toContain(note);
    expect(dialog.textContent).toMatch(/first saves a backup of your data as it is now/);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(api.restoreBackup).toHaveBeenCalledWith({ path: twoBackups[1].path }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const done = await screen.findByText(/Restored from/);
    expect(done.textContent).toContain('/b/mybucks-before-restore.sqlite');
    expect(screen.getByRole('link', { name: 'Connections' }).getAttribute('href')).toBe('#/connections');
    expect(screen.getByText(/One bank connection needs linking again/)).toBeTruthy();
  });

  it('explains a backup that cannot be restored and offers no Restore button; Escape closes', async () => {
    const api = createFakeApi();
    api.inspectBackup.mockResolvedValueOnce(
      inspection({ restorable: false, problems: ['This backup was made by a newer MyBucks (database version 9; this MyBucks reads up to version 5). Update MyBucks, then restore it.'] }),
    );
    renderData(api, 'browser');
    fireEvent.click(await screen.findByRole('button', { name: 'Restore from a file…' }));
    const field = await screen.findByRole('textbox', { name: 'Backup file to restore' });
    fireEvent.change(field, { target: { value: '/home/sarah/new.sqlite' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check this backup' }));
    const dialog = await screen.findByRole('dialog', { name: 'This backup cannot be restored' });
    expect(within(dialog).getByRole('alert').textContent).toMatch(/made by a newer MyBucks/);
    expect(within(dialog).queryByRole('button', { name: 'Restore' })).toBeNull();
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(api.restoreBackup).not.toHaveBeenCalled();
  });

  it('shows a failed restore in the dialog', async () => {
    const api = createFakeApi();
    api.listBackups.mockResolvedValue(twoBackups);
    api.restoreBackup.mockRejectedValueOnce(new ApiError({ code: 'internal', message: 'Nothing was restored; your data is as it was: the disk is full.' }));
    renderData(api, 'electron');
    api.chooseFile.mockResolvedValueOnce({ path: '/media/usb/backup.sqlite' });
    fireEvent.click(await screen.findByRole('button', { name: 'Restore from a file…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    expect(api.chooseFile).toHaveBeenCalledWith({ purpose: 'open-backup' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Restore' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The backup was not restored: Nothing was restored; your data is as it was: the disk is full.');
  });

  it('saves the automatic backup settings', async () => {
    const api = createFakeApi();
    renderData(api);
    const form = await screen.findByRole('form', { name: 'Automatic backups' });
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // nothing changed
    fireEvent.click(within(form).getByRole('checkbox', { name: 'Back up automatically every day' }));
    const keep = within(form).getByRole('spinbutton', { name: 'Daily backups to keep' });
    fireEvent.change(keep, { target: { value: '0' } });
    expect(save.disabled).toBe(true);
    fireEvent.change(keep, { target: { value: '3' } });
    fireEvent.click(save);
    await waitFor(() => expect(api.setBackupSettings).toHaveBeenCalledWith({ automatic: false, keep: 3 }));
    await waitFor(() => expect(api.getBackupSettings).toHaveBeenCalledTimes(2));
  });

  it('exports CSV and JSON and lists the files written', async () => {
    const api = createFakeApi();
    renderData(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(api.exportData).toHaveBeenCalledWith({ format: 'csv' }));
    expect((await screen.findByText(/Exported to/)).textContent).toContain('/home/sarah/.mybucks/exports/mybucks-export-2026-11-27');
    expect(screen.getByText('transactions.csv: 1,200 rows, 121 KB')).toBeTruthy();

    // Another folder, typed in browser mode.
    fireEvent.click(screen.getByRole('button', { name: 'Choose another folder…' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'Folder for the export' }), { target: { value: '/home/sarah/Documents' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use this folder' }));
    expect(await screen.findByText('/home/sarah/Documents')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(api.exportData).toHaveBeenLastCalledWith({ format: 'json', path: '/home/sarah/Documents' }));
    expect(await screen.findByText(/mybucks-export-2026-11-27\.json: 1,234 rows/)).toBeTruthy();
  });
});

describe('formatBytes', () => {
  it('speaks in B, KB, MB, GB', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(5 * 1024 * 1024), formatBytes(123 * 1024 ** 3)]).toEqual(['0 B', '1023 B', '1.5 KB', '5 MB', '123 GB']);
  });
});
