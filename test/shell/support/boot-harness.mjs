/**
 * Runs a built main bundle in plain Node with `electron` resolved to the fake, and lets the parent test
 * drive it by messages: { id, cmd, args } → { id, value } or { id, error }.
 * argv: <fake electron .cjs> <main bundle .js>
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { registerFakeElectron } from './register-fake-electron.mjs';

const [fakePath, bundlePath] = process.argv.slice(2);
const electron = registerFakeElectron(fakePath);
const { app, BrowserWindow, ipcMain, protocol, session } = electron;

process.on('uncaughtException', (error) => crash(error));
process.on('unhandledRejection', (error) => crash(error));
function crash(error) {
  process.send({ crash: String(error?.stack ?? error) }, () => process.exit(1));
}

async function until(condition, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (app.quit called: ${app.quitCalled})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const commands = {
  async boot({ userData }) {
    app.setPath('userData', userData);
    await import(pathToFileURL(bundlePath).href);
    return {
      privileged: protocol.privileged,
      secondInstanceListeners: app.listenerCount('second-instance'),
      userModelId: app.userModelId,
    };
  },
  async ready() {
    app.__ready();
    await until(() => BrowserWindow.getAllWindows().length > 0, 'the window');
    const [win] = BrowserWindow.getAllWindows();
    const contents = win.webContents;
    return {
      windows: BrowserWindow.getAllWindows().length,
      loadedUrl: win.loadedUrl,
      webPreferences: win.webPreferences,
      navigateAwayPrevented: contents.__fire('will-navigate', 'https://evil.example/'),
      navigateHomePrevented: contents.__fire('will-navigate', 'app://mybucks/index.html#/settings'),
      redirectAwayPrevented: contents.__fire('will-redirect', 'http://127.0.0.1:9/steal'),
      webviewPrevented: contents.__fire('will-attach-webview'),
      windowOpen: contents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null,
      cameraGranted: await session.defaultSession.__request('media'),
      appHandler: protocol.handlers.has('app'),
    };
  },
  async fetch({ url, method = 'GET' }) {
    const response = await protocol.handlers.get('app')(new Request(url, { method }));
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text: (response.headers.get('content-type') ?? '').startsWith('text/html') ? body.toString('utf8') : null,
      sha256: createHash('sha256').update(body).digest('hex'),
    };
  },
  async invoke({ channel, senderUrl, input }) {
    try {
      return { reply: await ipcMain.__invoke(channel, senderUrl, input) };
    } catch (error) {
      return { thrown: String(error?.message ?? error) };
    }
  },
  async quit() {
    let prevented = false;
    app.emit('will-quit', { preventDefault: () => (prevented = true) });
    await until(() => app.quitCalled, 'app.quit()');
    return { prevented, quitCalled: app.quitCalled };
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    process.send({ id, value: await commands[cmd](args ?? {}) });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.send({ started: true });
