/**
 * RFC 8252 §7.1 private-use URI scheme redirects, for banks that refuse loopback redirects:
 * `com.mybucks.app:/oauth/callback/<provider>` (the reverse of a domain MyBucks controls, one slash as the
 * RFC asks). The operating system hands such a URL to the desktop app (macOS `open-url`, Windows/Linux a
 * second instance's argv); the shell passes it to `deliver`. Each waiting link is one-shot and keyed by
 * its `state`: a URL with an unknown state, for another bank, or after the link ended is refused, as
 * the loopback listener refuses it. The link then makes exactly the checks the loopback path makes.
 */
import type { Logger } from '../ports';
import type { CallbackPage, LoopbackEnd, LoopbackListener } from './loopback';

export const PRIVATE_USE_SCHEME = 'com.mybucks.app';
const CALLBACK_PATH = '/oauth/callback/';

export function privateUseRedirectUri(providerId: string): string {
  return `${PRIVATE_USE_SCHEME}:${CALLBACK_PATH}${encodeURIComponent(providerId)}`;
}

/** The first argument that is a MyBucks redirect (a second instance started by the OS gets it in argv). */
export function findRedirectArg(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.startsWith(`${PRIVATE_USE_SCHEME}:`)) ?? null;
}

/** What became of a delivered URL: handed to its link, or refused (and why, for the log and the tests). */
export type RedirectDelivery = 'handled' | 'not-a-callback' | 'unknown-state';

export interface WaitOptions {
  providerId: string;
  expectedState: string;
  timeoutMs: number;
  onCallback: (callbackUrl: URL) => Promise<CallbackPage>;
}

interface Waiter {
  providerId: string;
  onCallback: (callbackUrl: URL) => Promise<CallbackPage>;
  end: (end: LoopbackEnd) => void;
}

export class PrivateUseRedirects {
  private readonly waiting = new Map<string, Waiter>();

  constructor(private readonly logger: Logger) {}

  /** Waits for one redirect carrying `expectedState`; the same shape as a loopback listener. */
  wait(options: WaitOptions): LoopbackListener {
    let endWith: (end: LoopbackEnd) => void = () => {};
    const done = new Promise<LoopbackEnd>((resolve) => (endWith = resolve));
    const timer = setTimeout(() => end('timeout'), options.timeoutMs);
    timer.unref();
    const end = (reason: LoopbackEnd) => {
      clearTimeout(timer);
      // A link whose callback is being handled has already left the map; only that answer ends it.
      if (reason !== 'handled' && this.waiting.get(options.expectedState) !== waiter) return;
      this.waiting.delete(options.expectedState);
      endWith(reason);
    };
    const waiter: Waiter = { providerId: options.providerId, onCallback: options.onCallback, end };
    this.waiting.set(options.expectedState, waiter);
    return { redirectUri: privateUseRedirectUri(options.providerId), done, close: async () => end('cancelled') };
  }

  async deliver(rawUrl: string): Promise<RedirectDelivery> {
    const url = URL.parse(rawUrl);
    const providerId = url && url.protocol === `${PRIVATE_USE_SCHEME}:` && url.host === '' ? providerOf(url.pathname) : null;
    if (!url || !providerId) {
      this.logger.warn('a private-use URL that is not a sign-in callback was ignored', { url: rawUrl });
      return 'not-a-callback';
    }
    const state = url.searchParams.get('state') ?? '';
    const waiter = this.waiting.get(state);
    if (!waiter || waiter.providerId !== providerId) {
      this.logger.warn('private-use callback with an unknown state ignored', { providerId });
      return 'unknown-state';
    }
    this.waiting.delete(state);
    try {
      await waiter.onCallback(url);
    } finally {
      waiter.end('handled');
    }
    return 'handled';
  }
}

function providerOf(pathname: string): string | null {
  if (!pathname.startsWith(CALLBACK_PATH)) return null;
  try {
    return decodeURIComponent(pathname.slice(CALLBACK_PATH.length)) || null;
  } catch {
    return null;
  }
}
