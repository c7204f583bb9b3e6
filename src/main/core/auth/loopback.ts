/**
 * The one-shot loopback redirect listener of RFC 8252 §7.3: `http://127.0.0.1:<ephemeral>/cb/<provider>`,
 * bound to 127.0.0.1 only, open for one authorization request. A callback whose `state` is not the one
 * expected gets a 400 page and the listener keeps waiting; the first callback with the right `state` is
 * handed to `onCallback`, its answer is shown in the browser tab, and the listener closes. It also closes
 * on timeout or `close()`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../ports';

export interface CallbackPage {
  status: number;
  title: string;
  message: string;
}

export type LoopbackEnd = 'handled' | 'timeout' | 'cancelled';

export interface LoopbackOptions {
  providerId: string;
  expectedState: string;
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Handles the callback that carries the expected `state`; its answer is the page the user sees. */
  onCallback: (callbackUrl: URL) => Promise<CallbackPage>;
  logger: Logger;
  /** Ports to try in order, for banks that match the registered port exactly; an ephemeral port when absent. */
  ports?: number[];
}

/** Every port registered for a bank is taken by another program (message for the user). */
export class LoopbackPortsBusyError extends Error {
  override readonly name = 'LoopbackPortsBusyError';
}

export interface LoopbackListener {
  redirectUri: string;
  /** Settles once the listener has closed, saying why. */
  done: Promise<LoopbackEnd>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

export function callbackPath(providerId: string): string {
  return `/cb/${encodeURIComponent(providerId)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderPage(page: CallbackPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MyBucks – ${escapeHtml(page.title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f5f6f8;color:#1d2330}
main{background:#fff;padding:2rem 2.5rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:32rem}h1{font-size:1.4rem;margin:0 0 .5rem}</style>
</head><body><main><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></main></body></html>`;
}

function send(res: http.ServerResponse, page: CallbackPage): void {
  res.writeHead(page.status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  res.end(renderPage(page));
}

async function listenOnFirstFree(server: http.Server, ports: number[]): Promise<void> {
  for (const port of ports) {
    const bound = await new Promise<boolean>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err));
      server.once('error', onError);
      server.listen(port, HOST, () => {
        server.off('error', onError);
        resolve(true);
      });
    });
    if (bound) return;
  }
  throw new LoopbackPortsBusyError(`every port MyBucks registered with the bank (${ports.join(', ')}) is in use by another program`);
}

export async function openLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  const { providerId, expectedState, logger } = options;
  const path = callbackPath(providerId);
  let handling = false;
  let finished = false;
  let endWith: (end: LoopbackEnd) => void = () => {};
  const done = new Promise<LoopbackEnd>((resolve) => (endWith = resolve));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (req.method !== 'GET' || url.pathname !== path) {
      send(res, { status: 404, title: 'Not found', message: 'MyBucks is not expecting anything at this address.' });
      return;
    }
    if (handling || finished) {
      send(res, { status: 409, title: 'Already handled', message: 'MyBucks has already received this sign-in. You can close this tab.' });
      return;
    }
    if (url.searchParams.get('state') !== expectedState) {
      logger.warn('loopback callback with an unknown state ignored', { providerId });
      send(res, {
        status: 400,
        title: 'Unexpected sign-in response',
        message: 'This response does not belong to a sign-in MyBucks started, so it was ignored. Return to MyBucks and try again.',
      });
      return;
    }
    handling = true;
    const callbackUrl = new URL(`${redirectUri}${url.search}`);
    options
      .onCallback(callbackUrl)
      .catch((err: unknown) => {
        logger.error('loopback callback handler failed', { providerId, err });
        return { status: 500, title: 'Something went wrong', message: 'MyBucks could not finish linking. Return to MyBucks and try again.' };
      })
      .then((page) => {
        res.once('finish', () => void finish('handled'));
        send(res, page);
      });
  });

  await listenOnFirstFree(server, options.ports ?? [0]);
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://${HOST}:${port}${path}`;
  const timer = setTimeout(() => void finish('timeout'), options.timeoutMs);
  timer.unref();

  async function finish(end: LoopbackEnd): Promise<void> {
    // Once the real callback is being handled, only its answer ends the listener.
    if (finished || (handling && end !== 'handled')) return;
    finished = true;
    clearTimeout(timer);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    logger.debug('loopback listener closed', { providerId, end });
    endWith(end);
  }

  return { redirectUri, done, close: () => finish('cancelled') };
}
