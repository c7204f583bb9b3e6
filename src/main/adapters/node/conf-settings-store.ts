/** SettingsStore on `conf`: one JSON file, written atomically (temp file + rename), mode 0600. */
import Conf from 'conf';
import type { SettingsStore } from '../../core/ports';

export interface ConfSettingsStoreOptions {
  /** Directory of the settings file (the app's data directory). */
  dir: string;
  /** File name without extension (default `settings`). */
  name?: string;
}

export class ConfSettingsStore implements SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(options: ConfSettingsStoreOptions) {
    this.conf = new Conf<Record<string, unknown>>({
      cwd: options.dir,
      configName: options.name ?? 'settings',
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
  }

  get path(): string {
    return this.conf.path;
  }

  get<T>(key: string): T | undefined {
    return this.conf.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.conf.set(key, value);
  }

  delete(key: string): void {
    this.conf.delete(key);
  }
}
