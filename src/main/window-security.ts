/**
 * The security rules every MyBucks window gets (Electron security checklist): locked-down
 * webPreferences, no navigation or redirect away from our own origin, no new windows, no <webview>,
 * every permission denied but clipboard writes from our own page. Written against structural types so it is tested without Electron.
 */
import { originOf } from './app-origin';

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}

interface Cancellable {
  preventDefault(): void;
}

export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Cancellable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Cancellable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardOptions {
  /** Origins the window may show (our `app://mybucks`, or the dev server). */
  allowedOrigins: readonly string[];
  /** Called with every `window.open`/target=_blank URL; the shell re-opens known bank URLs externally. */
  onExternalRequest?: (url: string) => void;
}

export function guardWebContents(contents: GuardedWebContents, options: GuardOptions): void {
  const allowed = new Set(options.allowedOrigins);
  const stayHome = (event: Cancellable, url: string) => {
    const origin = originOf(url);
    if (origin === null || !allowed.has(origin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    options.onExternalRequest?.(url);
    return { action: 'deny' };
  });
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean): void;
}

/** The one browser permission MyBucks uses: writing to the clipboard ("Copy link" in the link flow). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Denies every permission (camera, notifications, clipboard read, …) except the above, and only to our origins. */
export function restrictPermissions(session: GuardedSession, allowedOrigins: readonly string[]): void {
  const origins = new Set(allowedOrigins);
  const fromUs = (url: string | undefined) => {
    const origin = url ? originOf(url) : null;
    return origin !== null && origins.has(origin);
  };
  session.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(ALLOWED_PERMISSIONS.has(permission) && fromUs(details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    ALLOWED_PERMISSIONS.has(permission) && fromUs(requestingOrigin),
  );
}
