import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../src/shared/contract';
import { ApiError, errorMessage } from '../../src/renderer/src/api/errors';
import { createHttpClient, parseSseChunk, takeBridgeSecret } from '../../src/renderer/src/api/http-client';

afterEach(() => {
  sessionStorage.clear();
});

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('HTTP bridge client', () => {
  it('POSTs each call to /api/<method> with the secret header and returns the result', async () => {
    const fetchFn = vi.fn(async () => json(200, { result: [{ id: 'memorial' }] }));
    const api = createHttpClient({ secret: 's3cret', fetch: fetchFn as typeof fetch });
    await expect(api.listProviders()).resolves.toEqual([{ id: 'memorial' }]);
    await api.syncNow({ connectionId: 'c1' });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/listProviders');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['x-mybucks-secret']).toBe('s3cret');
    expect(init.body).toBe('');
    const [url2, init2] = fetchFn.mock.calls[1] as unknown as [string, RequestInit];
    expect(url2).toBe('/api/syncNow');
    expect(JSON.parse(init2.body as string)).toEqual({ connectionId: 'c1' });
  });

  it('turns an error body into an ApiError with its code and message', async () => {
    const fetchFn = vi.fn(async () => json(409, { error: { code: 'needs_reauth', message: 'Memorial Bank needs you to sign in again.' } }));
    const api = createHttpClient({ secret: 's', fetch: fetchFn as typeof fetch });
    const err = await api.syncNow({ connectionId: 'c1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('needs_reauth');
    expect(errorMessage(err)).toBe('Memorial Bank needs you to sign in again.');
  });

  it('explains a 403 without a body and a network failure', async () => {
    const api = createHttpClient({ secret: 's', fetch: (async () => new Response('nope', { status: 403 })) as typeof fetch });
    expect(errorMessage(await api.listConnections().catch((e: unknown) => e))).toMatch(/refused this page \(403\)/);
    const down = createHttpClient({ secret: 's', fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    expect(errorMessage(await down.listConnections().catch((e: unknown) => e))).toMatch(/could not reach its background service/);
  });

  it('streams events from /api/events and reconnects after the stream ends', async () => {
    const enc = new TextEncoder();
    const first: AppEvent = { type: 'connections-changed' };
    const second: AppEvent = { type: 'sync-finished', connectionId: 'c1', outcome: 'ok', error: null };
    let opened = 0;
    const fetchFn = vi.fn(async (_url: string, init: RequestInit) => {
      opened++;
      expect((init.headers as Record<string, string>)['x-mybucks-secret']).toBe('s');
      const text = opened === 1 ? `data: ${JSON.stringify(first)}\n\ndata: ${JSON.stringify(second).slice(0, 10)}` : `data: ${JSON.stringify(second)}\n\n`;
      const chunks = opened === 1 ? [text, `${JSON.stringify(second).slice(10)}\n\n`] : [text];
      if (opened > 2) return new Promise<Response>(() => {});
      return new Response(new ReadableStream({ start(c) { for (const ch of chunks) c.enqueue(enc.encode(ch)); c.close(); } }), { status: 200 });
    });
    const api = createHttpClient({ secret: 's', fetch: fetchFn as unknown as typeof fetch, reconnectDelayMs: 5 });
    const seen: AppEvent[] = [];
    const stop = api.onEvent((e) => seen.push(e));
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    expect(seen).toEqual([first, second, second]);
    expect(fetchFn.mock.calls[0][0]).toBe('/api/events');
    stop();
  });

  it('parses SSE blocks and keeps the unfinished rest', () => {
    expect(parseSseChunk('data: {"a":1}\n\n: comment\n\ndata: {"b"')).toEqual({ events: ['{"a":1}'], rest: 'data: {"b"' });
  });

  it('takes the secret from the address bar once and keeps it in sessionStorage', () => {
    history.replaceState(null, '', '/index.html#secret=abc123');
    expect(takeBridgeSecret()).toBe('abc123');
    expect(location.hash).toBe('');
    expect(location.href).not.toContain('abc123');
    expect(takeBridgeSecret()).toBe('abc123');
  });
});
