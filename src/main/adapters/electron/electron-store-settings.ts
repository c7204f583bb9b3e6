/** SettingsStore on electron-store 11 (conf + Electron's userData path). Keys are flat, not dot paths. */
import Store from 'electron-store';
import type { SettingsStore } from '../../core/ports';

export class ElectronStoreSettings implements SettingsStore {
  private readonly store: Store<Record<string, unknown>>;

  /** `cwd` defaults to Electron's userData directory. */
  constructor(opts: { name?: string; cwd?: string } = {}) {
    this.store = new Store<Record<string, unknown>>({
      name: opts.name ?? 'settings',
      cwd: opts.cwd,
      accessPropertiesByDotNotation: false,
    });
  }

  get<T>(key: string): T | undefined {
    return this.store.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    if (value === undefined) this.store.delete(key);
    else this.store.set(key, value);
  }

  delete(key: string): void {
    this.store.delete(key);
  }
}
