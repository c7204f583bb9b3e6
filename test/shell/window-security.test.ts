import { beforeEach, describe, expect, it } from 'vitest';
import { BrowserWindow, __resetFakeElectron, session } from '../fakes/electron';
import { guardWebContents, restrictPermissions, secureWebPreferences } from '../../src/main/window-security';

beforeEach(() => __resetFakeElectron());

describe('window security', () => {
  it('locks down webPreferences with a CommonJS preload', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs.preload).toMatch(/\.cjs$/);
  });

  it('keeps navigation and redirects on our own origin', () => {
    const win = new BrowserWindow({ webPreferences: secureWebPreferences('p.cjs') });
    guardWebContents(win.webContents, { allowedOrigins: ['app://mybucks'] });
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(win.webContents.__fire(event, 'app://mybucks/index.html#/transactions')).toBe(false);
      expect(win.webContents.__fire(event, 'https://evil.example/')).toBe(true);
      expect(win.webContents.__fire(event, 'app://mybucks.evil.example/')).toBe(true);
      expect(win.webContents.__fire(event, 'file:///etc/passwd')).toBe(true);
      expect(win.webContents.__fire(event, 'javascript:alert(1)')).toBe(true);
    }
  });

  it('denies every new window and webview, passing the URL to the external-link hook', () => {
    const win = new BrowserWindow();
    const asked: string[] = [];
    guardWebContents(win.webContents, { allowedOrigins: ['app://mybucks'], onExternalRequest: (u) => asked.push(u) });
    expect(win.webContents.windowOpenHandler!({ url: 'https://bank.example/authorize' })).toEqual({ action: 'deny' });
    expect(win.webContents.windowOpenHandler!({ url: 'app://mybucks/index.html' })).toEqual({ action: 'deny' });
    expect(asked).toEqual(['https://bank.example/authorize', 'app://mybucks/index.html']);
    expect(win.webContents.__fire('will-attach-webview')).toBe(true);
  });

  it('denies every permission except clipboard writes from our own origin', async () => {
    const s = session.defaultSession;
    expect(await s.__request('media')).toBe(true); // Electron's default, before hardening
    restrictPermissions(s, ['app://mybucks']);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(await s.__request(permission)).toBe(false);
    }
    expect(await s.__request('clipboard-sanitized-write')).toBe(true);
    expect(await s.__request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(s.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'app://mybucks', {})).toBe(true);
    expect(s.permissionCheckHandler!({}, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false);
    expect(s.permissionCheckHandler!({}, 'media', 'app://mybucks', {})).toBe(false);
  });
});
