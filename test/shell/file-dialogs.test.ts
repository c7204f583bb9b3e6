import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, __resetFakeElectron, dialog } from '../fakes/electron';
import { ElectronFileDialogs } from '../../src/main/adapters/electron/dialog-file-dialogs';

beforeEach(() => __resetFakeElectron());

const sqlite = [{ name: 'MyBucks backups (SQLite)', extensions: ['sqlite'] }];

describe('ElectronFileDialogs', () => {
  it('asks where to save, modal to the focused window, with the filters given; cancel is null', async () => {
    const win = new BrowserWindow();
    win.focus();
    const dialogs = new ElectronFileDialogs();
    dialog.answer = '/home/sarah/mybucks-backup.sqlite';
    await expect(dialogs.chooseSaveFile({ title: 'Save a MyBucks backup', defaultPath: 'mybucks-backup.sqlite', filters: sqlite })).resolves.toBe(
      '/home/sarah/mybucks-backup.sqlite',
    );
    expect(dialog.calls[0]).toMatchObject({
      kind: 'save',
      window: win,
      options: { title: 'Save a MyBucks backup', defaultPath: 'mybucks-backup.sqlite', filters: sqlite },
    });
    dialog.answer = null;
    await expect(dialogs.chooseSaveFile({ title: 'Save' })).resolves.toBeNull();
  });

  it('opens one file or a folder; free-standing when no window has the focus', async () => {
    const dialogs = new ElectronFileDialogs();
    dialog.answer = '/home/sarah/backup.sqlite';
    await expect(dialogs.chooseOpenFile({ title: 'Restore', filters: sqlite })).resolves.toBe('/home/sarah/backup.sqlite');
    expect(dialog.calls[0]).toMatchObject({ kind: 'open', window: null, options: { title: 'Restore', properties: ['openFile'], filters: sqlite } });
    dialog.answer = '/home/sarah/exports';
    await expect(dialogs.chooseFolder({ title: 'Export to' })).resolves.toBe('/home/sarah/exports');
    expect(dialog.calls[1].options.properties).toEqual(['openDirectory', 'createDirectory']);
    dialog.answer = null;
    await expect(dialogs.chooseOpenFile({ title: 'Restore' })).resolves.toBeNull();
    await expect(dialogs.chooseFolder({ title: 'Export to' })).resolves.toBeNull();
  });
});
