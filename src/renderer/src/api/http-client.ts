import type { AppEvent, ApiErrorBody, MyBucksApi } from '../../../shared/contract';
import {
  BRIDGE_API_PREFIX,
  BRIDGE_EVENTS_PATH,
  BRIDGE_SECRET_HASH_PARAM,
  BRIDGE_SECRET_HEADER,
} from '../../../shared/bridge';
import { ApiError } from './errors';

const SECRET_STORAGE_KEY = 'mybucks.bridgeSecret';

/**
 * Takes the per-run secret from `#secret=…` (once), keeps it in sessionStorage and removes it from the
 * address bar so it is not bookmarked or shown.
 */
export function takeBridgeSecret(win: Window = window): string | null {
  const hash = win.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash);
  const fromHash = params.get(BRIDGE_SECRET_HASH_PARAM);
  if (fromHash) {
    win.sessionStorage.setItem(SECRET_STORAGE_KEY, fromHash);
    const url = new URL(win.location.href);
    url.hash = '';
    win.history.replaceState(null, '', url.pathname + url.search);
    return fromHash;
  }
  return win.sessionStorage.getItem(SECRET_STORAGE_KEY);
}

function isErrorBody(value: unknown): value is { error: ApiErrorBody } {
  return typeof value === 'object' && value !== null && 'error' in value && typeof (value as { error: unknown }).error === 'object';
}

export interface HttpClientOptions {
  baseUrl?: string;
  secret: string | null;
  fetch?: typeof fetch;
  /** Delay before reconnecting the event stream after it drops. */
  reconnectDelayMs?: number;
}

/** Parses server-sent-event text: returns complete events' data and the unfinished rest. */
export function parseSseChunk(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) events.push(data);
  }
  return { events, rest };
}

/** The contract spoken over the browser-mode HTTP bridge (see src/shared/bridge.ts). */
export function createHttpClient(options: HttpClientOptions): MyBucksApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const reconnectDelayMs = options.reconnectDelayMs ?? 1500;
  const headers = (): Record<string, string> =>
    options.secret ? { [BRIDGE_SECRET_HEADER]: options.secret } : {};

  async function call(method: string, input: unknown): Promise<unknown> {
    const res = await doFetch(`${baseUrl}${BRIDGE_API_PREFIX}${method}`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's error page, say): handled by the status below
    }
    if (!res.ok) {
      if (isErrorBody(body)) throw new ApiError(body.error);
      if (res.status === 403) {
        throw new ApiError({
          code: 'internal',
          message: 'MyBucks refused this page (403). Open MyBucks again from the link printed by `npm start`.',
        });
      }
      throw new ApiError({ code: 'internal', message: `MyBucks answered ${res.status}. Try again in a moment.` });
    }
    return (body as { result?: unknown } | undefined)?.result;
  }

  const listeners = new Set<(event: AppEvent) => void>();
  let stream: AbortController | null = null;

  async function runEventStream(controller: AbortController): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        const res = await doFetch(`${baseUrl}${BRIDGE_EVENTS_PATH}`, { headers: headers(), signal: controller.signal });
        if (res.ok && res.body) {
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseSseChunk(buffer + value);
            buffer = parsed.rest;
            for (const data of parsed.events) {
              let event: AppEvent;
              try {
                event = JSON.parse(data) as AppEvent;
              } catch {
                continue;
              }
              for (const listener of [...listeners]) listener(event);
            }
          }
        }
      } catch {
        // dropped or refused: reconnect below unless we were stopped
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs));
    }
  }

  function onEvent(listener: (event: AppEvent) => void): () => void {
    listeners.add(listener);
    if (!stream) {
      stream = new AbortController();
      void runEventStream(stream);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stream) {
        stream.abort();
        stream = null;
      }
    };
  }

  return new Proxy({ onEvent } as MyBucksApi, {
    get(target, prop) {
      if (prop === 'onEvent') return target.onEvent;
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (input?: unknown) => call(prop, input);
    },
  });
}
