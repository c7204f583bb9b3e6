/**
 * The native menu with the usual shortcuts: Sync now (Cmd/Ctrl+R, which also keeps Chromium's reload off
 * that key), Find (Cmd/Ctrl+F), Settings (Cmd/Ctrl+,). Commands go to the renderer as `menu-command`
 * events. Plain data in Electron's MenuItemConstructorOptions shape, so it is tested without Electron.
 */
import type { MenuCommand } from '../shared/dto';

export interface MenuItemSpec {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export function appMenuTemplate(options: { platform: NodeJS.Platform; appName: string; command: (command: MenuCommand) => void }): MenuItemSpec[] {
  const { platform, appName, command } = options;
  const mac = platform === 'darwin';
  const separator: MenuItemSpec = { type: 'separator' };
  const settings: MenuItemSpec = { label: mac ? 'Settings…' : 'Settings', accelerator: 'CmdOrCtrl+,', click: () => command('settings') };
  const syncNow: MenuItemSpec = { label: 'Sync now', accelerator: 'CmdOrCtrl+R', click: () => command('sync-now') };
  const find: MenuItemSpec = { label: 'Find transactions…', accelerator: 'CmdOrCtrl+F', click: () => command('search') };
  return [
    ...(mac
      ? [{ label: appName, submenu: [{ role: 'about' }, separator, settings, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }] }]
      : []),
    { label: 'File', submenu: mac ? [syncNow, separator, { role: 'close' }] : [syncNow, settings, separator, { role: 'quit' }] },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }, separator, find] },
    { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, separator, { role: 'togglefullscreen' }] },
    { label: 'Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
