/** The desktop app's own settings: keep syncing in the background when the window closes, start at login (off). */
import type { DesktopSettingsDTO } from '../../../shared/dto';
import type { SettingsStore } from '../ports';

const KEY = 'desktop';
export const DEFAULT_DESKTOP_SETTINGS: DesktopSettingsDTO = { runInBackground: true, startAtLogin: false };

export function createDesktopSettings(store: SettingsStore, onChange?: (settings: DesktopSettingsDTO) => void) {
  function get(): DesktopSettingsDTO {
    return { ...DEFAULT_DESKTOP_SETTINGS, ...store.get<Partial<DesktopSettingsDTO>>(KEY) };
  }
  function set(change: Partial<DesktopSettingsDTO>): DesktopSettingsDTO {
    const next = get();
    for (const key of Object.keys(DEFAULT_DESKTOP_SETTINGS) as (keyof DesktopSettingsDTO)[]) {
      if (typeof change[key] === 'boolean') next[key] = change[key];
    }
    store.set(KEY, next);
    onChange?.(next);
    return next;
  }
  return { get, set };
}
