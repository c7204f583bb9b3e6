/** The shell's part of RFC 8252 §7.1 redirects: scheme registration and the OS events that carry the URL. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, __resetDesktopFakes, __resetFakeElectron, app, desktop } from '../fakes/electron';
import { recordingService } from '../fakes/service';

const core = vi.hoisted(() => ({ received: [] as string[] }));
vi.mock('../../src/main/core/service', () => ({
  createService: () => ({
    service: recordingService().service,
    events: { on: () => () => {} },
    windowEvents: { on: () => () => {} },
    desktopSettings: () => ({ runInBackground: false, startAtLogin: false }),
    isBankPage: () => false,
    receiveRedirect: async (url: string) => {
      core.received.push(url);
      return 'handled';
    },
    close: async () => {},
  }),
}));

const REDIRECT = 'com.mybucks.app:/oauth/callback/northwind?code=abc&state=s1&iss=x';

beforeAll(async () => {
  __resetFakeElectron();
  __resetDesktopFakes();
  process.env.MYBUCKS_MOCK_BANK = 'off';
  await import('../../src/main/electron-main');
});

describe('private-use scheme redirects in the shell', () => {
  it('registers com.mybucks.app with the OS at start-up', () => {
    expect(desktop.protocolClients.map((c) => c.scheme)).toEqual(['com.mybucks.app']);
  });

  it('ignores a redirect that arrives before the core runs (no link can be waiting)', () => {
    app.emit('open-url', { preventDefault: () => {} }, REDIRECT);
    expect(core.received).toEqual([]);
  });

  it('hands the core a URL from open-url (macOS), taking the event, and brings the window forward', async () => {
    app.__ready();
    await vi.waitFor(() => expect(BrowserWindow.getAllWindows()).toHaveLength(1));
    const [win] = BrowserWindow.getAllWindows();
    const before = win.focused;
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, REDIRECT);
    expect(prevented).toBe(true);
    expect(core.received).toEqual([REDIRECT]);
    expect(win.focused).toBe(before + 1);
  });

  it('hands the core the URL in a second instance’s argv (Windows, Linux), and only such a URL', () => {
    core.received.length = 0;
    app.emit('second-instance', {}, ['/opt/MyBucks/mybucks', '--no-sandbox'], '/');
    expect(core.received).toEqual([]);
    app.emit('second-instance', {}, ['/opt/MyBucks/mybucks', REDIRECT], '/');
    expect(core.received).toEqual([REDIRECT]);
  });
});
