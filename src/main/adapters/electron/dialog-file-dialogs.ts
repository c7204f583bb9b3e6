/**
 * FileDialogs on Electron's `dialog`: native save/open/folder pickers, modal to the focused MyBucks window
 * (or free-standing when no window has the focus). A cancelled dialog resolves with null.
 */
import { BrowserWindow, dialog, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { FileDialogs, FileFilter } from '../../core/ports';

export class ElectronFileDialogs implements FileDialogs {
  constructor(private readonly window: () => BrowserWindow | null = () => BrowserWindow.getFocusedWindow()) {}

  async chooseSaveFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null> {
    const opts: SaveDialogOptions = { ...options, properties: ['createDirectory', 'showOverwriteConfirmation'] };
    const win = this.window();
    const result = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
    return result.canceled || !result.filePath ? null : result.filePath;
  }

  async chooseOpenFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null> {
    return this.open({ ...options, properties: ['openFile'] });
  }

  async chooseFolder(options: { title: string; defaultPath?: string }): Promise<string | null> {
    return this.open({ ...options, properties: ['openDirectory', 'createDirectory'] });
  }

  private async open(opts: OpenDialogOptions): Promise<string | null> {
    const win = this.window();
    const result = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
}
