/**
 * "Start at login" on Linux, where Electron's setLoginItemSettings does nothing: an XDG autostart entry
 * (~/.config/autostart/mybucks.desktop) that starts MyBucks in the background.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function autostartFile(configDir: string): string {
  return path.join(configDir, 'autostart', 'mybucks.desktop');
}

/** `executable` is what the desktop session runs (an AppImage's own path, not its mount point). */
export function setLinuxAutostart(configDir: string, executable: string, on: boolean): void {
  const file = autostartFile(configDir);
  if (!on) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const quoted = `"${executable.replace(/(["`$\\])/g, '\\$1')}"`;
  writeFileSync(file, ['[Desktop Entry]', 'Type=Application', 'Name=MyBucks', `Exec=${quoted} --background`, 'X-GNOME-Autostart-enabled=true', ''].join('\n'));
}
