/**
 * What the core needs from its host. Electron provides these through src/main/adapters/electron,
 * browser mode and tests through src/main/adapters/node. The core never imports `electron`.
 */

/** Encrypts secrets (refresh tokens, DPoP private keys) before they are persisted. */
export interface SecretCipher {
  /** Short name shown to the user, e.g. "OS keychain (libsecret)" or "AES-256-GCM key file". */
  readonly kind: string;
  /** One plain sentence: what this protection does and does not defend against. */
  readonly protectsAgainst: string;
  /** Whether secrets may be persisted; `reason` says why not (e.g. Linux `basic_text` backend). */
  availability(): Promise<{ ok: true } | { ok: false; reason: string }>;
  encrypt(plaintext: string): Promise<Buffer>;
  decrypt(ciphertext: Buffer): Promise<string>;
}

/** Small key/value persistence (electron-store in Electron, conf in Node). Writes are atomic. */
export interface SettingsStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Opens a URL in the user's own browser (never inside the app: RFC 8252 §8.12). */
export interface UrlOpener {
  open(url: string): Promise<void>;
}

/** A file type offered in a file dialog, e.g. `{ name: 'MyBucks backup', extensions: ['sqlite'] }`. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

/**
 * Native file dialogs (Electron's `dialog`). Each resolves with the path the user picked, or null when they
 * cancelled or where there are no dialogs (browser mode: the renderer then lets the user type a path).
 */
export interface FileDialogs {
  chooseSaveFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>;
  chooseOpenFile(options: { title: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>;
  chooseFolder(options: { title: string; defaultPath?: string }): Promise<string | null>;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const systemClock: Clock = { now: () => Date.now() };
