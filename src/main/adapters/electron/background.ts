/**
 * Running with the window closed: a tray icon on Windows and Linux (macOS keeps its dock icon and
 * re-opens the window on `activate`), and "start at login" through the OS.
 */
import { Menu, Tray, app, nativeImage } from 'electron';
import { setLinuxAutostart } from '../../linux-autostart';

export interface TrayActions {
  open(): void;
  syncNow(): void;
  quit(): void;
}

export class TrayPresence {
  private tray: Tray | null = null;

  constructor(
    private readonly iconPath: string,
    private readonly actions: TrayActions,
  ) {}

  /** Shows the icon while MyBucks keeps running in the background, removes it otherwise. */
  update(runInBackground: boolean): void {
    if (process.platform === 'darwin') return;
    if (runInBackground && !this.tray) {
      const tray = new Tray(nativeImage.createFromPath(this.iconPath).resize({ width: 16, height: 16 }));
      tray.setToolTip('MyBucks keeps your banks synced in the background');
      tray.setContextMenu(
        Menu.buildFromTemplate([
          { label: 'Open MyBucks', click: () => this.actions.open() },
          { label: 'Sync now', click: () => this.actions.syncNow() },
          { type: 'separator' },
          { label: 'Quit MyBucks', click: () => this.actions.quit() },
        ]),
      );
      tray.on('click', () => this.actions.open());
      this.tray = tray;
    } else if (!runInBackground && this.tray) {
      this.tray.destroy();
      this.tray = null;
    }
  }
}

/** Starts MyBucks in the background when the user signs in (Linux: an XDG autostart entry). */
export function applyStartAtLogin(on: boolean): void {
  if (process.platform === 'linux') setLinuxAutostart(app.getPath('appData'), process.env.APPIMAGE ?? process.execPath, on);
  else app.setLoginItemSettings({ openAtLogin: on, args: ['--background'] });
}
